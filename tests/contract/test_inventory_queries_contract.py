"""The inventory read side gives the same answers on the fakes, SQLite and PostgreSQL: search by
name words (full-text index), part number typed any way, barcode; the alerts and the five reports."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from nexus_core.domain.stock import MovementKind
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services import inventory_lists as L
from nexus_core.services import inventory_reports as R
from nexus_core.services import items as I
from nexus_core.services.authz import Actor
from nexus_core.services.config import CreateBranch, create_branch
from nexus_core.services.runner import Deps, Nexus
from nexus_core.services.stock import issue_lines, stock_context
from nexus_core.testing import FakeCalendar, FakeClock, FakeDigester, FakeHasher, FakeTokenCodec
from nexus_core.testing.builders import create_shop


class Shop:
    def __init__(self, uows: UnitOfWorkFactory) -> None:
        self.clock = FakeClock()
        deps = Deps(self.clock, FakeHasher(), FakeDigester(), FakeTokenCodec(self.clock), FakeCalendar(self.clock))
        self.nexus = Nexus(uows, deps)
        made = create_shop(self.nexus)
        self.tid, self.centro = made.tenant_id, made.branch_id
        self.op = Actor.operator(self.tid)
        self.norte = self.run(create_branch, CreateBranch(actor=self.op, name="Sucursal Norte"))

    def run(self, handler: Any, cmd: Any) -> Any:
        return self.nexus.run(self.tid, handler, cmd)

    def item(self, name: str, *, stock: int | None = None, cost: str = "100.00", **fields: Any) -> int:
        cmd = I.CreateItem(self.op, {"name": name, "branch_id": self.centro, **fields}, cost=cost, initial_stock=stock)
        return int(self.run(I.create_item, cmd).id)

    def sell(self, item_id: int, qty: int) -> None:
        def handler(_: None, uow: Any, deps: Deps) -> None:
            ctx = stock_context(uow, deps, None)
            issue_lines(uow, ctx, self.centro, [(item_id, Decimal(qty))], kind=MovementKind.SALE, reference="V-1")

        self.run(handler, None)

    def ids(self, q: str | None = None, **kw: Any) -> list[int]:
        found, _ = self.run(L.list_items, L.ListItems(self.op, q, **kw))
        return [r.id for r in found.rows]


@pytest.fixture
def shop(uow_factory: UnitOfWorkFactory) -> Shop:
    return Shop(uow_factory)


def test_search_by_words_part_number_and_barcode(shop: Shop) -> None:
    pads = shop.item("Pastillas de freno delanteras", part_number="04465-02220")
    disc = shop.item("Disco de freno trasero", part_number="42431-0K120")
    oil = shop.item("Filtro de aceite Daño", barcode="7501234567893")
    assert shop.ids("freno") == [pads, disc]
    assert shop.ids("FREN tras") == [disc]
    assert shop.ids("dano") == [oil]  # accents do not matter
    for typed in ("04465-02220", "0446502220", "04465 02220", "04465.02220", "04465-02220 "):
        assert shop.ids(typed) == [pads], typed
    assert shop.ids("7501234567893") == [oil]
    assert shop.ids("balata") == []
    assert shop.ids('"freno"* -(') == [pads, disc]  # FTS syntax in the text is only words
    renamed = shop.run(I.update_item, I.UpdateItem(shop.op, disc, {"name": "Rotor trasero"}))
    assert renamed.name == "Rotor trasero"
    assert shop.ids("freno") == [pads] and shop.ids("rotor") == [disc]


def test_other_tenants_items_are_never_found(shop: Shop, uow_factory: UnitOfWorkFactory) -> None:
    shop.item("Pastillas de freno", part_number="A-1")
    made = create_shop(shop.nexus, name="Autopartes Lopez", owner_pin="9999")
    op = Actor.operator(made.tenant_id)
    found, _ = shop.nexus.run(made.tenant_id, L.list_items, L.ListItems(op, "freno"))
    assert found.rows == [] and found.total == 0
    found, _ = shop.nexus.run(made.tenant_id, L.list_items, L.ListItems(op, "A1"))
    assert found.total == 0


def test_filters_stock_and_pagination(shop: Shop) -> None:
    a = shop.item("Balata A", stock=2, min_stock=5)
    b = shop.item("Balata B", stock=8, min_stock=5)
    c = shop.item("Balata C")
    found, page = shop.run(L.list_items, L.ListItems(shop.op, "balata", per_page=2, page=2))
    assert [r.id for r in found.rows] == [c] and found.total == 3 and page.size == 2
    assert shop.ids(low_stock=True) == [a]
    found, _ = shop.run(L.list_items, L.ListItems(shop.op, branch_id=shop.norte))
    assert {r.id: r.stock for r in found.rows} == {a: 0, b: 0, c: 0}
    found, _ = shop.run(L.list_items, L.ListItems(shop.op))
    assert {r.id: r.stock for r in found.rows} == {a: 2, b: 8, c: 0}
    assert shop.ids(low_stock=True, branch_id=shop.norte) == [a, b]


def test_alerts_valuation_and_low_stock(shop: Shop) -> None:
    low = shop.item("Amortiguador", stock=2, min_stock=5, cost="500.00", price_1="900.00")
    zero = shop.item("Bujia", min_stock=1)
    over = shop.item("Tapon", stock=30, max_stock=10, cost="10.00", price_1="20.00")
    alerts = shop.run(R.inventory_alerts, R.GetAlerts(shop.op))
    assert [r.item_id for r in alerts.zero_stock] == [zero]
    assert [r.item_id for r in alerts.low_stock] == [low]
    assert [r.item_id for r in alerts.over_stock] == [over]
    assert (alerts.zero_count, alerts.low_count, alerts.over_count) == (1, 1, 1)
    v, _ = shop.run(R.valuation_report, R.ReportQuery(shop.op))
    assert v.total_cost_value == Decimal("1300.00") and v.total_sale_value == Decimal("2400.00")
    assert [(r.item_id, r.cost_value) for r in v.rows] == [(low, Decimal("1000.00")), (over, Decimal("300.00"))]
    v, _ = shop.run(R.valuation_report, R.ReportQuery(shop.op, branch_id=shop.norte))
    assert v.item_count == 0 and v.total_cost_value == 0
    lows, _ = shop.run(R.low_stock_report, R.ReportQuery(shop.op))
    assert [r.item_id for r in lows.rows] == [zero, low] or [r.item_id for r in lows.rows] == [low, zero]
    assert lows.total == 2


def test_abc_ranks_by_the_cost_of_what_was_sold(shop: Shop) -> None:
    big = shop.item("Motor de arranque", stock=10, cost="1000.00")
    mid = shop.item("Alternador", stock=10, cost="150.00")
    small = shop.item("Foco", stock=100, cost="10.00")
    shop.sell(big, 4)  # 4000
    shop.sell(mid, 5)  # 750
    shop.sell(small, 25)  # 250
    shop.clock.advance(timedelta(days=1))  # ABC classifies closed days: these sales enter tomorrow
    report, _, period = shop.run(R.abc_report, R.ReportQuery(shop.op, days=30))
    assert report.total_value == Decimal("5000.00")
    assert [(r.item_id, r.klass) for r in report.rows] == [(big, "A"), (mid, "B"), (small, "C")]
    assert [(c.klass, c.items) for c in report.classes] == [("A", 1), ("B", 1), ("C", 1)]
    assert [(r.quantity, r.preceding) for r in report.rows][1] == (Decimal("5.000"), Decimal("4000.00"))
    assert period.until - period.since == timedelta(days=29)
    shop.clock.advance(timedelta(days=40))
    report, _, _ = shop.run(R.abc_report, R.ReportQuery(shop.op, days=30))
    assert report.rows == [] and report.total == 0


def test_abc_holds_the_closed_days_today_s_sales_enter_tomorrow(shop: Shop) -> None:
    big = shop.item("Motor de arranque", stock=10, cost="1000.00")
    small = shop.item("Foco", stock=100, cost="10.00", part_number="F-1")
    shop.sell(big, 2)  # day 1: 2000
    report, _, period = shop.run(R.abc_report, R.ReportQuery(shop.op, days=30))
    assert report.rows == [] and report.total == 0 and report.total_value == 0  # today is not closed
    day1 = period.until + timedelta(days=1)
    shop.clock.advance(timedelta(days=1))
    shop.sell(small, 30)  # day 2 (today): 300
    report, _, period = shop.run(R.abc_report, R.ReportQuery(shop.op, days=30))
    assert (period.since, period.until) == (day1 - timedelta(days=29), day1)  # 30 days ending yesterday
    assert [r.item_id for r in report.rows] == [big] and report.total_value == Decimal("2000.00")
    shop.sell(big, 1)  # still today: the classification of the closed days does not move
    again, _, _ = shop.run(R.abc_report, R.ReportQuery(shop.op, days=30))
    assert again == report
    shop.clock.advance(timedelta(days=1))  # day 3: yesterday's sales are in
    report, _, _ = shop.run(R.abc_report, R.ReportQuery(shop.op, days=30))
    assert [(r.item_id, r.value) for r in report.rows] == [(big, Decimal("3000.00")), (small, Decimal("300.00"))]
    assert report.total_value == Decimal("3300.00") and report.total == 2
    second, page, _ = shop.run(R.abc_report, R.ReportQuery(shop.op, days=30, page=2, per_page=1))
    assert [(r.item_id, r.part_number, r.name, r.klass) for r in second.rows] == [(small, "F-1", "Foco", "B")]
    assert second.rows[0].preceding == Decimal("3000.00") and second.total == 2 and page.offset == 1
    assert second.classes == report.classes
    past, _, _ = shop.run(R.abc_report, R.ReportQuery(shop.op, days=30, page=3, per_page=1))
    assert past.rows == [] and past.total == 2
    only_yesterday, _, _ = shop.run(R.abc_report, R.ReportQuery(shop.op, days=1))
    sold_yesterday = [(r.item_id, r.quantity) for r in only_yesterday.rows]
    assert sold_yesterday == [(big, Decimal("1.000")), (small, Decimal("30.000"))]
    norte, _, _ = shop.run(R.abc_report, R.ReportQuery(shop.op, shop.norte, days=30))
    assert norte.rows == [] and norte.total == 0
    centro, _, _ = shop.run(R.abc_report, R.ReportQuery(shop.op, shop.centro, days=30))
    assert centro.total == 2


def test_no_movement_lists_stock_that_did_not_move_in_the_period(shop: Shop) -> None:
    still = shop.item("Espejo", stock=3)
    shop.clock.advance(timedelta(days=61))
    moving = shop.item("Balata", stock=3)
    found, _, period = shop.run(R.no_movement_report, R.ReportQuery(shop.op, days=60))
    assert [r.item_id for r in found.rows] == [still] and found.total == 1
    assert found.rows[0].last_movement == period.since - timedelta(days=2)
    assert moving not in [r.item_id for r in found.rows]
    assert isinstance(period.since, date)


def test_a_sale_takes_an_item_off_no_movement_and_each_branch_counts_its_own_moves(shop: Shop) -> None:
    sold, idle = shop.item("Balata", stock=5), shop.item("Espejo", stock=2)
    shop.clock.advance(timedelta(days=61))
    shop.sell(sold, 1)  # today
    query = R.ReportQuery(shop.op, days=60)
    assert [r.item_id for r in shop.run(R.no_movement_report, query)[0].rows] == [idle]
    in_centro = shop.run(R.no_movement_report, R.ReportQuery(shop.op, shop.centro, days=60))[0]
    assert [(r.item_id, r.on_hand) for r in in_centro.rows] == [(idle, Decimal("2.000"))] and in_centro.total == 1
    assert shop.run(R.no_movement_report, R.ReportQuery(shop.op, shop.norte, days=60))[0].total == 0  # none there


def test_branch_comparison_adds_each_branch_up(shop: Shop) -> None:
    a = shop.item("Balata", stock=10, cost="10.00", price_1="25.00")
    shop.item("Filtro", stock=4, cost="5.00")
    rows = shop.run(R.branch_comparison, R.CompareBranches(shop.op))
    assert [(r.branch_id, r.items_in_stock, r.on_hand, r.cost_value) for r in rows] == [
        (shop.centro, 2, Decimal("14.000"), Decimal("120.00")),
        (shop.norte, 0, Decimal("0.000"), Decimal("0.00")),
    ]
    one = shop.run(R.branch_comparison, R.CompareBranches(shop.op, a))
    assert [(r.on_hand, r.sale_value) for r in one] == [(Decimal("10.000"), Decimal("250.00")), (0, 0)]
