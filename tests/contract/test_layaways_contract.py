"""Layaways on the fakes, SQLite and PostgreSQL: the goods are reserved while the customer pays,
completion consumes the reservation and turns the advance into a sale, cancellation releases the goods
and refunds or forfeits the deposits; the register and the books follow; stock is conserved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from contract.sell_shop import Counter, make_counter, with_customers
from contract.test_selling_contract import balance
from nexus_core.domain.layaways import Layaway, LayawayStatus
from nexus_core.domain.stock import InsufficientStock
from nexus_core.errors import InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services.layaway_reads import GetLayaway, ListLayaways, get_layaway, list_layaways
from nexus_core.services.layaways import (
    CancelLayaway,
    CompleteLayaway,
    CreateLayaway,
    PayLayaway,
    cancel_layaway,
    complete_layaway,
    create_layaway,
    pay_layaway,
)
from nexus_core.services.registers import CutX, cut_x
from nexus_core.services.runner import Nexus
from nexus_core.services.sales import SaleLineInput
from nexus_core.testing import in_memory_nexus
from nexus_core.testing.builders import create_shop, login

D = Decimal
C5 = C7 = 0  # the fixture's two customers (ids differ per database)
DUE = date(2026, 4, 30)


@pytest.fixture
def counter(uow_factory: UnitOfWorkFactory) -> Counter:
    made = make_counter(Nexus(uows=uow_factory, deps=in_memory_nexus().deps))
    global C5, C7
    C5, C7 = with_customers(made)
    return made


def lay_away(counter: Counter, item: int, qty: str = "1", price: str = "1000.00", **kw: Any) -> Layaway:
    fields: dict[str, Any] = {"customer_id": C5, "down_payment": "400.00", "due_date": DUE, **kw}
    cmd = CreateLayaway(counter.cashier, [SaleLineInput(item, qty, price)], **fields)
    made: Layaway = counter.run(create_layaway, cmd)
    return made


def stock(counter: Counter, item: int) -> tuple[Decimal, Decimal]:
    """(on hand, reserved) in the home branch."""
    b = counter.shop.view(item).balance()
    return b.on_hand, b.reserved


def pay(counter: Counter, layaway_id: Any, amount: str, method: str = "efectivo") -> Any:
    return counter.run(pay_layaway, PayLayaway(counter.cashier, layaway_id, amount, method))


def test_a_layaway_reserves_takes_installments_and_completes_consuming_the_reservation(counter: Counter) -> None:
    item = counter.shop.item(stock=3, cost="600.00")
    counter.open(amount="0.00")
    made = lay_away(counter, item)  # 1000 + 160 IVA
    assert (made.folio, made.totals.total, made.paid, made.balance) == ("A-0001", D("1160.00"), D("400"), D("760"))
    assert [p.folio for p in made.payments] == ["AB-0001"]
    assert stock(counter, item) == (D(3), D(1)) and counter.shop.stock(item) == D(2)
    assert balance(counter, "206.01") == D("-400.00") and balance(counter, "101.01") == D("400.00")
    with pytest.raises(InvalidInput, match="more than the balance 760"):
        pay(counter, made.id, "760.01")
    with pytest.raises(RuleViolation, match="still owes 760"):
        counter.run(complete_layaway, CompleteLayaway(counter.cashier, made.id))
    paid = pay(counter, made.id, "500.00")
    assert (paid.payment.folio, paid.layaway.balance) == ("AB-0002", D("260.00"))
    pay(counter, made.id, "260.00", "tarjeta")
    assert counter.run(cut_x, CutX(counter.cashier)).totals.layaway_cash == D("900.00")
    assert counter.run(cut_x, CutX(counter.cashier)).expected_cash == D("900.00")
    done = counter.run(complete_layaway, CompleteLayaway(counter.cashier, made.id))
    assert done.status is LayawayStatus.COMPLETED and done.completion_entry_id is not None
    assert stock(counter, item) == (D(2), D(0))
    assert balance(counter, "206.01") == D("0.00") and balance(counter, "401.01") == D("-1000.00")
    assert balance(counter, "208.01") == D("-160.00") and balance(counter, "501.01") == D("600.00")
    assert counter.shop.books_115() == counter.shop.value()
    with pytest.raises(RuleViolation, match="is completed"):
        counter.run(complete_layaway, CompleteLayaway(counter.cashier, made.id))
    with pytest.raises(RuleViolation, match="is completed"):
        pay(counter, made.id, "1.00")
    detail = counter.run(get_layaway, GetLayaway(counter.owner, made.id))
    assert [(p.folio, p.amount) for p in detail.payments] == [
        ("AB-0001", D("400.00")),
        ("AB-0002", D("500.00")),
        ("AB-0003", D("260.00")),
    ]
    assert detail.balance == D("0.00") and detail.lines == made.lines
    counter.shop.check()


def test_cancelling_releases_the_goods_refunds_from_the_drawer_and_only_once(counter: Counter) -> None:
    item = counter.shop.item(stock=2)
    counter.open(actor=counter.owner, amount="100.00")
    counter.open(amount="0.00")
    made = lay_away(counter, item, qty="2")
    pay(counter, made.id, "100.00")
    cmd = CancelLayaway(counter.owner, made.id, penalty="50.00", reason="Cliente no completo pagos")
    cancelled = counter.run(cancel_layaway, cmd)
    assert (cancelled.status, cancelled.refunded, cancelled.penalty) == (LayawayStatus.CANCELLED, D(450), D(50))
    assert cancelled.policy is not None and cancelled.policy.value == "refund"
    assert stock(counter, item) == (D(2), D(0))
    assert counter.run(cut_x, CutX(counter.owner)).expected_cash == D("100.00") - D("450.00")
    assert counter.run(cut_x, CutX(counter.cashier)).expected_cash == D("500.00")
    assert balance(counter, "206.01") == D("0.00") and balance(counter, "403.01.03") == D("-50.00")
    with pytest.raises(RuleViolation, match="is cancelled"):
        counter.run(cancel_layaway, CancelLayaway(counter.owner, made.id))
    with pytest.raises(RuleViolation, match="is cancelled"):
        pay(counter, made.id, "1.00")
    counter.shop.check()


def test_a_forfeited_layaway_keeps_the_deposits_and_moves_no_cash(counter: Counter) -> None:
    item = counter.shop.item(stock=1)
    counter.open(amount="0.00")
    made = lay_away(counter, item, payment_method="transferencia")
    with pytest.raises(InvalidInput, match="penalty is for refunds"):
        counter.run(cancel_layaway, CancelLayaway(counter.owner, made.id, policy="forfeit", penalty="1.00"))
    with pytest.raises(InvalidInput, match="policy"):
        counter.run(cancel_layaway, CancelLayaway(counter.owner, made.id, policy="keep"))
    done = counter.run(cancel_layaway, CancelLayaway(counter.owner, made.id, policy="forfeit"))
    assert done.refunded == D("0.00") and balance(counter, "403.01.03") == D("-400.00")
    assert balance(counter, "102.01") == D("400.00") and stock(counter, item) == (D(1), D(0))
    assert counter.run(cut_x, CutX(counter.cashier)).expected_cash == D("0.00")


@pytest.mark.parametrize(
    ("kw", "error", "words"),
    [
        ({"due_date": date(2026, 3, 31)}, InvalidInput, "in the past"),
        ({"due_date": None}, InvalidInput, "due_date is required"),
        ({"customer_id": None}, InvalidInput, "customer_id"),
        ({"down_payment": "0"}, InvalidInput, "down_payment"),
        ({"down_payment": "1160.01"}, InvalidInput, "more than the total"),
        ({"payment_method": "mixto"}, InvalidInput, "payment_method"),
        ({"qty": "4"}, InsufficientStock, "stock"),
        ({"register_id": 77}, RuleViolation, "not your open register"),
    ],
)
def test_bad_layaways_are_refused_and_write_nothing(
    counter: Counter, kw: dict[str, Any], error: type[Exception], words: str
) -> None:
    item = counter.shop.item(stock=3)
    counter.open(amount="0.00")
    with pytest.raises(error, match=words):
        lay_away(counter, item, **kw)
    assert stock(counter, item) == (D(3), D(0))
    assert counter.run(cut_x, CutX(counter.cashier)).expected_cash == D("0.00")
    page, _ = counter.run(list_layaways, ListLayaways(counter.owner))
    assert page.total == 0
    assert lay_away(counter, item).folio == "A-0001"  # no folio was used up


def test_a_cash_deposit_needs_an_open_register(counter: Counter) -> None:
    item = counter.shop.item(stock=3)
    with pytest.raises(RuleViolation, match="open register"):
        lay_away(counter, item)
    made = lay_away(counter, item, payment_method="tarjeta")
    with pytest.raises(RuleViolation, match="open register"):
        pay(counter, made.id, "10.00")
    with pytest.raises(RuleViolation, match="open register"):
        counter.run(cancel_layaway, CancelLayaway(counter.owner, made.id))
    assert counter.run(get_layaway, GetLayaway(counter.owner, made.id)).status is LayawayStatus.ACTIVE


def test_lists_filter_by_status_and_customer_and_other_tenants_see_nothing(counter: Counter) -> None:
    item = counter.shop.item(stock=5)
    first = lay_away(counter, item, payment_method="tarjeta")
    second = lay_away(counter, item, payment_method="tarjeta", customer_id=C7)
    counter.run(cancel_layaway, CancelLayaway(counter.owner, first.id, policy="forfeit"))

    def listed(**kw: Any) -> list[str]:
        page, _ = counter.run(list_layaways, ListLayaways(counter.owner, **kw))
        return [x.folio for x in page.rows]

    assert listed() == [second.folio, first.folio]
    assert listed(status="active") == [second.folio] and listed(status="cancelled") == [first.folio]
    assert listed(customer_id=C5) == [first.folio] and listed(per_page=1, page=2) == [first.folio]
    with pytest.raises(InvalidInput, match="status"):
        listed(status="done")
    nexus = counter.shop.nexus
    other = create_shop(nexus, name="Refaccionaria Otra", owner_pin="4321")
    _, intruder = login(nexus, other.tenant_id, "4321")
    with pytest.raises(NotFound):
        nexus.run(other.tenant_id, get_layaway, GetLayaway(intruder, second.id))
    with pytest.raises(NotFound):
        nexus.run(other.tenant_id, cancel_layaway, CancelLayaway(intruder, second.id, policy="forfeit"))
    assert nexus.run(other.tenant_id, list_layaways, ListLayaways(intruder))[0].total == 0
