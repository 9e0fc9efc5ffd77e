"""Payment complements (CFDI tipo P, Pago 2.0): the PPD/PUE method of an invoice, the ``payment`` kind,
and the links of a complement to the invoice, sale and customer payment it documents
(docs/invoicing.md, docs/adr/0031-payment-complements.md).

Written by hand and frozen. Every key leads with ``tenant_id`` (Citus-ready, ADR 15); amounts are
``BIGINT`` cents. Invoices issued before this migration keep ``metodo_pago`` NULL: they are read as PUE
(no complement is queued for them).

Revision ID: 0018
Revises: 0011
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MAX_CENTS = 10**9
AMOUNTS = ("saldo_anterior", "pagado", "saldo_insoluto")
T = "cfdi_documents"
L = "cfdi_payment_docs"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ck(table: str, name: str, expr: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(expr, name=op.f(f"ck_{table}_{name}"))


def _kinds(kinds: str) -> None:
    name = op.f(f"ck_{T}_kind")
    if _sqlite():
        with op.batch_alter_table(T, recreate="always") as batch:
            batch.drop_constraint(name, type_="check")
            batch.create_check_constraint(name, f"kind IN ({kinds})")
        op.execute(f"UPDATE {T} SET rowid = -id")  # keep rowid == id (ids continue from MAX(rowid) + 1)
        op.execute(f"UPDATE {T} SET rowid = id")
        return
    op.drop_constraint(name, T, type_="check")
    op.create_check_constraint(name, T, f"kind IN ({kinds})")


def upgrade() -> None:
    op.add_column(T, sa.Column("metodo_pago", sa.String(3)))
    _kinds("'invoice', 'global', 'payment'")
    op.create_table(
        L,
        sa.Column("tenant_id", _id(), nullable=False),
        sa.Column("complement_id", _id(), nullable=False),
        sa.Column("invoice_id", _id(), nullable=False),
        sa.Column("sale_id", _id(), nullable=False),
        sa.Column("payment_id", _id(), nullable=False),
        sa.Column("num_parcialidad", sa.Integer(), nullable=False),
        *(sa.Column(c, sa.BigInteger(), nullable=False) for c in AMOUNTS),
        sa.PrimaryKeyConstraint("tenant_id", "complement_id", "invoice_id", name=op.f(f"pk_{L}")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{L}_tenant_id_tenants")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "complement_id"],
            [f"{T}.tenant_id", f"{T}.id"],
            name=op.f(f"fk_{L}_tenant_id_complement_id_{T}"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "invoice_id"], [f"{T}.tenant_id", f"{T}.id"], name=op.f(f"fk_{L}_tenant_id_invoice_id_{T}")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "sale_id"], ["sales.tenant_id", "sales.id"], name=op.f(f"fk_{L}_tenant_id_sale_id_sales")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "payment_id"],
            ["customer_payments.tenant_id", "customer_payments.id"],
            name=op.f(f"fk_{L}_tenant_id_payment_id_customer_payments"),
        ),
        _ck(L, "num_parcialidad", "num_parcialidad > 0"),
        *(_ck(L, f"{c}_bound", f"{c} BETWEEN -{MAX_CENTS} AND {MAX_CENTS}") for c in AMOUNTS),
        *((_ck(L, f"{c}_integer", f"typeof({c}) IN ('integer', 'null')") for c in AMOUNTS) if _sqlite() else ()),
    )
    op.create_index(op.f(f"ix_{L}_tenant_id_invoice_id"), L, ["tenant_id", "invoice_id"])
    op.create_index(op.f(f"ix_{L}_tenant_id_sale_id"), L, ["tenant_id", "sale_id"])


def downgrade() -> None:
    op.drop_table(L)
    op.execute(f"DELETE FROM {T} WHERE kind = 'payment'")
    _kinds("'invoice', 'global'")
    op.drop_column(T, "metodo_pago")
