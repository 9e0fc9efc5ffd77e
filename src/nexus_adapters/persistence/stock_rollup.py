"""Maintain the stock reports' state with every change of a balance or an item (ADR 34).

:func:`refresh` is the one path: the balance repository calls it after each statement that changes
``on_hand`` or ``reserved``, the item repository after each change of an item (levels, cost, prices,
home branch, active) and the branch repository for a new branch. For the items touched it makes sure
every (item, branch) has a row (zero rows are ``listed = false``), recomputes each row's
contribution from the row and its item, writes the rows whose contribution changed, and adds the
differences to ``stock_branch_totals`` -- in the caller's transaction, just before it commits
(:func:`flush_pending`, called by the unit of work), so the totals change exactly when the
balances do. Everything is in storage units (cents, thousandths), exact integers.

:func:`rollup_drift` recomputes everything from scratch and names what differs; :func:`rebuild`
rewrites the state from a recomputation (after bulk loads that bypass the engine).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, inspect, text

from nexus_adapters.persistence.inventory_tables import stock_branch_totals
from nexus_adapters.persistence.rollup_tables import LOW, OVER, TOTALS, ZERO
from nexus_adapters.persistence.sql import dialect_insert

_CHUNK = 500
_PENDING = "stock_rollup_pending"  # conn.info: (tenant, branch) -> differences not yet in the totals
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
Derived = tuple[Any, ...]
Totals = list[int]

_ENSURE = """
INSERT INTO stock_balances (tenant_id, item_id, branch_id, on_hand, reserved, listed)
SELECT i.tenant_id, i.id, b.id, 0, 0, false FROM items i JOIN branches b ON b.tenant_id = i.tenant_id
WHERE i.tenant_id = :t {which}
ON CONFLICT (tenant_id, item_id, branch_id) DO NOTHING"""

_ROWS = f"""
SELECT sb.item_id, sb.branch_id, sb.on_hand, sb.reserved, {", ".join("sb." + d for d in DERIVED)},
       i.branch_id AS home_branch, i.is_active, i.min_stock, i.max_stock, i.cost, i.price_1, i.stock_value
FROM stock_balances sb JOIN items i ON i.tenant_id = sb.tenant_id AND i.id = sb.item_id
WHERE sb.tenant_id = :t {{which}}"""

_WRITE = text(
    f"UPDATE stock_balances SET {', '.join(f'{d} = :{d}' for d in DERIVED)}"
    " WHERE tenant_id = :t AND item_id = :i AND branch_id = :b"
)


def _round(thousandths_times_cents: int) -> int:
    """``quantity x money`` (thousandths x cents) in cents, half up (values are never negative)."""
    return (thousandths_times_cents + 500) // 1000


def derive(r: Any, item_units: int) -> Derived:
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
    )


def contribution(d: Derived) -> Totals:
    """What a row with state ``d`` adds to its branch's totals, in the order of ``TOTALS``."""
    on_hand, reserved, alert, _, short_key, value_key, sale_value, home, _, units, item_key, item_sale = d
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
    for r in rows:
        units[r.item_id] += int(r.on_hand)
    return [(r, derive(r, units[r.item_id])) for r in rows]


def refresh(conn: Connection, tenant_id: int, item_ids: Collection[int], *, ensure: bool = True) -> None:
    """Bring the state of ``item_ids`` (every branch) and their branches' totals up to date;
    ``ensure=False`` when their rows exist already (a balance change: the item's creation made them)."""
    delta: dict[int, Totals] = defaultdict(lambda: [0] * len(TOTALS))
    writes: list[dict[str, Any]] = []
    which = "AND {alias}.id IN :ids"
    for chunk in _chunks(item_ids):
        add_rows = text(_ENSURE.format(which=which.format(alias="i"))).bindparams(bindparam("ids", expanding=True))
        if ensure:
            conn.execute(add_rows, {"t": tenant_id, "ids": chunk})
        select = text(_ROWS.format(which="AND sb.item_id IN :ids")).bindparams(bindparam("ids", expanding=True))
        for r, new in _recompute(list(conn.execute(select, {"t": tenant_id, "ids": chunk}))):
            old = _stored(r)
            if new != old:
                writes.append(
                    {"t": tenant_id, "i": r.item_id, "b": r.branch_id, **dict(zip(DERIVED, new, strict=True))}
                )
                acc = delta[r.branch_id]
                for k, (a, b) in enumerate(zip(contribution(new), contribution(old), strict=True)):
                    acc[k] += a - b
    if writes:
        conn.execute(_WRITE, writes)
    pending: dict[tuple[int, int], Totals] = conn.info.setdefault(_PENDING, {})
    for branch_id, d in delta.items():
        acc = pending.setdefault((tenant_id, branch_id), [0] * len(TOTALS))
        for k, v in enumerate(d):
            acc[k] += v


def flush_pending(conn: Connection) -> None:
    """Add the transaction's pending differences to the totals rows, in (tenant, branch) order, just
    before it commits: the totals rows are the last locks a transaction takes, always in one order, so
    two writers never wait for each other in a cycle (PostgreSQL)."""
    pending: dict[tuple[int, int], Totals] = conn.info.pop(_PENDING, {})
    by_tenant: dict[int, dict[int, Totals]] = defaultdict(dict)
    for (tenant_id, branch_id), d in sorted(pending.items()):
        by_tenant[tenant_id][branch_id] = d
    for tenant_id, delta in by_tenant.items():
        _add_totals(conn, tenant_id, delta)


def discard_pending(conn: Connection) -> None:
    conn.info.pop(_PENDING, None)


def refresh_branch(conn: Connection, tenant_id: int, branch_id: int) -> None:
    """A new branch: a zero row for every item there (a zero row's state: see :func:`derive`). Skipped
    on a schema older than 0021 (migration tests create branches at earlier revisions)."""
    if not inspect(conn).has_table("stock_branch_totals"):
        return
    ids = conn.execute(text("SELECT id FROM items WHERE tenant_id = :t"), {"t": tenant_id}).scalars().all()
    refresh(conn, tenant_id, ids)


def _add_totals(conn: Connection, tenant_id: int, delta: dict[int, Totals]) -> None:
    changed = {b: d for b, d in delta.items() if any(d)}
    if not changed:
        return
    t = stock_branch_totals
    changed = dict(sorted(changed.items()))
    insert = dialect_insert(conn, t)
    stmt = insert.on_conflict_do_update(
        index_elements=["tenant_id", "branch_id"],
        set_={name: t.c[name] + insert.excluded[name] for name in TOTALS},
    )
    rows = [{"tenant_id": tenant_id, "branch_id": b, **dict(zip(TOTALS, d, strict=True))} for b, d in changed.items()]
    conn.execute(stmt, rows)


def _recomputed(conn: Connection, tenant_id: int) -> tuple[dict[tuple[int, int], Derived], dict[int, Totals]]:
    rows = list(conn.execute(text(_ROWS.format(which="")), {"t": tenant_id}))
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
    state, totals = _recomputed(conn, tenant_id)
    for r in conn.execute(text(_ROWS.format(which="")), {"t": tenant_id}):
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
    """Rewrite every row's state and the totals from a recomputation (and add missing zero rows)."""
    conn.execute(text(_ENSURE.format(which="")), {"t": tenant_id})
    state, totals = _recomputed(conn, tenant_id)
    writes = [{"t": tenant_id, "i": i, "b": b, **dict(zip(DERIVED, d, strict=True))} for (i, b), d in state.items()]
    if writes:
        conn.execute(_WRITE, writes)
    pending = conn.info.get(_PENDING, {})
    for key in [k for k in pending if k[0] == tenant_id]:
        del pending[key]  # the recomputation already holds them
    conn.execute(text("DELETE FROM stock_branch_totals WHERE tenant_id = :t"), {"t": tenant_id})
    _add_totals(conn, tenant_id, totals)
