"""Customers, credit sales and customer payments on the fakes, SQLite and PostgreSQL: what the owner
and the cashier notice (balances, statements, the aging, the drawer) and that the books follow."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from contract.credit_shop import SEED_CUSTOMER, add_customer, books, customer, open_charges, pay
from contract.sell_shop import Counter, make_counter
from nexus_core.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services.aging import GetAging, aging
from nexus_core.services.authz import Actor
from nexus_core.services.customer_statement import GetStatement, customer_statement
from nexus_core.services.customers import (
    AddVehicle,
    ListCustomers,
    ListVehicles,
    UpdateCustomer,
    add_vehicle,
    list_customers,
    list_vehicles,
    update_customer,
)
from nexus_core.services.registers import CutX, cut_x
from nexus_core.services.runner import Nexus
from nexus_core.services.sales import CancelSale, cancel_sale
from nexus_core.testing import in_memory_nexus
from nexus_core.testing.builders import create_shop

D = Decimal


@pytest.fixture
def counter(uow_factory: UnitOfWorkFactory) -> Counter:
    return make_counter(Nexus(uows=uow_factory, deps=in_memory_nexus().deps))


def _names(counter: Counter, **kw: object) -> list[str]:
    found = counter.run(list_customers, ListCustomers(counter.owner, **kw))  # type: ignore[arg-type]
    return [c.name for c in found.rows]


def test_a_customer_keeps_its_fiscal_data_and_is_found_by_name_rfc_phone_or_razon_social(counter: Counter) -> None:
    taller = add_customer(counter)
    add_customer(counter, name="Autos Garcia", rfc="GAGA800101AB1", phone="555-1111", razon_social=None)
    add_customer(counter, name="Mostrador", rfc=None, phone=None, razon_social=None, branch_id=counter.shop.norte)
    got = customer(counter, taller)
    assert (got.rfc, got.regimen_fiscal, got.codigo_postal, got.uso_cfdi, got.email) == (
        "XAXX010101000",
        "601",
        "06600",
        "G03",
        "taller@correo.com",
    )
    assert (got.price_tier.value, got.credit_limit, got.balance, got.active) == ("taller", D("50000.00"), 0, True)
    assert _names(counter, q="PEREZ") == ["Taller Perez"]
    assert _names(counter, q="gaga800") == ["Autos Garcia"]
    assert _names(counter, q="555-11") == ["Autos Garcia"]
    assert _names(counter, q="mecanico") == ["Taller Perez"]
    assert _names(counter) == ["Autos Garcia", "Mostrador", "Taller Perez"]
    assert _names(counter, branch_id=counter.shop.norte) == ["Mostrador"]
    page = counter.run(list_customers, ListCustomers(counter.owner, page=2, per_page=2))
    assert ([c.name for c in page.rows], page.total) == (["Taller Perez"], 3)


def test_an_update_changes_only_what_is_sent_and_checks_fiscal_fields_again(counter: Counter) -> None:
    taller = add_customer(counter)
    counter.run(update_customer, UpdateCustomer(counter.owner, taller, {"phone": "555-0000", "uso_cfdi": "i04"}))
    got = customer(counter, taller)
    assert (got.phone, got.uso_cfdi, got.rfc) == ("555-0000", "I04", "XAXX010101000")
    for bad in ({"rfc": "XAXX0101010"}, {"regimen_fiscal": "699"}, {"codigo_postal": "6600"}, {"name": None}):
        with pytest.raises(InvalidInput) as refused:
            counter.run(update_customer, UpdateCustomer(counter.owner, taller, bad))
        assert refused.value.field == next(iter(bad))
    assert customer(counter, taller).phone == "555-0000"


def test_a_cashier_may_add_customers_and_take_payments_but_not_set_credit_terms(counter: Counter) -> None:
    with pytest.raises(Forbidden, match=r"config\.edit"):
        add_customer(counter, counter.cashier)
    walk_in = add_customer(counter, counter.cashier, credit_limit=0)
    with pytest.raises(Forbidden):
        counter.run(update_customer, UpdateCustomer(counter.cashier, walk_in, {"credit_limit": "100.00"}))
    counter.run(update_customer, UpdateCustomer(counter.cashier, walk_in, {"phone": "555-2222"}))
    assert customer(counter, walk_in).credit_limit == 0


def test_vehicles_belong_to_their_customer(counter: Counter) -> None:
    taller = add_customer(counter)
    vin = "1HGCM82633A004352"
    made = counter.run(
        add_vehicle, AddVehicle(counter.owner, taller, "Toyota", "Corolla", 2018, "1.8L", None, "abc-123", vin)
    )
    assert (made.plate, made.vin) == ("ABC-123", vin)
    with pytest.raises(InvalidInput, match="without I, O or Q"):
        counter.run(add_vehicle, AddVehicle(counter.owner, taller, "Nissan", "Tsuru", vin="1HGCM82633A00435O"))
    assert [v.model for v in counter.run(list_vehicles, ListVehicles(counter.owner, taller))] == ["Corolla"]
    with pytest.raises(NotFound):
        counter.run(list_vehicles, ListVehicles(counter.owner, 999))


def test_another_tenants_customer_is_not_found(counter: Counter) -> None:
    taller = add_customer(counter)
    other = create_shop(counter.shop.nexus, name="Autopartes Lopez")
    op = Actor.operator(other.tenant_id)
    nexus = counter.shop.nexus
    with pytest.raises(NotFound):
        nexus.run(other.tenant_id, update_customer, UpdateCustomer(op, taller, {"phone": "1"}))
    with pytest.raises(NotFound):
        nexus.run(other.tenant_id, customer_statement, GetStatement(op, taller))
    item = counter.shop.item(stock=5, price_1="100.00")
    counter.open()
    with pytest.raises(NotFound):
        counter.sell((item, "1", "100.00"), customer_id=999)


def test_a_credit_sale_prices_by_tier_goes_on_account_and_into_the_aging(counter: Counter) -> None:
    item = counter.shop.item(stock=10, cost="60.00", price_1="100.00", price_2="90.00", price_3="80.00")
    taller = add_customer(counter, credit_limit=D("2000.00"))
    sale = counter.sell((item, "2", None), method="tarjeta", sale_type="credit", customer_id=taller)
    assert (sale.lines[0].figures.unit_price, sale.totals.total, sale.payment.on_account) == (
        D("90.00"),
        D("208.80"),
        D("208.80"),
    )
    assert sale.customer_id == taller and customer(counter, taller).balance == D("208.80")
    assert open_charges(counter, taller) == [(sale.folio, D("208.80"))]
    assert books(counter, "105.01") == D("208.80") and books(counter, "209.01") == D("-28.80")
    report = counter.run(aging, GetAging(counter.owner, date(2026, 4, 1)))
    assert [(r.customer_id, r.buckets.current) for r in report.customers] == [(taller, D("208.80"))]
    assert counter.shop.stock(item) == D(8)
    counter.shop.check()


def test_a_credit_sale_above_the_available_credit_is_refused_and_writes_nothing(counter: Counter) -> None:
    item = counter.shop.item(stock=10, price_1="100.00")
    taller = add_customer(counter, credit_limit=D("200.00"))
    counter.open()
    with pytest.raises(RuleViolation, match=r"available credit of 200\.00"):
        counter.sell((item, "2", "100.00"), method="credito", customer_id=taller)
    assert customer(counter, taller).balance == 0 and counter.shop.stock(item) == D(10)
    assert open_charges(counter, taller) == [] and books(counter, "105.01") == 0
    # paying part at the counter leaves room: 232.00 - 100.00 on account
    line = (item, "2", "100.00")
    sale = counter.sell(line, method="efectivo", sale_type="credit", customer_id=taller, amount_paid="100.00")
    assert customer(counter, taller).balance == D("132.00")
    assert open_charges(counter, taller) == [(sale.folio, D("132.00"))]
    assert books(counter, "105.01") == D("132.00") and books(counter, "101.01") == D("100.00")
    assert books(counter, "208.01") == D("-13.79")  # 100/232 of the 32.00 of IVA is collected
    x = counter.run(cut_x, CutX(counter.cashier))
    assert (x.totals.sales_cash, x.totals.sales_credit, x.expected_cash) == (D("100.00"), D("132.00"), D("600.00"))
    with pytest.raises(InvalidInput, match="needs a customer"):
        counter.sell((item, "1", "100.00"), method="credito")


def test_cancelling_a_credit_sale_reverses_the_balance_and_the_charge(counter: Counter) -> None:
    item = counter.shop.item(stock=10, price_1="100.00")
    taller = add_customer(counter)
    sale = counter.sell((item, "1", "100.00"), method="credito", customer_id=taller)
    counter.run(cancel_sale, CancelSale(counter.owner, sale.id))
    assert customer(counter, taller).balance == 0 and open_charges(counter, taller) == []
    assert books(counter, "105.01") == 0 and books(counter, "209.01") == 0
    paid = counter.sell((item, "1", "100.00"), method="credito", customer_id=taller)
    counter.open()
    pay(counter, taller, "16.00")
    with pytest.raises(RuleViolation, match="can no longer be cancelled"):
        counter.run(cancel_sale, CancelSale(counter.owner, paid.id))
    assert customer(counter, taller).balance == D("100.00")


def test_a_payment_settles_the_oldest_charges_first_and_moves_their_iva(counter: Counter) -> None:
    item = counter.shop.item(stock=10, price_1="100.00")
    taller = add_customer(counter)
    first = counter.sell((item, "1", "100.00"), method="credito", customer_id=taller)  # 116.00
    counter.shop.nexus.deps.clock.advance(timedelta(days=1))
    second = counter.sell((item, "2", "100.00"), method="credito", customer_id=taller)  # 232.00
    with pytest.raises(RuleViolation, match="open register"):
        pay(counter, taller, "50.00")
    register = counter.open()
    with pytest.raises(InvalidInput, match="exceeds"):
        pay(counter, taller, "348.01")
    payment = pay(counter, taller, "150.00")
    assert (payment.folio, payment.register_id, payment.amount) == ("PAG-0001", register, D("150.00"))
    assert open_charges(counter, taller) == [(second.folio, D("198.00"))]
    assert first.folio != second.folio and customer(counter, taller).balance == D("198.00")
    assert books(counter, "105.01") == D("198.00")
    assert books(counter, "208.01") == D("-20.69")  # 16.00 of the first + 34/232 x 32.00 = 4.69
    assert books(counter, "209.01") == D("-27.31")
    assert pay(counter, taller, "198.00", method="transferencia").folio == "PAG-0002"
    assert books(counter, "209.01") == 0 and books(counter, "208.01") == D("-48.00")
    x = counter.run(cut_x, CutX(counter.cashier))
    assert (x.totals.payments_cash, x.totals.payments_transfer, x.expected_cash) == (
        D("150.00"),
        D("198.00"),
        D("650.00"),
    )
    assert x.figures()["payments_cash"] == D("150.00")


def test_the_statement_shows_each_movement_with_the_balance_after_it(counter: Counter) -> None:
    item = counter.shop.item(stock=10, price_1="100.00")
    taller = add_customer(counter)
    counter.open()
    sale = counter.sell((item, "1", "100.00"), method="credito", customer_id=taller, amount_paid="16.00")
    clock = counter.shop.nexus.deps.clock
    clock.advance(timedelta(days=2))
    pay(counter, taller, "50.00")
    clock.advance(timedelta(days=1))
    second = counter.sell((item, "1", "100.00"), method="credito", customer_id=taller)
    counter.run(cancel_sale, CancelSale(counter.owner, second.id))
    got = counter.run(customer_statement, GetStatement(counter.owner, taller))
    assert [(ln.date.day, ln.type.value, ln.reference, ln.amount, ln.balance) for ln in got.lines] == [
        (4, "cancellation", second.folio, D("-116.00"), D("50.00")),
        (4, "sale", second.folio, D("116.00"), D("166.00")),
        (3, "payment", "PAG-0001", D("-50.00"), D("50.00")),
        (1, "payment", sale.folio, D("-16.00"), D("100.00")),
        (1, "sale", sale.folio, D("116.00"), D("116.00")),
    ]
    later = counter.run(customer_statement, GetStatement(counter.owner, taller, date(2026, 4, 2), date(2026, 4, 3)))
    assert (later.opening_balance, [ln.balance for ln in later.lines]) == (D("100.00"), [D("50.00")])
    with pytest.raises(InvalidInput, match="date_from"):
        counter.run(customer_statement, GetStatement(counter.owner, taller, date(2026, 4, 3), date(2026, 4, 2)))
    assert SEED_CUSTOMER["name"] == got.customer.name
