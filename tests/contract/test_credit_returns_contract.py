"""Returns of credit sales on the fakes, SQLite and PostgreSQL (ADR 32): the unpaid part is a credit
note on the customer's account, the paid part comes back as money; the customer's balance, their
open charges and 105.01 Clientes stay equal, and the IVA accounts end at what was really sold."""

from __future__ import annotations

from decimal import Decimal

import pytest

from contract.credit_shop import add_customer, books, customer, open_charges, pay
from contract.sell_shop import Counter, make_counter
from nexus_core.domain.sales import Sale, SaleStatus
from nexus_core.errors import RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services.aging import GetAging, aging
from nexus_core.services.customer_statement import GetStatement, customer_statement
from nexus_core.services.registers import CutX, CutZ, cut_x, cut_z
from nexus_core.services.returns import ReturnLineInput, ReturnSale, return_sale
from nexus_core.services.runner import Nexus
from nexus_core.services.sales import CreateSale, GetSale, SaleLineInput, create_sale, get_sale
from nexus_core.testing import in_memory_nexus

D = Decimal


@pytest.fixture
def counter(uow_factory: UnitOfWorkFactory) -> Counter:
    return make_counter(Nexus(uows=uow_factory, deps=in_memory_nexus().deps))


def give_back(counter: Counter, sale_id: int, *lines: tuple[int, str]) -> object:
    items = [ReturnLineInput(i, q) for i, q in lines]
    return counter.run(return_sale, ReturnSale(counter.owner, sale_id, items, "Parte equivocada"))


def account_agrees(counter: Counter, customer_id: int, expected: Decimal) -> None:
    """balance = open receivables = 105.01 Clientes = the statement's last balance."""
    charges = sum((amount for _, amount in open_charges(counter, customer_id)), D("0.00"))
    statement = counter.run(customer_statement, GetStatement(counter.owner, customer_id))
    last = statement.lines[0].balance if statement.lines else D("0.00")
    assert (customer(counter, customer_id).balance, charges, books(counter, "105.01"), last) == (expected,) * 4


def status(counter: Counter, sale: Sale) -> SaleStatus:
    found: Sale = counter.run(get_sale, GetSale(counter.owner, sale.id))
    return found.status


def test_sale_payment_return_keeps_balance_charges_and_books_equal(counter: Counter) -> None:
    item = counter.shop.item(stock=10, cost="60.00", price_1="100.00")
    taller = add_customer(counter)
    sale = counter.sell((item, "2", "100.00"), method="credito", customer_id=taller)  # 232.00, IVA 32.00
    account_agrees(counter, taller, D("232.00"))
    counter.open(amount="0.00")
    register = counter.open(counter.owner, amount="200.00")  # returns are taken by the owner
    pay(counter, taller, "100.00")
    account_agrees(counter, taller, D("132.00"))
    first = give_back(counter, sale.id, (item, "1"))  # 116.00: all of it off what is still owed
    assert (first.credited, first.refunds) == (D("116.00"), ())
    account_agrees(counter, taller, D("16.00"))
    assert status(counter, sale) is SaleStatus.PARTIALLY_RETURNED and counter.shop.stock(item) == D(9)
    assert books(counter, "209.01") == D("-2.21")  # 32.00 - 13.79 moved by the payment - 16.00 credited
    second = give_back(counter, sale.id, (item, "1"))  # 16.00 owed comes off, 100.00 paid comes back in cash
    assert second.credited == D("16.00") and [(t.method.value, t.amount) for t in second.refunds] == [
        ("cash", D("100.00"))
    ]
    account_agrees(counter, taller, D("0.00"))
    assert status(counter, sale) is SaleStatus.RETURNED and counter.shop.stock(item) == D(10)
    assert (books(counter, "209.01"), books(counter, "208.01"), books(counter, "101.01")) == (D("0"),) * 3
    # (101.01: the cashier's drawer took the 100.00 payment, the owner's gave it back)
    assert books(counter, "402.01") == D("200.00") and books(counter, "501.01") == D("0.00")
    x = counter.run(cut_x, CutX(counter.owner, register_id=register))
    assert (x.totals.returns_cash, x.totals.returns_total, x.totals.returns_count) == (D("100.00"), D("100.00"), 2)
    assert x.expected_cash == D("100.00")  # 200.00 opening - the 100.00 refunded
    lines = counter.run(customer_statement, GetStatement(counter.owner, taller)).lines
    assert [(ln.type.value, ln.reference, ln.amount) for ln in reversed(lines)] == [
        ("sale", sale.folio, D("232.00")),
        ("payment", "PAG-0001", D("-100.00")),
        ("return", "D-0001", D("-116.00")),
        ("return", "D-0002", D("-16.00")),
    ]
    counter.shop.check()


def test_the_part_paid_at_the_counter_comes_back_through_its_tender(counter: Counter) -> None:
    item = counter.shop.item(stock=10, price_1="100.00")
    taller = add_customer(counter)
    sale = counter.sell(
        (item, "2", "100.00"), method="tarjeta", sale_type="credit", customer_id=taller, amount_paid="100.00"
    )
    ret = give_back(counter, sale.id, (item, "2"))
    assert ret.credited == D("132.00") and [(t.method.value, t.amount) for t in ret.refunds] == [("card", D("100.00"))]
    account_agrees(counter, taller, D("0.00"))
    assert (books(counter, "209.01"), books(counter, "208.01"), books(counter, "102.01")) == (D("0"),) * 3
    report = counter.run(aging, GetAging(counter.owner, sale.business_date))
    assert report.customers == []
    counter.shop.check()


def test_returning_the_exempt_line_of_an_unpaid_mixed_rate_sale(counter: Counter) -> None:
    oil = counter.shop.item("Aceite", stock=5, price_1="100.00")
    book = counter.shop.item("Manual", stock=5, price_1="100.00")
    taller = add_customer(counter)
    lines = [SaleLineInput(oil, "1", "100.00"), SaleLineInput(book, "1", "100.00", tax_rate="exempt")]
    sale: Sale = counter.run(create_sale, CreateSale(counter.cashier, lines, "credito", customer_id=taller))
    assert (sale.totals.total, sale.totals.tax) == (D("216.00"), D("16.00"))
    ret = give_back(counter, sale.id, (book, "1"))
    assert (ret.total, ret.tax, ret.credited) == (D("100.00"), D("0.00"), D("100.00"))
    account_agrees(counter, taller, D("116.00"))
    assert open_charges(counter, taller) == [(sale.folio, D("116.00"))]
    counter.open(amount="0.00")
    pay(counter, taller, "116.00")
    account_agrees(counter, taller, D("0.00"))
    # the charge settled by a credit note and a payment: its IVA left 209.01 exactly, 208.01 holds what was sold
    assert (books(counter, "209.01"), books(counter, "208.01")) == (D("0.00"), D("-16.00"))
    counter.shop.check()


def test_a_cash_refund_of_a_credit_sale_needs_an_open_register_and_writes_nothing_without(counter: Counter) -> None:
    item = counter.shop.item(stock=10, price_1="100.00")
    taller = add_customer(counter)
    sale = counter.sell((item, "1", "100.00"), method="credito", customer_id=taller)
    counter.open(counter.owner, amount="0.00")
    pay(counter, taller, "116.00", actor=counter.owner)
    counter.run(cut_z, CutZ(counter.owner, "116.00"))
    with pytest.raises(RuleViolation, match="open register"):
        give_back(counter, sale.id, (item, "1"))
    account_agrees(counter, taller, D("0.00"))
    assert status(counter, sale) is SaleStatus.COMPLETED and counter.shop.stock(item) == D(9)
