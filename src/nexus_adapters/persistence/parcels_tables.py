"""Parcels tables (docs/parcels.md, docs/adr/0024-delivery-orders.md), on the same ``metadata`` as
:mod:`.tables`: places (one tree of countries, departments, municipalities, neighbourhoods),
currencies, delivery orders and their lines.

Coordinates are integer millionths of a degree (:class:`Coordinate`): the seed's six decimals kept
exactly on both databases, never through ``float``. Every table is keyed ``(tenant_id, ...)`` and
points at other rows through ``(tenant_id, id)`` (Citus-ready, ADR 15).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)

from nexus_adapters.persistence.inventory_tables import Quantity
from nexus_adapters.persistence.tables import id_column, metadata
from nexus_adapters.persistence.tables import tenant_fk as _fk
from nexus_adapters.persistence.tables import tenant_id_column as _tenant_id
from nexus_adapters.persistence.types import Cents, Id, ScaledDecimal, UtcDateTime, integer_checks
from nexus_core.domain.geo import GeoLevel
from nexus_core.domain.orders import OrderState

GEO_LEVELS = tuple(level.value for level in GeoLevel)
ORDER_STATES = tuple(state.value for state in OrderState)


class Coordinate(ScaledDecimal):
    """A latitude or longitude: ``Decimal`` with six places, stored as integer millionths (``BIGINT``)."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(places=6)


class Rate(ScaledDecimal):
    """An exchange rate with four places, stored as integer ten-thousandths."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(places=4)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


geo_places = Table(
    "geo_places",
    metadata,
    id_column("geo_places"),
    _tenant_id(),
    Column("level", String(20), nullable=False),
    Column("name", String(120), nullable=False),
    Column("parent_id", Id),
    Column("code", String(3)),
    PrimaryKeyConstraint("tenant_id", "id"),
    _fk("parent_id", "geo_places"),
    CheckConstraint(_one_of("level", GEO_LEVELS), name="level"),
    CheckConstraint("(level = 'paises') = (parent_id IS NULL)", name="parent"),
    Index("ix_geo_places_tenant_id_parent_id", "tenant_id", "parent_id"),
)

currencies = Table(
    "currencies",
    metadata,
    id_column("currencies"),
    _tenant_id(),
    Column("code", String(3), nullable=False),
    Column("name", String(60), nullable=False),
    Column("rate", Rate(), nullable=False),  # units per US dollar
    PrimaryKeyConstraint("tenant_id", "id"),
    UniqueConstraint("tenant_id", "code"),
    CheckConstraint("rate > 0", name="rate"),
    *integer_checks("rate"),
)

delivery_orders = Table(
    "delivery_orders",
    metadata,
    id_column("delivery_orders"),
    _tenant_id(),
    Column("number", BigInteger(), nullable=False),
    Column("recipient", String(200), nullable=False),
    Column("phone", String(40), nullable=False),
    Column("latitude", Coordinate(), nullable=False),
    Column("longitude", Coordinate(), nullable=False),
    Column("country_id", Id, nullable=False),
    Column("department_id", Id, nullable=False),
    Column("municipality_id", Id, nullable=False),
    Column("neighbourhood_id", Id),
    Column("address", String(500)),
    Column("zone", String(120)),
    Column("comment", String(1000)),
    Column("currency_id", Id),
    Column("seller_id", Id),
    Column("provider_id", Id),
    Column("price_local", Cents()),
    Column("price_usd", Cents()),
    Column("branch_id", Id, nullable=False),
    Column("state", String(20), nullable=False),
    Column("created_by", Id),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("business_date", Date(), nullable=False),  # fecha_ingreso as the tenant's local day
    Column("updated_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    UniqueConstraint("tenant_id", "number"),
    _fk("country_id", "geo_places"),
    _fk("department_id", "geo_places"),
    _fk("municipality_id", "geo_places"),
    _fk("neighbourhood_id", "geo_places"),
    _fk("currency_id", "currencies"),
    _fk("seller_id", "users"),
    _fk("provider_id", "users"),
    _fk("branch_id", "branches"),
    CheckConstraint("number > 0", name="number"),
    CheckConstraint("latitude BETWEEN -90000000 AND 90000000", name="latitude"),
    CheckConstraint("longitude BETWEEN -180000000 AND 180000000", name="longitude"),
    CheckConstraint(_one_of("state", ORDER_STATES), name="state"),
    CheckConstraint("price_local >= 0 AND price_usd >= 0", name="prices"),
    *integer_checks("latitude", "longitude", "price_local", "price_usd"),
    Index("ix_delivery_orders_tenant_id_business_date", "tenant_id", "business_date"),
    Index("ix_delivery_orders_tenant_id_municipality_id", "tenant_id", "municipality_id"),
)

delivery_order_lines = Table(
    "delivery_order_lines",
    metadata,
    _tenant_id(),
    Column("order_id", Id, nullable=False),
    Column("line_no", Integer(), nullable=False),
    Column("item_id", Id, nullable=False),
    Column("quantity", Quantity(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "order_id", "line_no"),
    _fk("order_id", "delivery_orders"),
    _fk("item_id", "items"),
    CheckConstraint("quantity > 0", name="quantity"),
    *integer_checks("quantity"),
    sqlite_with_rowid=False,
)
