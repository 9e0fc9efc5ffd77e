"""Invoicing tables (docs/invoicing.md, docs/adr/0026-invoicing-cfdi.md), on the same ``metadata``.

``cfdi_issuers`` holds one row per tenant: its CSD (certificate DER, private key encrypted with the
installation's key) and issuer data. ``cfdi_documents`` is the stamping queue and the archive: the sealed
XML is stored before the PAC is called, the stamped one once stamped. ``cfdi_sales`` links a CFDI to the
sales it covers (one for an invoice, many for a global invoice). Keyed ``(tenant_id, ...)`` (ADR 15).
Local dates as SAT writes them (``Fecha``, ``FechaTimbrado``) are kept as their text.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from nexus_adapters.persistence.tables import id_column, metadata
from nexus_adapters.persistence.tables import tenant_id_column as _tenant_id
from nexus_adapters.persistence.types import Cents, Id, UtcDateTime, amount_bound_checks, integer_checks

CFDI_AMOUNTS = ("subtotal", "descuento", "tax", "total")
PAYMENT_DOC_AMOUNTS = ("saldo_anterior", "pagado", "saldo_insoluto")
CFDI_STATES = ("pending", "stamped", "error", "cancellation_pending", "cancelled")


cfdi_issuers = Table(
    "cfdi_issuers",
    metadata,
    _tenant_id(),
    Column("rfc", String(13), nullable=False),
    Column("legal_name", String(300), nullable=False),
    Column("regimen_fiscal", String(3), nullable=False),
    Column("codigo_postal", String(5), nullable=False),
    Column("serie", String(5), nullable=False),
    Column("no_certificado", String(20), nullable=False),
    Column("valid_from", UtcDateTime(), nullable=False),
    Column("valid_to", UtcDateTime(), nullable=False),
    Column("certificate", LargeBinary, nullable=False),
    Column("encrypted_key", LargeBinary, nullable=False),
    PrimaryKeyConstraint("tenant_id"),
)

cfdi_documents = Table(
    "cfdi_documents",
    metadata,
    id_column("cfdi_documents"),
    _tenant_id(),
    Column("kind", String(10), nullable=False),
    Column("serie", String(5), nullable=False),
    Column("folio", String(20), nullable=False),
    Column("fecha", String(19), nullable=False),
    Column("emisor_rfc", String(13), nullable=False),
    Column("receptor_rfc", String(13), nullable=False),
    Column("receptor_name", String(300), nullable=False),
    *(Column(name, Cents(), nullable=False) for name in CFDI_AMOUNTS),
    Column("xml", Text, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("status", String(20), nullable=False),
    Column("replaces_id", Id),
    Column("uuid", String(36)),
    Column("stamped_xml", Text),
    Column("stamped_at", String(19)),
    Column("error_code", String(20)),
    Column("error_message", String(500)),
    Column("attempts", Integer, nullable=False),
    Column("claimed_until", UtcDateTime()),
    Column("cancel_motive", String(2)),
    Column("cancel_replacement_uuid", String(36)),
    Column("cancelled_at", UtcDateTime()),
    Column("metodo_pago", String(3)),  # PUE or PPD of an ingreso (migration 0018)
    PrimaryKeyConstraint("tenant_id", "id"),
    UniqueConstraint("tenant_id", "serie", "folio"),
    UniqueConstraint("tenant_id", "uuid"),
    ForeignKeyConstraint(["tenant_id", "replaces_id"], ["cfdi_documents.tenant_id", "cfdi_documents.id"]),
    CheckConstraint("status IN ('pending', 'stamped', 'error', 'cancellation_pending', 'cancelled')", name="status"),
    CheckConstraint("kind IN ('invoice', 'global', 'payment')", name="kind"),
    CheckConstraint("status IN ('pending', 'error') OR uuid IS NOT NULL", name="stamped_has_uuid"),
    *amount_bound_checks(*CFDI_AMOUNTS),
    *integer_checks(*CFDI_AMOUNTS),
    Index("ix_cfdi_documents_tenant_id_status_id", "tenant_id", "status", "id"),
)

cfdi_sales = Table(
    "cfdi_sales",
    metadata,
    _tenant_id(),
    Column("cfdi_id", Id, nullable=False),
    Column("sale_id", Id, nullable=False),
    PrimaryKeyConstraint("tenant_id", "cfdi_id", "sale_id"),
    ForeignKeyConstraint(["tenant_id", "cfdi_id"], ["cfdi_documents.tenant_id", "cfdi_documents.id"]),
    ForeignKeyConstraint(["tenant_id", "sale_id"], ["sales.tenant_id", "sales.id"]),
    Index("ix_cfdi_sales_tenant_id_sale_id", "tenant_id", "sale_id"),
)

# The global invoice reads a period's sales by business date through the sales list's index
# (tenant_id, business_date, id) of migration 0011.

# A payment complement (CFDI tipo P) and the PPD invoice, sale and customer payment it documents (0018).
cfdi_payment_docs = Table(
    "cfdi_payment_docs",
    metadata,
    _tenant_id(),
    Column("complement_id", Id, nullable=False),
    Column("invoice_id", Id, nullable=False),
    Column("sale_id", Id, nullable=False),
    Column("payment_id", Id, nullable=False),
    Column("num_parcialidad", Integer, nullable=False),
    *(Column(name, Cents(), nullable=False) for name in PAYMENT_DOC_AMOUNTS),
    PrimaryKeyConstraint("tenant_id", "complement_id", "invoice_id"),
    ForeignKeyConstraint(["tenant_id", "complement_id"], ["cfdi_documents.tenant_id", "cfdi_documents.id"]),
    ForeignKeyConstraint(["tenant_id", "invoice_id"], ["cfdi_documents.tenant_id", "cfdi_documents.id"]),
    ForeignKeyConstraint(["tenant_id", "sale_id"], ["sales.tenant_id", "sales.id"]),
    ForeignKeyConstraint(["tenant_id", "payment_id"], ["customer_payments.tenant_id", "customer_payments.id"]),
    CheckConstraint("num_parcialidad > 0", name="num_parcialidad"),
    *amount_bound_checks(*PAYMENT_DOC_AMOUNTS),
    *integer_checks(*PAYMENT_DOC_AMOUNTS),
    Index("ix_cfdi_payment_docs_tenant_id_invoice_id", "tenant_id", "invoice_id"),
    Index("ix_cfdi_payment_docs_tenant_id_sale_id", "tenant_id", "sale_id"),
)
