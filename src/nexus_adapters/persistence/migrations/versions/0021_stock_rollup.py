"""Maintained stock totals and report keys (docs/adr/0034-maintained-stock-totals.md).

* ``stock_balances``: ``listed`` and the row's rolled-up state (``r_on_hand``, ``r_reserved``,
  ``alert``, ``alert_key``, ``short_key``, ``value_key``, ``sale_value``, ``home``, ``active``,
  ``item_units``, ``item_key``, ``item_sale``), with partial indexes holding only the rows in a state;
* ``stock_branch_totals`` keyed ``(tenant_id, branch_id)``;
* SQLite: the trigger that carries a row's change of state into its branch's totals;
* existing data: a zero row (``listed = false``) for every missing (item, branch), then every row's
  state computed by one SQL statement (a frozen copy of ``rollup_sql.py`` below: migrations do not
  import application code). A row's initial state contributes nothing, so the totals come out right.

Revision ID: 0021
Revises: 0022
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_DEFAULT_ZERO = ("r_on_hand", "r_reserved", "sale_value", "item_sale")
BIG_NULL = ("alert_key", "short_key", "value_key", "item_units", "item_key")
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
INDEXES = (
    ("ix_stock_balances_alerts", ["tenant_id", "branch_id", "alert", "alert_key", "item_id"], "alert_key IS NOT NULL"),
    ("ix_stock_balances_home_alerts", ["tenant_id", "alert", "alert_key", "item_id"], "alert_key IS NOT NULL AND home"),
    ("ix_stock_balances_short", ["tenant_id", "branch_id", "short_key", "item_id"], "short_key IS NOT NULL"),
    ("ix_stock_balances_home_short", ["tenant_id", "short_key", "item_id"], "short_key IS NOT NULL AND home"),
    ("ix_stock_balances_value", ["tenant_id", "branch_id", "value_key", "item_id"], "value_key IS NOT NULL"),
    ("ix_stock_balances_item_value", ["tenant_id", "item_key", "item_id"], "item_key IS NOT NULL"),
)


# --- frozen copy of nexus_adapters/persistence/rollup_sql.py as of this revision ---

DERIVED = (
    "r_on_hand",
    "r_reserved",
    "alert",
    "alert_key",
    "short_key",
    "value_key",
    "sale_value",
    "home",
    "active",
    "item_units",
    "item_key",
    "item_sale",
)

# The new state of each row, from its balance and its item (``units``: the item's units, every branch).
_STATE = """
s AS (
  SELECT sb.tenant_id, sb.item_id, sb.branch_id, sb.on_hand AS oh, sb.reserved AS rs,
         sb.on_hand - sb.reserved AS av, i.min_stock AS lo, i.max_stock AS hi, i.cost AS cost,
         i.price_1 AS p1, i.stock_value AS sv, i.is_active AS act,
         COALESCE(sb.branch_id = i.branch_id, false) AS hm,
         CAST(SUM(sb.on_hand) OVER (PARTITION BY sb.tenant_id, sb.item_id) AS BIGINT) AS units
  FROM stock_balances sb JOIN items i ON i.tenant_id = sb.tenant_id AND i.id = sb.item_id
  WHERE {where}
),
n AS (
  SELECT tenant_id, item_id, branch_id, oh AS r_on_hand, rs AS r_reserved,
    CASE WHEN NOT act THEN 0 WHEN av <= 0 THEN 1 WHEN av < lo THEN 2
         WHEN hi IS NOT NULL AND av > hi THEN 3 ELSE 0 END AS alert,
    CASE WHEN NOT act THEN NULL WHEN av <= 0 THEN 0 WHEN av < lo THEN av - lo
         WHEN hi IS NOT NULL AND av > hi THEN hi - av END AS alert_key,
    CASE WHEN act AND lo > 0 AND av < lo THEN av - lo END AS short_key,
    CASE WHEN oh > 0 THEN -((oh * cost + 500) / 1000) END AS value_key,
    (oh * p1 + 500) / 1000 AS sale_value,
    hm AS home, act AS active,
    CASE WHEN hm THEN units END AS item_units,
    CASE WHEN hm AND units > 0 THEN -sv END AS item_key,
    CASE WHEN hm AND units > 0 THEN (units * p1 + 500) / 1000 ELSE 0 END AS item_sale
  FROM s
)"""


def contributions(p: str) -> list[str]:
    """What a row adds to its branch's totals (order of ``TOTALS``), its state read from ``{p}column``."""

    def one(cond: str) -> str:
        return f"CASE WHEN {cond} THEN 1 ELSE 0 END"

    return [
        f"{p}r_on_hand",
        f"{p}r_reserved",
        one(f"{p}r_on_hand > 0"),
        f"COALESCE(-{p}value_key, 0)",
        f"{p}sale_value",
        one(f"{p}alert = 1"),
        one(f"{p}alert = 2"),
        one(f"{p}alert = 3"),
        one(f"{p}short_key IS NOT NULL"),
        one(f"{p}home AND {p}alert = 1"),
        one(f"{p}home AND {p}alert = 2"),
        one(f"{p}home AND {p}alert = 3"),
        one(f"{p}home AND {p}short_key IS NOT NULL"),
        one(f"{p}home AND COALESCE({p}item_units, 0) <> 0"),
        f"COALESCE(-{p}item_key, 0)",
        f"{p}item_sale",
    ]


def _changed(distinct: str) -> str:
    return " OR ".join(f"sb.{d} {distinct} n.{d}" for d in DERIVED)


def _upsert_set() -> str:
    return ", ".join(f"{c} = stock_branch_totals.{c} + excluded.{c}" for c in TOTALS)


def refresh_sql(dialect: str, where: str) -> str:
    """The one statement that brings the rows chosen by ``where`` (and, on PostgreSQL, their totals)
    up to date; on SQLite the trigger :data:`SQLITE_TRIGGER` must exist."""
    state = _STATE.format(where=where)
    sets = ", ".join(f"{d} = n.{d}" for d in DERIVED)
    key = "sb.tenant_id = n.tenant_id AND sb.item_id = n.item_id AND sb.branch_id = n.branch_id"
    if dialect == "sqlite":
        return f"WITH {state} UPDATE stock_balances AS sb SET {sets} FROM n WHERE {key} AND ({_changed('IS NOT')})"
    deltas = [f"SUM({a} - {b})" for a, b in zip(contributions("n."), contributions("sb."), strict=True)]
    nonzero = " OR ".join(f"{d} <> 0" for d in deltas)
    return (
        f"WITH {state}, u AS (UPDATE stock_balances AS sb SET {sets} FROM n WHERE {key}"
        f" AND ({_changed('IS DISTINCT FROM')}))"
        f" INSERT INTO stock_branch_totals (tenant_id, branch_id, {', '.join(TOTALS)})"
        f" SELECT sb.tenant_id, sb.branch_id, {', '.join(deltas)}"
        f" FROM n JOIN stock_balances sb ON {key}"
        f" GROUP BY sb.tenant_id, sb.branch_id HAVING {nonzero} ORDER BY sb.tenant_id, sb.branch_id"
        f" ON CONFLICT (tenant_id, branch_id) DO UPDATE SET {_upsert_set()}"
    )


def _sqlite_trigger() -> str:
    deltas = [f"{a} - {b}" for a, b in zip(contributions("NEW."), contributions("OLD."), strict=True)]
    return (
        "CREATE TRIGGER stock_rollup_totals AFTER UPDATE OF r_on_hand ON stock_balances FOR EACH ROW BEGIN"
        f" INSERT INTO stock_branch_totals (tenant_id, branch_id, {', '.join(TOTALS)})"
        f" VALUES (NEW.tenant_id, NEW.branch_id, {', '.join(deltas)})"
        f" ON CONFLICT (tenant_id, branch_id) DO UPDATE SET {_upsert_set()}; END"
    )


# Every (item, branch) of the items chosen by ``{which}`` (a condition on ``i``) gets a row: zero, unlisted.
ENSURE_SQL = """
INSERT INTO stock_balances (tenant_id, item_id, branch_id, on_hand, reserved, listed)
SELECT i.tenant_id, i.id, b.id, 0, 0, false FROM items i JOIN branches b ON b.tenant_id = i.tenant_id
WHERE {which}
ON CONFLICT (tenant_id, item_id, branch_id) DO NOTHING"""


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    add = op.add_column
    add("stock_balances", sa.Column("listed", sa.Boolean(), nullable=False, server_default=sa.text("true")))
    for name in BIG_DEFAULT_ZERO:
        add("stock_balances", sa.Column(name, sa.BigInteger(), nullable=False, server_default=sa.text("0")))
    for name in BIG_NULL:
        add("stock_balances", sa.Column(name, sa.BigInteger(), nullable=True))
    add("stock_balances", sa.Column("alert", sa.SmallInteger(), nullable=False, server_default=sa.text("0")))
    add("stock_balances", sa.Column("home", sa.Boolean(), nullable=False, server_default=sa.text("false")))
    add("stock_balances", sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.text("false")))
    for name, columns, where in INDEXES:
        op.create_index(name, "stock_balances", columns, sqlite_where=sa.text(where), postgresql_where=sa.text(where))
    op.create_table(
        "stock_branch_totals",
        sa.Column("tenant_id", _id(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_stock_branch_totals_tenant_id_tenants")),
        sa.Column("branch_id", _id(), nullable=False),
        *[sa.Column(name, sa.BigInteger(), nullable=False, server_default=sa.text("0")) for name in TOTALS],
        sa.PrimaryKeyConstraint("tenant_id", "branch_id", name=op.f("pk_stock_branch_totals")),
    )
    bind = op.get_bind()
    dialect = bind.dialect.name
    if dialect == "sqlite":
        bind.execute(sa.text(_sqlite_trigger()))
    bind.execute(sa.text(ENSURE_SQL.format(which="true")))
    bind.execute(sa.text(refresh_sql(dialect, "true")))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS stock_rollup_totals")
    op.drop_table("stock_branch_totals")
    for name, _, _ in INDEXES:
        op.drop_index(name, table_name="stock_balances")
    with op.batch_alter_table("stock_balances") as batch:
        for name in ("listed", *BIG_DEFAULT_ZERO, *BIG_NULL, "alert", "home", "active"):
            batch.drop_column(name)
