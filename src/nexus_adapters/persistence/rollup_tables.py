"""The stock reports' maintained state (docs/adr/0034-maintained-stock-totals.md).

* on every ``stock_balances`` row, what the row adds to its branch's totals as last rolled up
  (``r_on_hand``, ``r_reserved``, ``alert``, the keys...) and the keys the report pages are read in,
  each behind a partial index that holds only the rows in that state;
* ``stock_branch_totals`` (in :mod:`.inventory_tables`): per ``(tenant_id, branch_id)``, the sums
  of those contributions.

Both are written only by :mod:`.stock_rollup`, in the transaction that changes the balance or the
item, and can be rebuilt and checked against a recomputation (:func:`.stock_rollup.rollup_drift`).
Keys that order "largest first" are stored negated so every index is ascending.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Boolean, Column, Date, Index, SmallInteger, text

# alert: 0 none (or inactive item), 1 zero (available <= 0), 2 low (0 < available < min), 3 over (> max)
ZERO, LOW, OVER = 1, 2, 3
HOME = "home"  # SQL text of a partial index's condition, equal on both databases
NEVER = "0001-01-01"  # last_day of a row no movement ever reached (sorts first: "idle the longest")


def _big(name: str, *, nullable: bool = False) -> Column[Any]:
    if nullable:
        return Column(name, BigInteger, nullable=True)
    return Column(name, BigInteger, nullable=False, server_default=text("0"))


def _where(condition: str) -> dict[str, Any]:
    return {"sqlite_where": text(condition), "postgresql_where": text(condition)}


def rollup_columns_and_indexes() -> list[Any]:
    return [
        # False on the zero rows the rollup adds so every (item, branch) has one; the engine's reads skip them.
        Column("listed", Boolean, nullable=False, server_default=text("true")),
        _big("r_on_hand"),
        _big("r_reserved"),
        Column("alert", SmallInteger, nullable=False, server_default=text("0")),
        _big("alert_key", nullable=True),  # zero: 0; low: available - min; over: max - available
        _big("short_key", nullable=True),  # available - min when below a positive minimum (active items)
        _big("value_key", nullable=True),  # -(on_hand x cost) in cents when on_hand > 0
        _big("sale_value"),  # on_hand x price_1 in cents
        Column("home", Boolean, nullable=False, server_default=text("false")),
        Column("active", Boolean, nullable=False, server_default=text("false")),
        _big("item_units", nullable=True),  # home row: the item's units in every branch
        _big("item_key", nullable=True),  # home row of a stocked item: -stock_value
        _big("item_sale"),  # home row: item_units x price_1 in cents
        # The business day of the row's latest movement, written by the statement that changes the balance.
        Column("last_day", Date, nullable=False, server_default=text(f"'{NEVER}'")),
        Column("item_idle", Date, nullable=True),  # home row of a stocked item: its latest day in any branch
        Index(
            "ix_stock_balances_alerts",
            *("tenant_id", "branch_id", "alert", "alert_key", "item_id"),
            **_where("alert_key IS NOT NULL"),
        ),
        Index(
            "ix_stock_balances_home_alerts",
            "tenant_id",
            "alert",
            "alert_key",
            "item_id",
            **_where("alert_key IS NOT NULL AND home"),
        ),
        Index(
            "ix_stock_balances_short",
            "tenant_id",
            "branch_id",
            "short_key",
            "item_id",
            **_where("short_key IS NOT NULL"),
        ),
        Index(
            "ix_stock_balances_home_short",
            "tenant_id",
            "short_key",
            "item_id",
            **_where("short_key IS NOT NULL AND home"),
        ),
        Index(
            "ix_stock_balances_value",
            "tenant_id",
            "branch_id",
            "value_key",
            "item_id",
            **_where("value_key IS NOT NULL"),
        ),
        Index("ix_stock_balances_item_value", "tenant_id", "item_key", "item_id", **_where("item_key IS NOT NULL")),
        # No-movement: a branch's stocked rows by last day; the items (home rows) by their latest day.
        Index("ix_stock_balances_idle", "tenant_id", "branch_id", "last_day", "item_id", **_where("on_hand > 0")),
        Index("ix_stock_balances_item_idle", "tenant_id", "item_idle", "item_id", **_where("item_idle IS NOT NULL")),
    ]


TOTALS = (
    "on_hand",
    "reserved",
    "items_in_stock",
    "cost_value",
    "sale_value",
    "zero_count",
    "low_count",
    "over_count",
    "below_min",
    "home_zero",
    "home_low",
    "home_over",
    "home_below_min",
    "stocked_items",
    "stock_value",
    "item_sale_value",
)


def totals_columns() -> list[Any]:
    """``stock_branch_totals``' columns after its key (the table is in :mod:`.inventory_tables`)."""
    return [_big(name) for name in TOTALS]
