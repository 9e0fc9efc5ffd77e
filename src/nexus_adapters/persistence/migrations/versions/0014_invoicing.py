"""Invoicing: the issuer's CSD per tenant, CFDI documents (the stamping queue) and their sales
(docs/invoicing.md, docs/adr/0026-invoicing-cfdi.md).

Written by hand and frozen: money is ``BIGINT`` cents; tenant-owned tables are keyed ``(tenant_id, ...)``;
on PostgreSQL ``cfdi_documents`` ids come from ``cfdi_documents_id_seq``. (The global invoice reads a
period's tickets through the sales list's index of migration 0011.)

Revision ID: 0014
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MAX_CENTS = 10**9
AMOUNTS = ("subtotal", "descuento", "tax", "total")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ts() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _tenant(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    return (
        sa.Column("tenant_id", _id(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants")),
    )


def _ck(table: str, name: str, expr: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(expr, name=op.f(f"ck_{table}_{name}"))


def upgrade() -> None:
    if not _sqlite():
        op.execute("CREATE SEQUENCE cfdi_documents_id_seq")
    op.create_table(
        "cfdi_issuers",
        *_tenant("cfdi_issuers"),
        sa.Column("rfc", sa.String(13), nullable=False),
        sa.Column("legal_name", sa.String(300), nullable=False),
        sa.Column("regimen_fiscal", sa.String(3), nullable=False),
        sa.Column("codigo_postal", sa.String(5), nullable=False),
        sa.Column("serie", sa.String(5), nullable=False),
        sa.Column("no_certificado", sa.String(20), nullable=False),
        sa.Column("valid_from", _ts(), nullable=False),
        sa.Column("valid_to", _ts(), nullable=False),
        sa.Column("certificate", sa.LargeBinary(), nullable=False),
        sa.Column("encrypted_key", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_cfdi_issuers")),
    )
    t = "cfdi_documents"
    op.create_table(
        t,
        sa.Column("id", _id(), nullable=False),
        *_tenant(t),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("serie", sa.String(5), nullable=False),
        sa.Column("folio", sa.String(20), nullable=False),
        sa.Column("fecha", sa.String(19), nullable=False),
        sa.Column("emisor_rfc", sa.String(13), nullable=False),
        sa.Column("receptor_rfc", sa.String(13), nullable=False),
        sa.Column("receptor_name", sa.String(300), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in AMOUNTS),
        sa.Column("xml", sa.Text(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("replaces_id", _id()),
        sa.Column("uuid", sa.String(36)),
        sa.Column("stamped_xml", sa.Text()),
        sa.Column("stamped_at", sa.String(19)),
        sa.Column("error_code", sa.String(20)),
        sa.Column("error_message", sa.String(500)),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_until", _ts()),
        sa.Column("cancel_motive", sa.String(2)),
        sa.Column("cancel_replacement_uuid", sa.String(36)),
        sa.Column("cancelled_at", _ts()),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("tenant_id", "serie", "folio", name=op.f(f"uq_{t}_tenant_id_serie_folio")),
        sa.UniqueConstraint("tenant_id", "uuid", name=op.f(f"uq_{t}_tenant_id_uuid")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "replaces_id"],
            [f"{t}.tenant_id", f"{t}.id"],
            name=op.f(f"fk_{t}_tenant_id_replaces_id_{t}"),
        ),
        _ck(t, "status", "status IN ('pending', 'stamped', 'error', 'cancellation_pending', 'cancelled')"),
        _ck(t, "kind", "kind IN ('invoice', 'global')"),
        _ck(t, "stamped_has_uuid", "status IN ('pending', 'error') OR uuid IS NOT NULL"),
        *(_ck(t, f"{c}_bound", f"{c} BETWEEN -{MAX_CENTS} AND {MAX_CENTS}") for c in AMOUNTS),
        *((_ck(t, f"{c}_integer", f"typeof({c}) IN ('integer', 'null')") for c in AMOUNTS) if _sqlite() else ()),
    )
    op.create_index(op.f(f"ix_{t}_tenant_id_status_id"), t, ["tenant_id", "status", "id"])
    op.create_table(
        "cfdi_sales",
        *_tenant("cfdi_sales"),
        sa.Column("cfdi_id", _id(), nullable=False),
        sa.Column("sale_id", _id(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "cfdi_id", "sale_id", name=op.f("pk_cfdi_sales")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "cfdi_id"], [f"{t}.tenant_id", f"{t}.id"], name=op.f(f"fk_cfdi_sales_tenant_id_cfdi_id_{t}")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "sale_id"],
            ["sales.tenant_id", "sales.id"],
            name=op.f("fk_cfdi_sales_tenant_id_sale_id_sales"),
        ),
    )
    op.create_index(op.f("ix_cfdi_sales_tenant_id_sale_id"), "cfdi_sales", ["tenant_id", "sale_id"])


def downgrade() -> None:
    for table in ("cfdi_sales", "cfdi_documents", "cfdi_issuers"):
        op.drop_table(table)
    if not _sqlite():
        op.execute("DROP SEQUENCE cfdi_documents_id_seq")
