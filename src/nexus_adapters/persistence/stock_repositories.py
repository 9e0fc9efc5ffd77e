"""SQL repository of stock balances (conditional changes); movements are in :mod:`.movement_repositories`,
reservations and counts in :mod:`.reservation_repositories`.

Every change of a balance is one statement whose WHERE clause carries the check
(``on_hand - reserved >= :qty``), and whose row count says whether it applied; the table's CHECK
constraints back it up. Quantities are bound through :class:`Quantity`, never as bare numbers.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BindParameter,
    Connection,
    Date,
    RowMapping,
    bindparam,
    case,
    func,
    select,
    update,
)

from nexus_adapters.persistence.fast import run, run_many
from nexus_adapters.persistence.inventory_tables import (
    Quantity,
    stock_balances,
)
from nexus_adapters.persistence.sql import dialect_insert
from nexus_adapters.persistence.stock_rollup import touch
from nexus_core.domain.stock import (
    QTY_ZERO,
    StockBalance,
)

QuantityTotals = dict[tuple[int, int], Decimal]
_b = stock_balances.c
_CHUNK = 500  # ids per IN list
_INCREASES: dict[str, Any] = {}  # the batch upsert of balances, built once per dialect


# Built once (docs/adr/0033-counter-speed.md): every sale reads and decreases its items' balances.
_ALL_BRANCHES = select(_b.item_id, _b.branch_id, _b.on_hand, _b.reserved).where(
    _b.tenant_id == bindparam("t"), _b.item_id.in_(bindparam("ids", expanding=True))
)
_DAY = bindparam("d", type_=Date())
_DECREASE = (
    update(stock_balances)
    .where(
        _b.tenant_id == bindparam("t"),
        _b.item_id == bindparam("i"),
        _b.branch_id == bindparam("b"),
        _b.on_hand - _b.reserved >= bindparam("q", type_=Quantity()),
    )
    .values(
        on_hand=_b.on_hand - bindparam("q", type_=Quantity()),
        last_day=case((_b.last_day < _DAY, _DAY), else_=_b.last_day),
    )
)


def _moved(day: date | None) -> dict[str, Any]:
    """The row's last movement day, in the statement that changes the balance (never moved back)."""
    if day is None:
        return {}
    d = bindparam(None, day, type_=Date())
    return {"last_day": case((_b.last_day < d, d), else_=_b.last_day)}


def _qty(value: Decimal) -> BindParameter[Decimal]:
    return bindparam(None, value, type_=Quantity())


def _to_balance(row: RowMapping) -> StockBalance:
    return StockBalance(row["item_id"], row["branch_id"], row["on_hand"], row["reserved"])


class SqlStockBalanceRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def _where(self, item_id: int, branch_id: int) -> tuple[Any, ...]:
        return (_b.tenant_id == self._tid, _b.item_id == item_id, _b.branch_id == branch_id)

    def _rolled(self, item_ids: Collection[int]) -> None:
        touch(self._conn, self._tid, item_ids)  # the reports' state follows at commit (ADR 34)

    def get(self, item_id: int, branch_id: int) -> StockBalance:
        stmt = select(stock_balances).where(*self._where(item_id, branch_id), _b.listed)
        row = self._conn.execute(stmt).mappings().first()
        return _to_balance(row) if row else StockBalance(item_id, branch_id)

    def for_item(self, item_id: int) -> list[StockBalance]:
        stmt = (
            select(stock_balances)
            .where(_b.tenant_id == self._tid, _b.item_id == item_id, _b.listed)
            .order_by(_b.branch_id)
        )
        return [_to_balance(r) for r in self._conn.execute(stmt).mappings()]

    def for_items(self, item_ids: Collection[int], branch_id: int) -> dict[int, StockBalance]:
        wanted = sorted(set(item_ids))
        found: dict[int, StockBalance] = {}
        if wanted:
            stmt = select(stock_balances).where(
                _b.tenant_id == self._tid, _b.branch_id == branch_id, _b.item_id.in_(wanted), _b.listed
            )
            found = {r["item_id"]: _to_balance(r) for r in self._conn.execute(stmt).mappings()}
        return {i: found.get(i) or StockBalance(i, branch_id) for i in wanted}

    def for_items_with_totals(
        self, item_ids: Collection[int], branch_id: int
    ) -> tuple[dict[int, StockBalance], dict[int, Decimal]]:
        wanted = sorted(set(item_ids))
        found: dict[int, StockBalance] = {}
        totals = dict.fromkeys(wanted, QTY_ZERO)
        for start in range(0, len(wanted), _CHUNK):
            params = {"t": self._tid, "ids": wanted[start : start + _CHUNK]}
            for item_id, branch, on_hand, reserved in run(self._conn, _ALL_BRANCHES, params):
                totals[item_id] += on_hand
                if branch == branch_id:
                    found[item_id] = StockBalance(item_id, branch, on_hand, reserved)
        return {i: found.get(i) or StockBalance(i, branch_id) for i in wanted}, totals

    def total_on_hand(self, item_id: int) -> Decimal:
        stmt = select(func.coalesce(func.sum(_b.on_hand), 0)).where(_b.tenant_id == self._tid, _b.item_id == item_id)
        return Decimal(self._conn.execute(stmt).scalar_one()).quantize(QTY_ZERO)  # typed Quantity: already scaled

    def totals_on_hand(self, item_ids: Collection[int]) -> dict[int, Decimal]:
        wanted = sorted(set(item_ids))
        totals = dict.fromkeys(wanted, QTY_ZERO)
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            stmt = (
                select(_b.item_id, func.sum(_b.on_hand))
                .where(_b.tenant_id == self._tid, _b.item_id.in_(chunk))
                .group_by(_b.item_id)
            )
            for item_id, total in self._conn.execute(stmt):
                totals[item_id] = Decimal(total).quantize(QTY_ZERO)  # typed Quantity: already scaled
        return totals

    def increase_many(self, rows: Sequence[tuple[int, int, Decimal]], *, day: date | None = None) -> None:
        if not rows:
            return
        key = self._conn.dialect.name
        stmt = _INCREASES.get(key)
        if stmt is None:
            insert = dialect_insert(self._conn, stock_balances)
            moved = insert.excluded.last_day
            stmt = _INCREASES[key] = insert.on_conflict_do_update(
                index_elements=["tenant_id", "item_id", "branch_id"],
                set_={
                    "on_hand": _b.on_hand + insert.excluded.on_hand,
                    "listed": True,
                    "last_day": case((_b.last_day < moved, moved), else_=_b.last_day),
                },
            )
        never = date(1, 1, 1)
        params = [
            {
                "tenant_id": self._tid,
                "item_id": i,
                "branch_id": b,
                "on_hand": q,
                "reserved": QTY_ZERO,
                "last_day": day or never,
            }
            for i, b, q in rows
        ]
        run_many(self._conn, stmt, params)
        self._rolled({i for i, _, _ in rows})

    def increase(self, item_id: int, branch_id: int, qty: Decimal, *, day: date | None = None) -> None:
        insert = dialect_insert(self._conn, stock_balances).values(
            tenant_id=self._tid,
            item_id=item_id,
            branch_id=branch_id,
            on_hand=qty,
            reserved=QTY_ZERO,
            last_day=day or date(1, 1, 1),
        )
        stmt = insert.on_conflict_do_update(
            index_elements=["tenant_id", "item_id", "branch_id"],
            set_={"on_hand": _b.on_hand + _qty(qty), "listed": True, **_moved(day)},
        )
        self._conn.execute(stmt)
        self._rolled([item_id])

    def _change(self, item_id: int, branch_id: int, condition: Any, **values: Any) -> bool:
        stmt = update(stock_balances).where(*self._where(item_id, branch_id), condition).values(**values)
        applied = bool(self._conn.execute(stmt).rowcount == 1)
        if applied:
            self._rolled([item_id])
        return applied

    def decrease(self, item_id: int, branch_id: int, qty: Decimal, *, day: date | None = None) -> bool:
        return self._change(
            item_id, branch_id, _b.on_hand - _b.reserved >= _qty(qty), on_hand=_b.on_hand - _qty(qty), **_moved(day)
        )

    def decrease_many(self, rows: Sequence[tuple[int, int, Decimal]], *, day: date | None = None) -> bool:
        if len(rows) < 2 or not self._conn.dialect.supports_sane_multi_rowcount:
            return all([self.decrease(i, b, q, day=day) for i, b, q in rows])
        stmt = _DECREASE
        params = [{"t": self._tid, "i": i, "b": b, "q": q, "d": day} for i, b, q in rows]
        applied = bool(run_many(self._conn, stmt, params) == len(rows))
        self._rolled({i for i, _, _ in rows})
        return applied

    def reserve(self, item_id: int, branch_id: int, qty: Decimal, *, day: date | None = None) -> bool:
        cond = _b.on_hand - _b.reserved >= _qty(qty)
        return self._change(item_id, branch_id, cond, reserved=_b.reserved + _qty(qty), **_moved(day))

    def release(self, item_id: int, branch_id: int, qty: Decimal, *, day: date | None = None) -> bool:
        return self._change(
            item_id, branch_id, _b.reserved >= _qty(qty), reserved=_b.reserved - _qty(qty), **_moved(day)
        )

    def consume(self, item_id: int, branch_id: int, qty: Decimal, *, day: date | None = None) -> bool:
        return self._change(
            item_id,
            branch_id,
            _b.reserved >= _qty(qty),
            on_hand=_b.on_hand - _qty(qty),
            reserved=_b.reserved - _qty(qty),
            **_moved(day),
        )

    def set_reserved(self, item_id: int, branch_id: int, reserved: Decimal) -> None:
        # A plain UPDATE: an INSERT ... ON CONFLICT would have its CHECKs judged on the proposed new row.
        stmt = update(stock_balances).where(*self._where(item_id, branch_id)).values(reserved=reserved, listed=True)
        if self._conn.execute(stmt).rowcount == 0 and reserved != 0:
            self._conn.execute(  # no row means nothing on hand: the CHECK refuses this, as it should
                stock_balances.insert().values(
                    tenant_id=self._tid, item_id=item_id, branch_id=branch_id, on_hand=QTY_ZERO, reserved=reserved
                )
            )
        self._rolled([item_id])

    def reserved_totals(self) -> QuantityTotals:
        stmt = select(stock_balances).where(_b.tenant_id == self._tid, _b.reserved != 0)
        return {(r["item_id"], r["branch_id"]): r["reserved"] for r in self._conn.execute(stmt).mappings()}

    def all(self) -> list[StockBalance]:
        stmt = select(stock_balances).where(_b.tenant_id == self._tid, _b.listed).order_by(_b.item_id, _b.branch_id)
        return [_to_balance(r) for r in self._conn.execute(stmt).mappings()]
