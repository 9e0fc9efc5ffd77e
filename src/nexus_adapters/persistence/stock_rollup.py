"""Maintain the stock reports' state with every change of a balance or an item (ADR 34).

The repositories only *note* what a transaction touched (:func:`touch`: an item's balances or figures
changed; :func:`touch_new`: new items, which need a zero row in every branch; :func:`touch_all`: a
new branch). Just before the transaction commits, :func:`flush_pending` brings the state of every
touched item up to date in the database with one statement (:mod:`.rollup_sql`; plus one to add
the zero rows when items or branches were added), so a sale or an import batch pays one statement,
not one per balance statement, and the totals change exactly when the balances do.

:func:`rollup_drift` recomputes everything in Python from scratch and names what differs (the check
of the SQL); :func:`rebuild` rewrites the state (after bulk loads that bypass the engine).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, TextClause, bindparam, inspect, text

from nexus_adapters.persistence.fast import run
from nexus_adapters.persistence.rollup_sql import DERIVED, ENSURE_SQL, LAST_DAY_SQL, refresh_sql
from nexus_adapters.persistence.rollup_tables import LOW, NEVER, OVER, TOTALS, ZERO

_CHUNK = 2000
_PENDING = "stock_rollup_pending"  # conn.info: tenant -> what this transaction touched
Derived = tuple[Any, ...]
Totals = list[int]


@dataclass
class Pending:
    items: set[int] = field(default_factory=set)
    new: set[int] = field(default_factory=set)
    everything: bool = False


_ROWS = f"""
SELECT sb.item_id, sb.branch_id, sb.on_hand, sb.reserved, sb.last_day, {", ".join("sb." + d for d in DERIVED)},
       i.branch_id AS home_branch, i.is_active, i.min_stock, i.max_stock, i.cost, i.price_1, i.stock_value
FROM stock_balances sb JOIN items i ON i.tenant_id = sb.tenant_id AND i.id = sb.item_id
WHERE sb.tenant_id = :t"""

_DEFAULTS = text(
    "UPDATE stock_balances SET r_on_hand = 0, r_reserved = 0, alert = 0, alert_key = NULL, short_key = NULL,"
    " value_key = NULL, sale_value = 0, home = false, active = false, item_units = NULL, item_key = NULL,"
    " item_sale = 0, item_idle = NULL WHERE tenant_id = :t"
)


def _round(thousandths_times_cents: int) -> int:
    """``quantity x money`` (thousandths x cents) in cents, half up (values are never negative)."""
    return (thousandths_times_cents + 500) // 1000


def derive(r: Any, item_units: int, item_day: Any = None) -> Derived:
    """A row's state from its balance and its item (``r`` a row of :data:`_ROWS`)."""
    on_hand, reserved = int(r.on_hand), int(r.reserved)
    available, low, high = on_hand - reserved, int(r.min_stock), r.max_stock
    active, home = bool(r.is_active), r.branch_id == r.home_branch
    alert, alert_key, short_key = 0, None, None
    if active:
        if available <= 0:
            alert, alert_key = ZERO, 0
        elif available < low:
            alert, alert_key = LOW, available - low
        elif high is not None and available > int(high):
            alert, alert_key = OVER, int(high) - available
        if low > 0 and available < low:
            short_key = available - low
    value_key = -_round(on_hand * int(r.cost)) if on_hand > 0 else None
    units = item_units if home else None
    item_key = -int(r.stock_value) if home and item_units > 0 else None
    item_sale = _round(item_units * int(r.price_1)) if home and item_units > 0 else 0
    sale_value = _round(on_hand * int(r.price_1))
    item_idle = item_day if home and item_units > 0 else None
    return (
        on_hand,
        reserved,
        alert,
        alert_key,
        short_key,
        value_key,
        sale_value,
        home,
        active,
        units,
        item_key,
        item_sale,
        item_idle,
    )


def contribution(d: Derived) -> Totals:
    """What a row with state ``d`` adds to its branch's totals, in the order of ``TOTALS``."""
    on_hand, reserved, alert, _, short_key, value_key, sale_value, home, _, units, item_key, item_sale, _ = d
    home = bool(home)
    return [
        on_hand,
        reserved,
        1 if on_hand > 0 else 0,
        -value_key if value_key is not None else 0,
        sale_value,
        1 if alert == ZERO else 0,
        1 if alert == LOW else 0,
        1 if alert == OVER else 0,
        1 if short_key is not None else 0,
        1 if home and alert == ZERO else 0,
        1 if home and alert == LOW else 0,
        1 if home and alert == OVER else 0,
        1 if home and short_key is not None else 0,
        1 if home and units else 0,
        -item_key if item_key is not None else 0,
        item_sale,
    ]


def _stored(r: Any) -> Derived:
    values = tuple(getattr(r, d) for d in DERIVED)
    return (*values[:7], bool(values[7]), bool(values[8]), *values[9:])


def _chunks(ids: Collection[int]) -> Iterable[list[int]]:
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), _CHUNK):
        yield wanted[start : start + _CHUNK]


def _recompute(rows: list[Any]) -> list[tuple[Any, Derived]]:
    units: dict[int, int] = defaultdict(int)
    days: dict[int, Any] = {}
    for r in rows:
        units[r.item_id] += int(r.on_hand)
        days[r.item_id] = max(days.get(r.item_id, r.last_day), r.last_day)
    return [(r, derive(r, units[r.item_id], days[r.item_id])) for r in rows]


def _pending(conn: Connection) -> dict[int, Pending]:
    found: dict[int, Pending] = conn.info.setdefault(_PENDING, {})
    return found


def touch(conn: Connection, tenant_id: int, item_ids: Iterable[int]) -> None:
    """The balances or figures of ``item_ids`` changed in this transaction (no statement now)."""
    _pending(conn).setdefault(tenant_id, Pending()).items.update(item_ids)


def touch_new(conn: Connection, tenant_id: int, item_ids: Iterable[int]) -> None:
    """New items: at commit each gets a zero row in every branch, then its state."""
    ids = set(item_ids)
    pending = _pending(conn).setdefault(tenant_id, Pending())
    pending.items.update(ids)
    pending.new.update(ids)


def touch_all(conn: Connection, tenant_id: int) -> None:
    """A new branch: at commit every item gets its zero row there, and every item's state is refreshed."""
    _pending(conn).setdefault(tenant_id, Pending()).everything = True


def flush_pending(conn: Connection) -> None:
    """Just before commit: the zero rows of new items, then one refresh of every touched item."""
    pending = conn.info.pop(_PENDING, {})
    for tenant_id, p in sorted(pending.items()):
        if p.everything:
            if not inspect(conn).has_table("stock_branch_totals"):
                continue  # a schema older than 0021 (migration tests create branches at earlier revisions)
            conn.execute(text(ENSURE_SQL.format(which="i.tenant_id = :t")), {"t": tenant_id})
            conn.execute(text(refresh_sql(conn.dialect.name, "sb.tenant_id = :t")), {"t": tenant_id})
            continue
        for chunk in _chunks(p.new):
            run(conn, _statement(ENSURE_SQL.format(which="i.tenant_id = :t AND i.id IN :ids")), _args(tenant_id, chunk))
        for chunk in _chunks(p.items):  # on SQLite through the driver lane (ADR 35): a sale pays this one
            run(conn, _statement(_refresh_items(conn.dialect.name)), _args(tenant_id, chunk))


_STATEMENTS: dict[str, TextClause] = {}


def _statement(sql: str) -> TextClause:
    """Built once per text (per dialect): the sale path pays the statement, not its construction."""
    found = _STATEMENTS.get(sql)
    if found is None:
        found = _STATEMENTS[sql] = text(sql).bindparams(bindparam("ids", expanding=True))
    return found


_REFRESH: dict[str, str] = {}


def _refresh_items(dialect: str) -> str:
    found = _REFRESH.get(dialect)
    if found is None:
        found = _REFRESH[dialect] = refresh_sql(dialect, "sb.tenant_id = :t AND sb.item_id IN :ids")
    return found


def _args(tenant_id: int, chunk: list[int]) -> dict[str, Any]:
    return {"t": tenant_id, "ids": chunk}


def discard_pending(conn: Connection) -> None:
    conn.info.pop(_PENDING, None)


def _recomputed(conn: Connection, tenant_id: int) -> tuple[dict[tuple[int, int], Derived], dict[int, Totals]]:
    rows = list(conn.execute(text(_ROWS), {"t": tenant_id}))
    state: dict[tuple[int, int], Derived] = {}
    totals: dict[int, Totals] = defaultdict(lambda: [0] * len(TOTALS))
    for r, new in _recompute(rows):
        state[(r.item_id, r.branch_id)] = new
        totals[r.branch_id] = [a + b for a, b in zip(totals[r.branch_id], contribution(new), strict=True)]
    return state, {b: d for b, d in totals.items() if any(d)}


def _maintained_totals(conn: Connection, tenant_id: int) -> dict[int, Totals]:
    sql = text(f"SELECT branch_id, {', '.join(TOTALS)} FROM stock_branch_totals WHERE tenant_id = :t")
    found = {r[0]: [int(v) for v in r[1:]] for r in conn.execute(sql, {"t": tenant_id})}
    return {b: d for b, d in found.items() if any(d)}


def rollup_drift(conn: Connection, tenant_id: int) -> list[str]:
    """What the maintained state holds that a recomputation does not, one sentence each (empty: none);
    run it on a connection with nothing pending (its own, or after commit)."""
    found: list[str] = []
    missing = conn.execute(
        text(
            "SELECT COUNT(*) FROM items i JOIN branches b ON b.tenant_id = i.tenant_id WHERE i.tenant_id = :t"
            " AND NOT EXISTS (SELECT 1 FROM stock_balances sb WHERE sb.tenant_id = i.tenant_id"
            " AND sb.item_id = i.id AND sb.branch_id = b.id)"
        ),
        {"t": tenant_id},
    ).scalar_one()
    if missing:
        found.append(f"{missing} (item, branch) pairs have no balance row")
    stale = conn.execute(
        text(
            "SELECT sb.item_id, sb.branch_id, sb.last_day, (SELECT MAX(m.business_date) FROM stock_movements m"
            " WHERE m.tenant_id = sb.tenant_id AND m.item_id = sb.item_id AND m.branch_id = sb.branch_id) AS moved"
            " FROM stock_balances sb WHERE sb.tenant_id = :t"
        ),
        {"t": tenant_id},
    )
    for r in stale:
        if str(r.last_day) != str(r.moved if r.moved is not None else NEVER):
            found.append(f"item {r.item_id} branch {r.branch_id}: last_day {r.last_day} != {r.moved}")
    state, totals = _recomputed(conn, tenant_id)
    for r in conn.execute(text(_ROWS), {"t": tenant_id}):
        if _stored(r) != state[(r.item_id, r.branch_id)]:
            found.append(f"item {r.item_id} branch {r.branch_id}: {_stored(r)} != {state[(r.item_id, r.branch_id)]}")
    maintained = _maintained_totals(conn, tenant_id)
    for b in sorted(set(totals) | set(maintained)):
        want, have = totals.get(b, [0] * len(TOTALS)), maintained.get(b, [0] * len(TOTALS))
        for name, w, h in zip(TOTALS, want, have, strict=True):
            if w != h:
                found.append(f"branch {b}: {name} {h} != {w}")
    return found


def rebuild(conn: Connection, tenant_id: int) -> None:
    """Rewrite every row's state and the totals from scratch (add missing zero rows, read each row's last
    movement day from the movements): every row
    back to the zero state (contributing nothing), the totals deleted, then one refresh of everything."""
    _pending(conn).pop(tenant_id, None)  # the recomputation covers them
    conn.execute(text(ENSURE_SQL.format(which="i.tenant_id = :t")), {"t": tenant_id})
    conn.execute(text(LAST_DAY_SQL.format(which="tenant_id = :t")), {"t": tenant_id})
    conn.execute(_DEFAULTS, {"t": tenant_id})
    conn.execute(text("DELETE FROM stock_branch_totals WHERE tenant_id = :t"), {"t": tenant_id})
    conn.execute(text(refresh_sql(conn.dialect.name, "sb.tenant_id = :t")), {"t": tenant_id})
