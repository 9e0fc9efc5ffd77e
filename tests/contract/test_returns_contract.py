"""Returns of sales on the fakes, SQLite and PostgreSQL: never more than sold and not yet returned,
stock back at the cost it left with, the 402.01 entry, the refund on the register, the sale's status."""

from __future__ import annotations

from decimal import Decimal

import pytest

from contract.sell_shop import Counter, make_counter
from contract.test_selling_contract import balance
from nexus_core.domain.sales import SaleStatus
from nexus_core.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services.registers import CutX, cut_x
from nexus_core.services.returns import ReturnLineInput, ReturnSale, return_sale
from nexus_core.services.runner import Nexus
from nexus_core.services.sales import CancelSale, GetSale, cancel_sale, get_sale
from nexus_core.testing import in_memory_nexus
from nexus_core.testing.builders import create_shop, login

D = Decimal


@pytest.fixture
def counter(uow_factory: UnitOfWorkFactory) -> Counter:
    return make_counter(Nexus(uows=uow_factory, deps=in_memory_nexus().deps))


def give_back(
    counter: Counter, sale_id: int, *lines: tuple[int, str], reason: str | None = "Parte equivocada"
) -> object:
    items = [ReturnLineInput(i, q) for i, q in lines]
    return counter.run(return_sale, ReturnSale(counter.owner, sale_id, items, reason))


def test_a_partial_then_a_full_return_restocks_refunds_posts_and_sets_the_status(counter: Counter) -> None:
    item = counter.shop.item(stock=10, cost="60.00")
    counter.open(amount="0.00")
    owner_register = counter.open(counter.owner, amount="100.00")
    sale = counter.sell((item, "3", "100.00"))  # 348.00 cash
    first = give_back(counter, sale.id, (item, "1"))
    assert first.folio == "D-0001" and first.total == D("116.00") and first.cost == D("60.00")
    assert counter.run(get_sale, GetSale(counter.owner, sale.id)).status is SaleStatus.PARTIALLY_RETURNED
    assert counter.shop.stock(item) == D(8)
    owner_cut = counter.run(cut_x, CutX(counter.owner, register_id=owner_register))
    assert owner_cut.totals.returns_cash == D("116.00") and owner_cut.expected_cash == D("-16.00")
    second = give_back(counter, sale.id, (item, "2"))
    assert first.total + second.total == sale.totals.total
    assert counter.run(get_sale, GetSale(counter.owner, sale.id)).status is SaleStatus.RETURNED
    assert counter.shop.stock(item) == D(10)
    assert balance(counter, "402.01") == sale.totals.subtotal
    assert balance(counter, "208.01") == D("0.00")
    assert balance(counter, "501.01") == D("0.00") and balance(counter, "115.01") == D("600.00")
    assert balance(counter, "101.01") == D("0.00")
    counter.shop.check()


def test_more_than_sold_and_not_yet_returned_is_refused_naming_the_line_and_writes_nothing(counter: Counter) -> None:
    item = counter.shop.item(stock=10)
    other = counter.shop.item("Balatas", stock=10)
    counter.open()
    counter.open(counter.owner, amount="500.00")
    sale = counter.sell((item, "2", "100.00"), (other, "1", "50.00"))
    with pytest.raises(RuleViolation, match=r"items\[1\]: item .*cannot return 3.*sold 2"):
        give_back(counter, sale.id, (other, "1"), (item, "3"))
    give_back(counter, sale.id, (item, "2"))
    with pytest.raises(RuleViolation, match=r"and 0(\.000)? of it is not yet returned"):
        give_back(counter, sale.id, (item, "1"))
    with pytest.raises(InvalidInput, match="not on sale"):
        give_back(counter, sale.id, (counter.shop.item("Filtro", stock=1), "1"))
    with pytest.raises(InvalidInput, match="quantity"):
        give_back(counter, sale.id, (other, "0"))
    with pytest.raises(InvalidInput, match="at least one item"):
        give_back(counter, sale.id)
    assert counter.shop.stock(other) == D(9) and counter.shop.stock(item) == D(10)
    counter.shop.check()


def test_a_card_sale_is_refunded_to_the_card_and_a_cancelled_sale_takes_no_return(counter: Counter) -> None:
    item = counter.shop.item(stock=10)
    card = counter.sell((item, "1", "100.00"), method="tarjeta")
    ret = give_back(counter, card.id, (item, "1"))  # no register needed: nothing leaves a drawer
    assert [(t.method.value, t.amount) for t in ret.refunds] == [("card", D("116.00"))]
    assert balance(counter, "102.01") == D("0.00")
    again = counter.sell((item, "1", "100.00"), method="tarjeta")
    counter.run(cancel_sale, CancelSale(counter.owner, again.id))
    with pytest.raises(RuleViolation, match="cancelled"):
        give_back(counter, again.id, (item, "1"))
    partly = counter.sell((item, "2", "100.00"), method="tarjeta")
    give_back(counter, partly.id, (item, "1"))
    with pytest.raises(RuleViolation, match="only a completed sale"):
        counter.run(cancel_sale, CancelSale(counter.owner, partly.id))


def test_a_cash_refund_needs_an_open_register_and_a_mixed_sale_refunds_its_tenders_in_turn(counter: Counter) -> None:
    item = counter.shop.item(stock=10)
    counter.open(amount="0.00")
    mixed = counter.sell(
        (item, "2", "100.00"), method="mixto", payment_details=[("efectivo", "32.00"), ("tarjeta", "200.00")]
    )
    with pytest.raises(RuleViolation, match="open register"):
        give_back(counter, mixed.id, (item, "1"))
    counter.open(counter.owner, amount="50.00")
    ret = give_back(counter, mixed.id, (item, "1"))
    assert [(t.method.value, t.amount) for t in ret.refunds] == [("cash", D("32.00")), ("card", D("84.00"))]
    last = give_back(counter, mixed.id, (item, "1"))
    assert [(t.method.value, t.amount) for t in last.refunds] == [("card", D("116.00"))]


def test_another_tenants_sale_is_not_found_and_a_cashier_may_not_take_returns(counter: Counter) -> None:
    item = counter.shop.item(stock=5)
    sale = counter.sell((item, "1", "100.00"), method="tarjeta")
    with pytest.raises(Forbidden):
        counter.run(return_sale, ReturnSale(counter.cashier, sale.id, [ReturnLineInput(item, "1")]))
    nexus = counter.shop.nexus
    other = create_shop(nexus, name="Refaccionaria Otra", owner_pin="4321")
    _, intruder = login(nexus, other.tenant_id, "4321")
    with pytest.raises(NotFound):
        nexus.run(other.tenant_id, return_sale, ReturnSale(intruder, sale.id, [ReturnLineInput(item, "1")]))
    assert counter.shop.stock(item) == D(4)
