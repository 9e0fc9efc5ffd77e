"""Parcels: places (countries, departments, municipalities, neighbourhoods), currencies, delivery
orders and their lines (docs/parcels.md, docs/adr/0024-delivery-orders.md).

Written by hand and frozen: coordinates are ``BIGINT`` millionths of a degree (the seed's six
decimals, exact on both databases), money ``BIGINT`` cents, quantities ``BIGINT`` thousandths,
rates ``BIGINT`` ten-thousandths. Tenant-owned tables are keyed ``(tenant_id, ...)``; on PostgreSQL
ids come from each table's ``<table>_id_seq``, on SQLite from ``MAX(rowid) + 1``.

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("geo_places", "currencies", "delivery_orders")
ORDER_STATES = "'Pending', 'In transit', 'Delivered', 'Cancelled', 'Returned'"


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
        "geo_places",
        sa.Column("id", _id(), nullable=False),
        *_tenant("geo_places"),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("parent_id", _id()),
        sa.Column("code", sa.String(3)),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_geo_places")),
        _fk("geo_places", "parent_id", "geo_places"),
        _ck("geo_places", "level", "level IN ('paises', 'departamentos', 'municipios', 'barrios')"),
        _ck("geo_places", "parent", "(level = 'paises') = (parent_id IS NULL)"),
    )
    op.create_index(op.f("ix_geo_places_tenant_id_parent_id"), "geo_places", ["tenant_id", "parent_id"])
    op.create_table(
        "currencies",
        sa.Column("id", _id(), nullable=False),
        *_tenant("currencies"),
        sa.Column("code", sa.String(3), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("rate", _int(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_currencies")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_currencies_tenant_id_code")),
        _ck("currencies", "rate", "rate > 0"),
        *_integers("currencies", "rate"),
    )
    op.create_table(
        "delivery_orders",
        sa.Column("id", _id(), nullable=False),
        *_tenant("delivery_orders"),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("latitude", _int(), nullable=False),
        sa.Column("longitude", _int(), nullable=False),
        sa.Column("country_id", _id(), nullable=False),
        sa.Column("department_id", _id(), nullable=False),
        sa.Column("municipality_id", _id(), nullable=False),
        sa.Column("neighbourhood_id", _id()),
        sa.Column("address", sa.String(500)),
        sa.Column("zone", sa.String(120)),
        sa.Column("comment", sa.String(1000)),
        sa.Column("currency_id", _id()),
        sa.Column("seller_id", _id()),
        sa.Column("provider_id", _id()),
        sa.Column("price_local", _int()),
        sa.Column("price_usd", _int()),
        sa.Column("branch_id", _id(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("created_by", _id()),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("business_date", sa.Date(), nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_delivery_orders")),
        sa.UniqueConstraint("tenant_id", "number", name=op.f("uq_delivery_orders_tenant_id_number")),
        _fk("delivery_orders", "country_id", "geo_places"),
        _fk("delivery_orders", "department_id", "geo_places"),
        _fk("delivery_orders", "municipality_id", "geo_places"),
        _fk("delivery_orders", "neighbourhood_id", "geo_places"),
        _fk("delivery_orders", "currency_id", "currencies"),
        _fk("delivery_orders", "seller_id", "users"),
        _fk("delivery_orders", "provider_id", "users"),
        _fk("delivery_orders", "branch_id", "branches"),
        _ck("delivery_orders", "number", "number > 0"),
        _ck("delivery_orders", "latitude", "latitude BETWEEN -90000000 AND 90000000"),
        _ck("delivery_orders", "longitude", "longitude BETWEEN -180000000 AND 180000000"),
        _ck("delivery_orders", "state", f"state IN ({ORDER_STATES})"),
        _ck("delivery_orders", "prices", "price_local >= 0 AND price_usd >= 0"),
        *_integers("delivery_orders", "latitude", "longitude", "price_local", "price_usd"),
    )
    op.create_index(
        op.f("ix_delivery_orders_tenant_id_business_date"), "delivery_orders", ["tenant_id", "business_date"]
    )
    op.create_index(
        op.f("ix_delivery_orders_tenant_id_municipality_id"), "delivery_orders", ["tenant_id", "municipality_id"]
    )
    op.create_table(
        "delivery_order_lines",
        *_tenant("delivery_order_lines"),
        sa.Column("order_id", _id(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("item_id", _id(), nullable=False),
        sa.Column("quantity", _int(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "order_id", "line_no", name=op.f("pk_delivery_order_lines")),
        _fk("delivery_order_lines", "order_id", "delivery_orders"),
        _fk("delivery_order_lines", "item_id", "items"),
        _ck("delivery_order_lines", "quantity", "quantity > 0"),
        *_integers("delivery_order_lines", "quantity"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    for table in ("delivery_order_lines", "delivery_orders", "currencies", "geo_places"):
        op.drop_table(table)
    if not _sqlite():
        for table in SEQUENCED:
            op.execute(f"DROP SEQUENCE {table}_id_seq")
