"""A register day as a hypothesis state machine, over the fakes and a real SQLite database: sales of
random baskets (discounts, several tax rates) with every tender, cancellations, returns (some asking
for more than is left), cash in and out. After every step:

* the X cut's ``expected_cash`` equals the model's drawer, recomputed here from what each step
  put in or took out (never from the register's own totals);
* stock is conserved: each item's stock = initial - sold + cancelled + returned (the model's
  count), and the movement ledger sums to every balance (``stock_violations``);
* each ticket's total equals its journal entry's debits on the money accounts (101.01, 102.01) to
  the cent, and each return's total the entry's credits on them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.domain import chart
from nexus_core.domain.sales import Sale
from nexus_core.domain.stock import InsufficientStock
from nexus_core.domain.tax import line_figures
from nexus_core.errors import RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services import items as I
from nexus_core.services.registers import CutX, OpenRegister, RecordCashMovement, cut_x, open_register
from nexus_core.services.registers import record_cash_movement as cash_movement
from nexus_core.services.returns import ReturnLineInput, ReturnSale, return_sale
from nexus_core.services.runner import Nexus
from nexus_core.services.sales import CancelSale, CreateSale, SaleLineInput, cancel_sale, create_sale
from nexus_core.testing import in_memory_nexus
from nexus_core.testing.builders import create_shop, login
from nexus_core.testing.stock_checks import stock_violations

D = Decimal
ZERO = D("0.00")
OPENING = D("500.00")
INITIAL = 40
PRICES = [D("9.99"), D("100.00"), D("349.50"), D("1234.56")]
RATES = ["0.16", "0.08", "0"]
_shops = itertools.count(1)

basket = st.lists(
    st.tuples(
        st.integers(0, 2),  # which item
        st.integers(1, 4),  # quantity
        st.sampled_from(PRICES),
        st.sampled_from([D(0), D("5"), D("12.5")]),  # discount %
        st.sampled_from(RATES),
    ),
    min_size=1,
    max_size=3,
)


class RegisterDay(RuleBasedStateMachine):
    uows: Callable[[], UnitOfWorkFactory]  # a fresh store per example on the fakes; one database on SQLite

    def __init__(self) -> None:
        super().__init__()
        self.nexus = Nexus(uows=type(self).uows(), deps=in_memory_nexus().deps)
        n = next(_shops)
        shop = create_shop(self.nexus, name=f"Refaccionaria {n}", owner_pin="1234")
        self.tid = shop.tenant_id
        _, self.owner = login(self.nexus, self.tid, "1234")
        self.items = [
            self.run(
                I.create_item,
                I.CreateItem(
                    self.owner, {"name": f"Pieza {k}", "branch_id": shop.branch_id}, cost=c, initial_stock=INITIAL
                ),
            ).id
            for k, c in enumerate(("10.00", "55.55", "300.00"))
        ]
        self.stock = {i: D(INITIAL) for i in self.items}
        self.drawer = OPENING
        self.sales: list[dict[str, Any]] = []  # the model of each sale

    def run(self, handler: Any, cmd: Any) -> Any:
        return self.nexus.run(self.tid, handler, cmd)

    @initialize()
    def open_the_register(self) -> None:
        self.run(open_register, OpenRegister(self.owner, OPENING))

    def _money_side(self, entry_id: int, side: str) -> Decimal:
        with self.nexus.uows.tenant(self.tid, write=False) as uow:
            entry = uow.journal.get(entry_id)
            codes = {a.id: code for code, a in uow.accounts.get_many_by_code({chart.CASH, chart.BANKS}).items()}
        assert entry is not None
        return sum((getattr(ln, side) for ln in entry.lines if ln.account_id in codes), ZERO)

    @rule(
        lines=basket, method=st.sampled_from(["efectivo", "tarjeta", "transferencia", "mixto"]), extra=st.integers(0, 3)
    )
    def sell(self, lines: list[tuple[int, int, Decimal, Decimal, str]], method: str, extra: int) -> None:
        wanted = [(self.items[k], q, p, d, r) for k, q, p, d, r in lines]
        total = sum((line_figures(q, p, d, r).total for _, q, p, d, r in wanted), ZERO)
        kw: dict[str, Any] = {}
        cash = ZERO
        if method == "efectivo":
            kw["amount_paid"] = total + extra  # change is given back: the drawer keeps the total
            cash = total
        elif method == "mixto":
            cash = (total / 3).quantize(D("0.01"))
            kw["payment_details"] = [("efectivo", cash), ("tarjeta", total - cash)]
        cmd = CreateSale(self.owner, [SaleLineInput(i, q, p, d, r) for i, q, p, d, r in wanted], method, **kw)
        try:
            sale: Sale = self.run(create_sale, cmd)
        except InsufficientStock:
            need: dict[int, Decimal] = {}
            for i, q, *_ in wanted:
                need[i] = need.get(i, D(0)) + q
            assert any(self.stock[i] < q for i, q in need.items())
            return
        except RuleViolation as e:  # a mixed payment whose cash share rounds to nothing
            assert method == "mixto" and cash == 0, e
            return
        assert sale.totals.total == total
        assert self._money_side(sale.entry_id, "debit") == total  # ticket = entry's debits, to the cent
        for i, q, *_ in wanted:
            self.stock[i] -= q
        self.drawer += cash
        self.sales.append({"sale": sale, "cash_left": cash, "returned": {}, "cancelled": False})

    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        if not self.sales:
            return
        m = data.draw(st.sampled_from(self.sales))
        sale: Sale = m["sale"]
        try:
            self.run(cancel_sale, CancelSale(self.owner, sale.id))
        except RuleViolation:
            assert m["cancelled"] or m["returned"]
            return
        assert not m["cancelled"] and not m["returned"]
        m["cancelled"] = True
        for ln in sale.lines:
            self.stock[ln.item_id] += ln.figures.quantity
        self.drawer -= m["cash_left"]
        m["cash_left"] = ZERO

    @rule(data=st.data(), qty=st.integers(1, 5))
    def give_back(self, data: st.DataObject, qty: int) -> None:
        if not self.sales:
            return
        m = data.draw(st.sampled_from(self.sales))
        sale: Sale = m["sale"]
        n = data.draw(st.integers(0, len(sale.lines) - 1))
        item = sale.lines[n].item_id
        rows = [(k, ln) for k, ln in enumerate(sale.lines) if ln.item_id == item]
        left = sum((ln.figures.quantity - m["returned"].get(k, 0) for k, ln in rows), D(0))
        try:
            ret = self.run(return_sale, ReturnSale(self.owner, sale.id, [ReturnLineInput(item, qty)]))
        except RuleViolation:
            assert m["cancelled"] or qty > left
            return
        assert not m["cancelled"] and qty <= left
        expected = ZERO  # the model's figures: the line's share at the cumulative quantity
        q = D(qty)
        for k, ln in rows:
            before = D(m["returned"].get(k, 0))
            take = min(q, ln.figures.quantity - before)
            if take <= 0:
                continue
            f = ln.figures

            def at(x: Decimal, f: Any = f) -> Decimal:
                return ZERO if x == 0 else line_figures(x, f.unit_price, f.discount_pct, f.tax_rate).total

            expected += at(before + take) - at(before)
            m["returned"][k] = before + take
            q -= take
        assert ret.total == expected
        assert self._money_side(ret.entry_id, "credit") == expected
        refund_cash = min(m["cash_left"], expected)
        m["cash_left"] -= refund_cash
        self.drawer -= refund_cash
        self.stock[item] += D(qty)

    @rule(amount=st.sampled_from([D("0.01"), D("20.00"), D("150.75")]), out=st.booleans())
    def cash_in_or_out(self, amount: Decimal, out: bool) -> None:
        try:
            self.run(cash_movement, RecordCashMovement(self.owner, "out" if out else "in", amount, "caja chica"))
        except RuleViolation:
            assert out and amount > self.drawer
            return
        self.drawer += -amount if out else amount

    @invariant()
    def the_drawer_and_the_stock_add_up(self) -> None:
        assert self.run(cut_x, CutX(self.owner)).expected_cash == self.drawer
        with self.nexus.uows.tenant(self.tid, write=False) as uow:
            assert stock_violations(uow) == []
            for i in self.items:
                assert uow.stock.total_on_hand(i) == self.stock[i]


@pytest.fixture(params=["fake", "sqlite"])
def uows(request: pytest.FixtureRequest) -> Iterator[Callable[[], UnitOfWorkFactory]]:
    if request.param == "fake":
        yield lambda: in_memory_nexus().uows
        return
    engine = make_engine(request.getfixturevalue("_sqlite_database"))
    factory = SqlUnitOfWorkFactory(engine)
    try:
        yield lambda: factory
    finally:
        engine.dispose()


def test_a_register_day_keeps_the_drawer_the_stock_and_the_books_exact(uows: Callable[[], UnitOfWorkFactory]) -> None:
    RegisterDay.uows = uows
    run_state_machine_as_test(
        RegisterDay,
        settings=settings(
            max_examples=12, stateful_step_count=20, suppress_health_check=[HealthCheck.too_slow], deadline=None
        ),
    )
