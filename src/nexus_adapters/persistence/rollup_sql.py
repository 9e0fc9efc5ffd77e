"""The stock reports' refresh as one SQL statement per transaction (ADR 34).

:func:`refresh_sql` recomputes, in the database, the rolled-up state of every ``stock_balances`` row of
the items chosen by ``{where}`` (a condition on ``sb``) and writes the rows whose state changed; the
difference of their contributions reaches ``stock_branch_totals``:

* PostgreSQL: in the same statement (a data-modifying CTE for the rows, an upsert of the totals in
  branch order -- the totals rows are the last locks a transaction takes, always in one order);
* SQLite: through the trigger :data:`SQLITE_TRIGGER` (one writer at a time: no lock order to keep).

Storage units throughout (thousandths, cents): exact integer arithmetic, ``quantity x money`` rounded
half up to cents as :func:`.stock_rollup.derive` does (the Python recomputation that checks this one).
Migration 0021 holds a frozen copy of this text (0024 adds ``item_idle``: the item's latest movement day).
"""

from __future__ import annotations

from nexus_adapters.persistence.rollup_tables import TOTALS

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
    "item_idle",
)

# The new state of each row, from its balance and its item (``units``: the item's units, every branch).
_STATE = """
s AS (
  SELECT sb.tenant_id, sb.item_id, sb.branch_id, sb.on_hand AS oh, sb.reserved AS rs,
         sb.on_hand - sb.reserved AS av, i.min_stock AS lo, i.max_stock AS hi, i.cost AS cost,
         i.price_1 AS p1, i.stock_value AS sv, i.is_active AS act,
         COALESCE(sb.branch_id = i.branch_id, false) AS hm,
         CAST(SUM(sb.on_hand) OVER (PARTITION BY sb.tenant_id, sb.item_id) AS BIGINT) AS units,
         MAX(sb.last_day) OVER (PARTITION BY sb.tenant_id, sb.item_id) AS idle
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
    CASE WHEN hm AND units > 0 THEN (units * p1 + 500) / 1000 ELSE 0 END AS item_sale,
    CASE WHEN hm AND units > 0 THEN idle END AS item_idle
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


SQLITE_TRIGGER = _sqlite_trigger()

# Every (item, branch) of the items chosen by ``{which}`` (a condition on ``i``) gets a row: zero, unlisted.
ENSURE_SQL = """
INSERT INTO stock_balances (tenant_id, item_id, branch_id, on_hand, reserved, listed)
SELECT i.tenant_id, i.id, b.id, 0, 0, false FROM items i JOIN branches b ON b.tenant_id = i.tenant_id
WHERE {which}
ON CONFLICT (tenant_id, item_id, branch_id) DO NOTHING"""

# Every row's last_day from the movements (migration 0024, and :func:`.stock_rollup.rebuild` after bulk loads).
LAST_DAY_SQL = """
UPDATE stock_balances SET last_day = COALESCE((SELECT MAX(m.business_date) FROM stock_movements m
  WHERE m.tenant_id = stock_balances.tenant_id AND m.item_id = stock_balances.item_id
    AND m.branch_id = stock_balances.branch_id), last_day)
WHERE {which}"""
