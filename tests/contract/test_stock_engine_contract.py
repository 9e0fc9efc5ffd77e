"""The stock engine through its use cases, on the fakes, SQLite and PostgreSQL: what a warehouse
employee notices, and that the books follow in the same transaction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from contract.stock_shop import Shop, make_shop
from nexus_core.domain.stock import InsufficientStock, MovementKind
from nexus_core.errors import InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services import items as I
from nexus_core.services.adjustments import AdjustStock, adjust_stock
from nexus_core.services.authz import Actor
from nexus_core.services.counts import ApproveCount, CountedLine, StartCount, approve_count, start_count
from nexus_core.services.reservations import RebuildReserved, consume, rebuild_reserved, release, reserve
from nexus_core.services.runner import Nexus
from nexus_core.services.stock import issue_lines, stock_context
from nexus_core.services.transfers import TransferLine, TransferStock, transfer_stock
from nexus_core.testing import in_memory_nexus
from nexus_core.testing.builders import create_shop

D = Decimal


@pytest.fixture
def shop(uow_factory: UnitOfWorkFactory) -> Shop:
    return make_shop(Nexus(uows=uow_factory, deps=in_memory_nexus().deps))


def sell(shop: Shop, branch: int, *lines: tuple[int, int]) -> list[Decimal]:
    def handler(cmd: object, uow: object, deps: object) -> list[Decimal]:
        ctx = stock_context(uow, deps, None)  # type: ignore[arg-type]
        return [ln.cost for ln in issue_lines(uow, ctx, branch, [(i, D(q)) for i, q in lines], reference="T-1")]  # type: ignore[arg-type]

    result: list[Decimal] = shop.run(handler, None)
    return result


def test_a_new_item_gets_a_valid_ean13_and_its_initial_stock(shop: Shop) -> None:
    item_id = shop.item(stock=10, cost="150.00", part_number="04465-02220")
    view = shop.view(item_id)
    assert view.item.barcode.startswith("750") and len(view.item.barcode) == 13
    assert (view.on_hand, view.reserved, view.stock) == (D(10), D(0), D(10))
    assert view.item.cost == D("150.00") and view.item.stock_value == D("1500.00")
    assert shop.books_115() == D("1500.00")
    other = shop.item("Balatas")
    assert shop.view(other).item.barcode != view.item.barcode


def test_duplicate_part_numbers_are_refused_whatever_their_spelling(shop: Shop) -> None:
    shop.item(part_number="04465-02220")
    with pytest.raises(RuleViolation, match="part number"):
        shop.item("Otra", part_number="0446502220")
    with pytest.raises(RuleViolation, match="barcode"):
        shop.item("Otra", barcode=shop.view(1).item.barcode)


def test_unknown_branch_or_category_is_404(shop: Shop) -> None:
    with pytest.raises(NotFound):
        shop.run(I.create_item, I.CreateItem(shop.op, {"name": "X", "branch_id": 999}))
    with pytest.raises(NotFound):
        shop.run(I.create_item, I.CreateItem(shop.op, {"name": "X", "branch_id": shop.centro, "category_id": 5}))


def test_update_changes_only_given_fields_and_refuses_cost(shop: Shop) -> None:
    item_id = shop.item(price_1="350.00", brand="Toyota")
    shop.run(I.update_item, I.UpdateItem(shop.op, item_id, {"price_1": "360.00"}))
    view = shop.view(item_id)
    assert view.item.price_1 == D("360.00") and view.item.brand == "Toyota"
    with pytest.raises(RuleViolation, match="cost"):
        shop.run(I.update_item, I.UpdateItem(shop.op, item_id, {"cost": "1.00"}))
    with pytest.raises(InvalidInput, match="max_stock"):
        shop.run(I.update_item, I.UpdateItem(shop.op, item_id, {"min_stock": 10, "max_stock": 5}))
    assert shop.view(item_id).item.min_stock == D(0)


def test_purchases_update_the_weighted_average_and_post_115_118_201(shop: Shop) -> None:
    item_id = shop.item(stock=10, cost="100.00")
    result = shop.buy(item_id, 10, "120.00", invoice_number="FAC-001", supplier="Distribuidora Central")
    assert (result.subtotal, result.tax, result.total) == (D("1200.00"), D("192.00"), D("1392.00"))
    view = shop.view(item_id)
    assert view.item.cost == D("110.00") and view.on_hand == D(20)
    assert shop.books_115() == D("2200.00") == view.item.stock_value
    assert view.movements[0].kind is MovementKind.PURCHASE and view.movements[0].reference == "FAC-001"


def test_sales_cost_at_the_average_and_the_last_unit_takes_the_rest_of_the_value(shop: Shop) -> None:
    item_id = shop.item(stock=3, cost="10.00")
    shop.buy(item_id, 1, "11.00")  # value 41.00 for 4 units: average 10.25
    assert sell(shop, shop.centro, (item_id, 1)) == [D("10.25")]
    assert sell(shop, shop.centro, (item_id, 3)) == [D("30.75")]
    assert shop.view(item_id).item.stock_value == D("0.00")


def test_a_sale_short_on_two_lines_names_both_and_changes_nothing(shop: Shop) -> None:
    a, b, c = shop.item("A", stock=1), shop.item("B", stock=5), shop.item("C", stock=0)
    with pytest.raises(InsufficientStock) as refused:
        sell(shop, shop.centro, (a, 2), (b, 1), (c, 1))
    assert [(s.item_id, s.required, s.available) for s in refused.value.short] == [(a, 2, 1), (c, 1, 0)]
    assert "required 2, available 1" in refused.value.message
    assert (shop.stock(a), shop.stock(b)) == (D(1), D(5))


def test_adjustment_records_shrinkage_and_cannot_go_negative(shop: Shop) -> None:
    item_id = shop.item(stock=5, cost="20.00")
    done = shop.run(adjust_stock, AdjustStock(shop.op, item_id, -2, "Merma por dano en almacen"))
    assert done.value == D("-40.00") and done.on_hand == D(3)
    assert shop.books_115() == D("60.00")
    with pytest.raises(InvalidInput, match="cannot remove 4, on hand 3"):
        shop.run(adjust_stock, AdjustStock(shop.op, item_id, -4, "robo"))
    with pytest.raises(InvalidInput, match="zero"):
        shop.run(adjust_stock, AdjustStock(shop.op, item_id, 0, "nada"))
    found = shop.run(adjust_stock, AdjustStock(shop.op, item_id, 1, "encontrada"))
    assert found.value == D("20.00") and shop.books_115() == D("80.00")
    shop.check()


def test_transfer_moves_units_between_branches_and_refuses_the_same_branch(shop: Shop) -> None:
    item_id = shop.item(stock=10)
    shop.run(transfer_stock, TransferStock(shop.op, shop.centro, shop.norte, [TransferLine(item_id, 4)]))
    assert (shop.stock(item_id), shop.stock(item_id, shop.norte)) == (D(6), D(4))
    with pytest.raises(InvalidInput, match="two branches"):
        shop.run(transfer_stock, TransferStock(shop.op, shop.centro, shop.centro, [TransferLine(item_id, 1)]))
    with pytest.raises(InsufficientStock, match="required 7, available 6"):
        shop.run(transfer_stock, TransferStock(shop.op, shop.centro, shop.norte, [TransferLine(item_id, 7)]))
    with pytest.raises(NotFound):
        shop.run(transfer_stock, TransferStock(shop.op, shop.centro, 999, [TransferLine(item_id, 1)]))
    assert shop.books_115() == D("1000.00")
    shop.check()


def test_count_differences_apply_to_todays_stock_so_sales_in_between_are_kept(shop: Shop) -> None:
    item_id = shop.item(stock=10, cost="10.00")
    started = shop.run(start_count, StartCount(shop.op, shop.centro, [CountedLine(item_id, 8)]))
    sell(shop, shop.centro, (item_id, 3))  # sold after counting, before approval
    approved = shop.run(approve_count, ApproveCount(shop.op, started.count_id))
    assert approved.adjusted == ((item_id, D(-2)),)
    assert shop.stock(item_id) == D(5)  # 10 - 3 sold - 2 missing
    assert shop.view(item_id).movements[0].kind is MovementKind.COUNT
    with pytest.raises(RuleViolation, match="already approved"):
        shop.run(approve_count, ApproveCount(shop.op, started.count_id))
    assert shop.stock(item_id) == D(5)
    with pytest.raises(NotFound):
        shop.run(approve_count, ApproveCount(shop.op, 999))
    shop.check()


def test_reservations_leave_stock_at_once_and_all_or_nothing(shop: Shop) -> None:
    a, b = shop.item("A", stock=5), shop.item("B", stock=1)

    def run_engine(fn: object, **kw: object) -> object:
        def handler(cmd: object, uow: object, deps: object) -> object:
            return fn(uow, stock_context(uow, deps, None), **kw)  # type: ignore[operator,arg-type]

        return shop.run(handler, None)

    run_engine(reserve, holder_kind="delivery_order", holder_id=7, branch_id=shop.centro, lines=[(a, D(2))])
    view = shop.view(a)
    assert (view.on_hand, view.reserved, view.stock) == (D(5), D(2), D(3))
    with pytest.raises(InsufficientStock) as refused:
        run_engine(reserve, holder_kind="layaway", holder_id=1, branch_id=shop.centro, lines=[(a, D(4)), (b, D(2))])
    assert [s.item_id for s in refused.value.short] == [a, b]
    assert shop.view(a).reserved == D(2)
    with pytest.raises(InsufficientStock):  # reserved units cannot be sold
        sell(shop, shop.centro, (a, 4))
    cost = run_engine(consume, holder_kind="delivery_order", holder_id=7)
    assert cost == D("200.00")
    view = shop.view(a)
    assert (view.on_hand, view.reserved) == (D(3), D(0))
    run_engine(reserve, holder_kind="layaway", holder_id=2, branch_id=shop.centro, lines=[(a, D(3))])
    assert run_engine(release, holder_kind="layaway", holder_id=2) == 1
    assert shop.stock(a) == D(3)
    with pytest.raises(RuleViolation):
        run_engine(consume, holder_kind="layaway", holder_id=2)
    shop.check()


def test_reserved_is_rebuilt_from_the_open_reservation_rows(shop: Shop) -> None:
    a = shop.item("A", stock=5)

    def break_it(cmd: object, uow: object, deps: object) -> None:
        ctx = stock_context(uow, deps, None)  # type: ignore[arg-type]
        reserve(uow, ctx, holder_kind="layaway", holder_id=1, branch_id=shop.centro, lines=[(a, D(2))])  # type: ignore[arg-type]
        uow.stock.set_reserved(a, shop.centro, D(0))  # type: ignore[attr-defined]

    shop.run(break_it, None)
    fixed = shop.run(rebuild_reserved, RebuildReserved(shop.op))
    assert [(c.item_id, c.was, c.now) for c in fixed] == [(a, D(0), D(2))]
    assert shop.view(a).reserved == D(2)
    assert shop.run(rebuild_reserved, RebuildReserved(shop.op)) == []


def test_the_wire_stock_is_of_the_asked_branch_else_the_home_branch(shop: Shop) -> None:
    item_id = shop.item(stock=4)
    shop.buy(item_id, 6, "100.00", branch=shop.norte)
    assert shop.stock(item_id) == D(4)
    assert shop.stock(item_id, shop.norte) == D(6)
    assert [b.branch_id for b in shop.view(item_id).balances] == [shop.centro, shop.norte]


def test_another_tenants_items_and_branches_are_missing(shop: Shop) -> None:
    mine = shop.item(stock=5)
    theirs = create_shop(shop.nexus, name="Refaccionaria Ajena")
    their_op = Actor.operator(theirs.tenant_id)
    with pytest.raises(NotFound):
        shop.nexus.run(theirs.tenant_id, I.get_item, I.GetItem(their_op, mine))
    with pytest.raises(NotFound):
        cmd = TransferStock(their_op, theirs.branch_id, shop.norte, [TransferLine(mine, 1)])
        shop.nexus.run(theirs.tenant_id, transfer_stock, cmd)
    with pytest.raises(NotFound):
        shop.nexus.run(theirs.tenant_id, adjust_stock, AdjustStock(their_op, mine, -1, "robo"))
    assert shop.stock(mine) == D(5)
