"""Inventory tables (docs/adr/0019-stock-engine.md), on the same ``metadata`` as :mod:`.tables`.

Money is integer cents (:class:`Cents`), quantities integer thousandths (:class:`Quantity`), tax
rates integer ten-thousandths. Every tenant-owned table is keyed ``(tenant_id, ...)`` and points at
other rows through ``(tenant_id, id)`` (Citus-ready, ADR 15). ``stock_balances`` carries the CHECK
constraints that make ``on_hand < 0``, ``reserved < 0`` and ``reserved > on_hand`` impossible on
both databases, whatever the code above does.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Index,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
    text,
)

from nexus_adapters.persistence.rollup_tables import rollup_columns_and_indexes, totals_columns
from nexus_adapters.persistence.tables import id_column, metadata
from nexus_adapters.persistence.tables import tenant_fk as _fk
from nexus_adapters.persistence.tables import tenant_id_column as _tenant_id
from nexus_adapters.persistence.types import Cents, Id, ScaledDecimal, UtcDateTime, integer_checks
from nexus_core.domain.stock import CountStatus, MovementKind, ReservationStatus

MOVEMENT_KINDS = tuple(k.value for k in MovementKind)
RESERVATION_STATUSES = tuple(s.value for s in ReservationStatus)
COUNT_STATUSES = tuple(s.value for s in CountStatus)


class Quantity(ScaledDecimal):
    """A quantity: ``Decimal`` with three places, stored as integer thousandths (``BIGINT``)."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(places=3)


class Rate(ScaledDecimal):
    """A tax rate such as 0.16, stored as integer ten-thousandths."""

    cache_ok = True

    def __init__(self) -> None:
        super().__init__(places=4)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


inventory_categories = Table(
    "inventory_categories",
    metadata,
    id_column("inventory_categories"),
    _tenant_id(),
    Column("name", String(100), nullable=False),
    Column("name_key", String(100), nullable=False),  # casefold(name): one category per name
    PrimaryKeyConstraint("tenant_id", "id"),
    UniqueConstraint("tenant_id", "name_key"),
)

items = Table(
    "items",
    metadata,
    id_column("items"),
    _tenant_id(),
    Column("part_number", String(60)),
    Column("part_number_key", String(60)),  # upper case, no spaces/dashes/dots: the one compared
    Column("barcode", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    Column("description", String(2000)),
    Column("branch_id", Id, nullable=False),  # home branch
    Column("category_id", Id),
    Column("brand", String(80)),
    Column("unit", String(10), nullable=False),
    Column("cost", Cents(), nullable=False),  # weighted average unit cost
    Column("stock_value", Cents(), nullable=False),  # value of every unit on hand, all branches
    Column("price_1", Cents(), nullable=False),
    Column("price_2", Cents(), nullable=False),
    Column("price_3", Cents(), nullable=False),
    Column("tax_rate", Rate(), nullable=False),
    Column("min_stock", Quantity(), nullable=False),
    Column("max_stock", Quantity()),
    Column("location", String(40)),
    Column("image_url", String(500)),
    Column("catalog_part_id", BigInteger()),
    Column("is_active", Boolean(), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    UniqueConstraint("tenant_id", "barcode"),
    UniqueConstraint("tenant_id", "part_number_key"),  # NULLs (no part number) never collide
    _fk("branch_id", "branches"),
    _fk("category_id", "inventory_categories"),
    CheckConstraint("cost >= 0 AND stock_value >= 0", name="valuation"),
    CheckConstraint("price_1 >= 0 AND price_2 >= 0 AND price_3 >= 0", name="prices"),
    CheckConstraint("tax_rate BETWEEN 0 AND 10000", name="tax_rate"),
    CheckConstraint("min_stock >= 0 AND (max_stock IS NULL OR max_stock >= min_stock)", name="levels"),
    *integer_checks("cost", "stock_value"),
    Index("ix_items_tenant_id_category_id", "tenant_id", "category_id"),
    Index("ix_items_tenant_id_brand", "tenant_id", "brand"),
)

stock_balances = Table(
    "stock_balances",
    metadata,
    _tenant_id(),
    Column("item_id", Id, nullable=False),
    Column("branch_id", Id, nullable=False),
    Column("on_hand", Quantity(), nullable=False),
    Column("reserved", Quantity(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "item_id", "branch_id"),
    _fk("item_id", "items"),
    _fk("branch_id", "branches"),
    CheckConstraint("on_hand >= 0", name="on_hand"),
    CheckConstraint("reserved >= 0", name="reserved"),
    CheckConstraint("reserved <= on_hand", name="reserved_within"),
    *integer_checks("on_hand", "reserved"),
    # A branch's rows (reports, alerts).
    Index("ix_stock_balances_tenant_id_branch_id_item_id", "tenant_id", "branch_id", "item_id"),
    *rollup_columns_and_indexes(),  # the reports' maintained keys (ADR 34, stock_rollup.py)
    sqlite_with_rowid=False,
)

# Per branch, the sums of its rows' report state (ADR 34; written only by stock_rollup.py).
stock_branch_totals = Table(
    "stock_branch_totals",
    metadata,
    _tenant_id(),
    Column("branch_id", Id, nullable=False),
    *totals_columns(),
    PrimaryKeyConstraint("tenant_id", "branch_id"),
)

stock_movements = Table(
    "stock_movements",
    metadata,
    id_column("stock_movements"),
    _tenant_id(),
    Column("item_id", Id, nullable=False),
    Column("branch_id", Id, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("quantity", Quantity(), nullable=False),  # change of on_hand
    Column("reserved_delta", Quantity(), nullable=False),  # change of reserved
    Column("value", Cents(), nullable=False),  # change of the item's stock value
    Column("unit_cost", Cents()),
    Column("reference", String(80), nullable=False),
    Column("reason", String(300)),
    Column("actor_id", Id),
    Column("actor_name", String(200), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("business_date", Date(), nullable=False),
    PrimaryKeyConstraint("tenant_id", "id"),
    _fk("item_id", "items"),
    _fk("branch_id", "branches"),
    CheckConstraint(_one_of("kind", MOVEMENT_KINDS), name="kind"),
    *integer_checks("quantity", "reserved_delta", "value"),
    # An item's history, newest first.
    Index("ix_stock_movements_tenant_id_item_id_id", "tenant_id", "item_id", "id"),
    # Movements of a period by kind (sales volume, no-movement reports).
    Index("ix_stock_movements_tenant_id_business_date", "tenant_id", "business_date"),
)

stock_reservations = Table(
    "stock_reservations",
    metadata,
    id_column("stock_reservations"),
    _tenant_id(),
    Column("item_id", Id, nullable=False),
    Column("branch_id", Id, nullable=False),
    Column("quantity", Quantity(), nullable=False),
    Column("holder_kind", String(30), nullable=False),
    Column("holder_id", Id, nullable=False),
    Column("status", String(10), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime()),
    Column("closed_at", UtcDateTime()),
    PrimaryKeyConstraint("tenant_id", "id"),
    _fk("item_id", "items"),
    _fk("branch_id", "branches"),
    CheckConstraint("quantity > 0", name="quantity"),
    CheckConstraint(_one_of("status", RESERVATION_STATUSES), name="status"),
    CheckConstraint("status = 'open' OR closed_at IS NOT NULL", name="closed_has_time"),
    Index("ix_stock_reservations_tenant_id_holder_kind_holder_id", "tenant_id", "holder_kind", "holder_id"),
    Index(
        "ix_stock_reservations_open",
        "tenant_id",
        "item_id",
        "branch_id",
        sqlite_where=text("status = 'open'"),
        postgresql_where=text("status = 'open'"),
    ),
)

physical_counts = Table(
    "physical_counts",
    metadata,
    id_column("physical_counts"),
    _tenant_id(),
    Column("branch_id", Id, nullable=False),
    Column("status", String(10), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("business_date", Date(), nullable=False),
    Column("approved_by", String(200)),
    Column("approved_at", UtcDateTime()),
    PrimaryKeyConstraint("tenant_id", "id"),
    _fk("branch_id", "branches"),
    CheckConstraint(_one_of("status", COUNT_STATUSES), name="status"),
    CheckConstraint("status = 'open' OR approved_at IS NOT NULL", name="approved_has_time"),
)

physical_count_lines = Table(
    "physical_count_lines",
    metadata,
    _tenant_id(),
    Column("count_id", Id, nullable=False),
    Column("item_id", Id, nullable=False),
    Column("counted", Quantity(), nullable=False),
    Column("system_quantity", Quantity(), nullable=False),  # on_hand when counted
    PrimaryKeyConstraint("tenant_id", "count_id", "item_id"),
    _fk("count_id", "physical_counts"),
    _fk("item_id", "items"),
    CheckConstraint("counted >= 0 AND system_quantity >= 0", name="quantities"),
    sqlite_with_rowid=False,
)
