"""Stock conservation under any sequence of operations (hypothesis stateful): on_hand is the sum of
the movements, reserved the sum of the open reservations, on_hand >= reserved >= 0 per (item,
branch), and the books' 115.01 equals the items' stock values. Refused operations change nothing."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from contract.stock_shop import make_shop
from nexus_core.domain.ledger import EntryDraft, EntryType
from nexus_core.domain.posting_basics import cost_lines
from nexus_core.domain.stock import InsufficientStock
from nexus_core.errors import InvalidInput, RuleViolation
from nexus_core.services.adjustments import AdjustStock, adjust_stock
from nexus_core.services.counts import ApproveCount, CountedLine, StartCount, approve_count, start_count
from nexus_core.services.posting import PostEntry, post_entry
from nexus_core.services.reservations import consume, release, reserve
from nexus_core.services.stock import issue_lines, stock_context
from nexus_core.services.transfers import TransferLine, TransferStock, transfer_stock
from nexus_core.testing import in_memory_nexus

D = Decimal
ITEMS = st.sampled_from([1, 2, 3])
QTY = st.integers(min_value=1, max_value=6).map(D)
REFUSED = (InsufficientStock, InvalidInput, RuleViolation)


class StockMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.shop = make_shop(in_memory_nexus())
        for name in ("A", "B", "C"):
            self.shop.item(name, stock=3, cost="10.00")
        self.holders = 0
        self.counts: list[int] = []

    def branch(self, north: bool) -> int:
        return self.shop.norte if north else self.shop.centro

    def engine(self, fn: Any, **kw: Any) -> Any:
        """An engine call as a sale or a delivery would make it, posting the cost it returns."""

        def handler(cmd: object, uow: Any, deps: Any) -> Any:
            ctx = stock_context(uow, deps, None)
            result = fn(uow, ctx, **kw)
            cost = sum((getattr(ln, "cost", D(0)) for ln in result), D(0)) if isinstance(result, list) else result
            if isinstance(cost, Decimal) and cost > 0:
                draft = EntryDraft.create(
                    type=EntryType.SALE,
                    date=ctx.business_date,
                    reference="V",
                    description="costo",
                    lines=cost_lines(cost),
                )
                post_entry(PostEntry(draft, "test"), uow, deps)
            return result

        return self.shop.run(handler, None)

    def attempt(self, fn: Any, *args: Any, **kw: Any) -> None:
        with contextlib.suppress(REFUSED):
            fn(*args, **kw)

    @rule(item=ITEMS, qty=QTY, cost=st.integers(0, 5000), north=st.booleans())
    def purchase(self, item: int, qty: Decimal, cost: int, north: bool) -> None:
        self.shop.buy(item, qty, str(D(cost) / 100), branch=self.branch(north))

    @rule(lines=st.lists(st.tuples(ITEMS, QTY), min_size=1, max_size=3), north=st.booleans())
    def sell(self, lines: list[tuple[int, Decimal]], north: bool) -> None:
        self.attempt(self.engine, issue_lines, branch_id=self.branch(north), lines=lines, reference="V")

    @rule(item=ITEMS, qty=st.integers(-6, 6).filter(bool), north=st.booleans())
    def adjust(self, item: int, qty: int, north: bool) -> None:
        cmd = AdjustStock(self.shop.op, item, qty, "ajuste", branch_id=self.branch(north))
        self.attempt(self.shop.run, adjust_stock, cmd)

    @rule(item=ITEMS, qty=QTY, north=st.booleans())
    def transfer(self, item: int, qty: Decimal, north: bool) -> None:
        cmd = TransferStock(self.shop.op, self.branch(north), self.branch(not north), [TransferLine(item, qty)])
        self.attempt(self.shop.run, transfer_stock, cmd)

    @rule(lines=st.lists(st.tuples(ITEMS, QTY), min_size=1, max_size=3), north=st.booleans())
    def reserve(self, lines: list[tuple[int, Decimal]], north: bool) -> None:
        self.holders += 1
        kw = {"holder_kind": "layaway", "holder_id": self.holders, "branch_id": self.branch(north), "lines": lines}
        self.attempt(self.engine, reserve, **kw)

    @rule(holder=st.integers(1, 20), consume_it=st.booleans())
    def close(self, holder: int, consume_it: bool) -> None:
        self.attempt(self.engine, consume if consume_it else release, holder_kind="layaway", holder_id=holder)

    @rule(item=ITEMS, counted=st.integers(0, 8), north=st.booleans())
    def count(self, item: int, counted: int, north: bool) -> None:
        started = self.shop.run(start_count, StartCount(self.shop.op, self.branch(north), [CountedLine(item, counted)]))
        self.counts.append(started.count_id)

    @rule(index=st.integers(0, 5))
    def approve(self, index: int) -> None:
        if self.counts:
            count_id = self.counts[index % len(self.counts)]
            self.attempt(self.shop.run, approve_count, ApproveCount(self.shop.op, count_id))

    @invariant()
    def conserved(self) -> None:
        self.shop.check()

    @invariant()
    def books_follow(self) -> None:
        assert self.shop.books_115() == self.shop.value()


StockMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=20, deadline=None)
TestStockConservation = StockMachine.TestCase
