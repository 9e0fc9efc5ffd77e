"""Inventory: categories, items, stock balances per (item, branch), the movement ledger,
reservations and physical counts (docs/adr/0019-stock-engine.md).

Written by hand and frozen, with plain SQLAlchemy types like 0001: money is ``BIGINT`` cents,
quantities ``BIGINT`` thousandths, tax rates ``BIGINT`` ten-thousandths. Tenant-owned tables are
keyed ``(tenant_id, id)``; on PostgreSQL ids come from each table's ``<table>_id_seq``, on SQLite
from ``MAX(rowid) + 1``. ``stock_balances`` refuses ``on_hand < 0``, ``reserved < 0`` and
``reserved > on_hand`` on both databases.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("inventory_categories", "items", "stock_movements", "stock_reservations", "physical_counts")
MOVEMENT_KINDS = (
    "'purchase', 'sale', 'adjustment', 'transfer_out', 'transfer_in', 'return', 'count', "
    "'reservation', 'release', 'consumption'"
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _int() -> sa.BigInteger:
    return sa.BigInteger()


def _ts() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _tenant(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    return (
        sa.Column("tenant_id", _id(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants")),
    )


def _fk(table: str, column: str, referred: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{referred}.tenant_id", f"{referred}.id"],
        name=op.f(f"fk_{table}_tenant_id_{column}_{referred}"),
    )


def _ck(table: str, name: str, expr: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(expr, name=op.f(f"ck_{table}_{name}"))


def _integers(table: str, *columns: str) -> list[sa.CheckConstraint]:
    if not _sqlite():
        return []
    return [_ck(table, f"{c}_integer", f"typeof({c}) IN ('integer', 'null')") for c in columns]


def upgrade() -> None:
    if not _sqlite():
        for table in SEQUENCED:
            op.execute(f"CREATE SEQUENCE {table}_id_seq")
    op.create_table(
        "inventory_categories",
        sa.Column("id", _id(), nullable=False),
        *_tenant("inventory_categories"),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("name_key", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_inventory_categories")),
        sa.UniqueConstraint("tenant_id", "name_key", name=op.f("uq_inventory_categories_tenant_id_name_key")),
    )
    op.create_table(
        "items",
        sa.Column("id", _id(), nullable=False),
        *_tenant("items"),
        sa.Column("part_number", sa.String(60)),
        sa.Column("part_number_key", sa.String(60)),
        sa.Column("barcode", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.String(2000)),
        sa.Column("branch_id", _id(), nullable=False),
        sa.Column("category_id", _id()),
        sa.Column("brand", sa.String(80)),
        sa.Column("unit", sa.String(10), nullable=False),
        sa.Column("cost", _int(), nullable=False),
        sa.Column("stock_value", _int(), nullable=False),
        sa.Column("price_1", _int(), nullable=False),
        sa.Column("price_2", _int(), nullable=False),
        sa.Column("price_3", _int(), nullable=False),
        sa.Column("tax_rate", _int(), nullable=False),
        sa.Column("min_stock", _int(), nullable=False),
        sa.Column("max_stock", _int()),
        sa.Column("location", sa.String(40)),
        sa.Column("image_url", sa.String(500)),
        sa.Column("catalog_part_id", sa.BigInteger()),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_items")),
        sa.UniqueConstraint("tenant_id", "barcode", name=op.f("uq_items_tenant_id_barcode")),
        sa.UniqueConstraint("tenant_id", "part_number_key", name=op.f("uq_items_tenant_id_part_number_key")),
        _fk("items", "branch_id", "branches"),
        _fk("items", "category_id", "inventory_categories"),
        _ck("items", "valuation", "cost >= 0 AND stock_value >= 0"),
        _ck("items", "prices", "price_1 >= 0 AND price_2 >= 0 AND price_3 >= 0"),
        _ck("items", "tax_rate", "tax_rate BETWEEN 0 AND 10000"),
        _ck("items", "levels", "min_stock >= 0 AND (max_stock IS NULL OR max_stock >= min_stock)"),
        *_integers("items", "cost", "stock_value"),
    )
    op.create_index(op.f("ix_items_tenant_id_category_id"), "items", ["tenant_id", "category_id"])
    op.create_index(op.f("ix_items_tenant_id_brand"), "items", ["tenant_id", "brand"])

    op.create_table(
        "stock_balances",
        *_tenant("stock_balances"),
        sa.Column("item_id", _id(), nullable=False),
        sa.Column("branch_id", _id(), nullable=False),
        sa.Column("on_hand", _int(), nullable=False),
        sa.Column("reserved", _int(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "item_id", "branch_id", name=op.f("pk_stock_balances")),
        _fk("stock_balances", "item_id", "items"),
        _fk("stock_balances", "branch_id", "branches"),
        _ck("stock_balances", "on_hand", "on_hand >= 0"),
        _ck("stock_balances", "reserved", "reserved >= 0"),
        _ck("stock_balances", "reserved_within", "reserved <= on_hand"),
        *_integers("stock_balances", "on_hand", "reserved"),
        sqlite_with_rowid=False,
    )
    op.create_index(
        op.f("ix_stock_balances_tenant_id_branch_id_item_id"), "stock_balances", ["tenant_id", "branch_id", "item_id"]
    )

    op.create_table(
        "stock_movements",
        sa.Column("id", _id(), nullable=False),
        *_tenant("stock_movements"),
        sa.Column("item_id", _id(), nullable=False),
        sa.Column("branch_id", _id(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("quantity", _int(), nullable=False),
        sa.Column("reserved_delta", _int(), nullable=False),
        sa.Column("value", _int(), nullable=False),
        sa.Column("unit_cost", _int()),
        sa.Column("reference", sa.String(80), nullable=False),
        sa.Column("reason", sa.String(300)),
        sa.Column("actor_id", _id()),
        sa.Column("actor_name", sa.String(200), nullable=False),
        sa.Column("at", _ts(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_stock_movements")),
        _fk("stock_movements", "item_id", "items"),
        _fk("stock_movements", "branch_id", "branches"),
        _ck("stock_movements", "kind", f"kind IN ({MOVEMENT_KINDS})"),
        *_integers("stock_movements", "quantity", "reserved_delta", "value"),
    )
    op.create_index(op.f("ix_stock_movements_tenant_id_item_id_id"), "stock_movements", ["tenant_id", "item_id", "id"])
    op.create_index(
        op.f("ix_stock_movements_tenant_id_business_date"), "stock_movements", ["tenant_id", "business_date"]
    )

    op.create_table(
        "stock_reservations",
        sa.Column("id", _id(), nullable=False),
        *_tenant("stock_reservations"),
        sa.Column("item_id", _id(), nullable=False),
        sa.Column("branch_id", _id(), nullable=False),
        sa.Column("quantity", _int(), nullable=False),
        sa.Column("holder_kind", sa.String(30), nullable=False),
        sa.Column("holder_id", _id(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("expires_at", _ts()),
        sa.Column("closed_at", _ts()),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_stock_reservations")),
        _fk("stock_reservations", "item_id", "items"),
        _fk("stock_reservations", "branch_id", "branches"),
        _ck("stock_reservations", "quantity", "quantity > 0"),
        _ck("stock_reservations", "status", "status IN ('open', 'released', 'consumed')"),
        _ck("stock_reservations", "closed_has_time", "status = 'open' OR closed_at IS NOT NULL"),
    )
    op.create_index(
        op.f("ix_stock_reservations_tenant_id_holder_kind_holder_id"),
        "stock_reservations",
        ["tenant_id", "holder_kind", "holder_id"],
    )
    op.create_index(
        "ix_stock_reservations_open",
        "stock_reservations",
        ["tenant_id", "item_id", "branch_id"],
        sqlite_where=sa.text("status = 'open'"),
        postgresql_where=sa.text("status = 'open'"),
    )

    op.create_table(
        "physical_counts",
        sa.Column("id", _id(), nullable=False),
        *_tenant("physical_counts"),
        sa.Column("branch_id", _id(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("approved_by", sa.String(200)),
        sa.Column("approved_at", _ts()),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_physical_counts")),
        _fk("physical_counts", "branch_id", "branches"),
        _ck("physical_counts", "status", "status IN ('open', 'approved')"),
        _ck("physical_counts", "approved_has_time", "status = 'open' OR approved_at IS NOT NULL"),
    )
    op.create_table(
        "physical_count_lines",
        *_tenant("physical_count_lines"),
        sa.Column("count_id", _id(), nullable=False),
        sa.Column("item_id", _id(), nullable=False),
        sa.Column("counted", _int(), nullable=False),
        sa.Column("system_quantity", _int(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "count_id", "item_id", name=op.f("pk_physical_count_lines")),
        _fk("physical_count_lines", "count_id", "physical_counts"),
        _fk("physical_count_lines", "item_id", "items"),
        _ck("physical_count_lines", "quantities", "counted >= 0 AND system_quantity >= 0"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    for table in (
        "physical_count_lines",
        "physical_counts",
        "stock_reservations",
        "stock_movements",
        "stock_balances",
        "items",
        "inventory_categories",
    ):
        op.drop_table(table)
    if not _sqlite():
        for table in SEQUENCED:
            op.execute(f"DROP SEQUENCE {table}_id_seq")
