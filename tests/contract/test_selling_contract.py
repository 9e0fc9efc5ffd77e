"""Selling at the counter on the fakes, SQLite and PostgreSQL: what a cashier notices (folio,
change, stock, cuts) and that the books and the register follow in the same transaction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from contract import builders
from contract.builders import new_tenant
from contract.sell_shop import Counter, make_counter
from nexus_core.domain.register import RegisterSession
from nexus_core.domain.stock import InsufficientStock
from nexus_core.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services.registers import (
    CutX,
    CutZ,
    OpenRegister,
    RecordCashMovement,
    cut_x,
    cut_z,
    open_register,
    record_cash_movement,
)
from nexus_core.services.runner import Nexus
from nexus_core.services.sales import CancelSale, GetSale, LastSale, cancel_sale, get_sale, last_sale
from nexus_core.testing import in_memory_nexus
from nexus_core.testing.builders import create_shop, login

D = Decimal


@pytest.fixture
def counter(uow_factory: UnitOfWorkFactory) -> Counter:
    return make_counter(Nexus(uows=uow_factory, deps=in_memory_nexus().deps))


def balance(counter: Counter, code: str) -> Decimal:
    """Debit-positive balance of one account, from the journal's entries."""
    with counter.shop.nexus.uows.tenant(counter.shop.tenant_id, write=False) as uow:
        account = uow.accounts.get_many_by_code({code})[code]
        total = D("0.00")
        for entry_id in range(1, 200):
            entry = uow.journal.get(entry_id)
            if entry is None:
                continue
            total += sum((ln.debit - ln.credit for ln in entry.lines if ln.account_id == account.id), D("0.00"))
        return total


def test_a_cash_sale_gives_change_a_gapless_folio_takes_stock_and_posts_once(counter: Counter) -> None:
    item = counter.shop.item(stock=5, cost="60.00")
    counter.open()
    sale = counter.sell((item, "2", "116.00"), amount_paid="300.00")
    assert sale.folio == "V-0001"
    assert (sale.totals.subtotal, sale.totals.tax, sale.totals.total) == (D("232.00"), D("37.12"), D("269.12"))
    assert sale.payment.change == D("30.88")
    assert counter.run(get_sale, GetSale(counter.owner, sale.id)) == sale  # stored as sold, to the cent
    assert counter.shop.stock(item) == D(3)
    assert counter.sell((item, "1", "116.00")).folio == "V-0002"
    assert balance(counter, "101.01") == D("269.12") + D("134.56")
    assert balance(counter, "501.01") == D("180.00")
    counter.shop.check()


def test_short_payment_card_change_and_a_too_large_discount_are_refused_and_write_nothing(counter: Counter) -> None:
    item = counter.shop.item(stock=5)
    counter.open()
    with pytest.raises(InvalidInput, match="short"):
        counter.sell((item, "1", "100.00"), amount_paid="50.00")
    with pytest.raises(InvalidInput, match="only given from cash"):
        counter.sell((item, "1", "100.00"), method="tarjeta", amount_paid="200.00")
    with pytest.raises(RuleViolation, match="exceeds your maximum"):
        counter.sell((item, "1", "100.00"), line={"discount_pct": "15"})
    with pytest.raises(InvalidInput, match="tax_rate"):
        counter.sell((item, "1", "100.00"), line={"tax_rate": "0.10"})
    with pytest.raises(NotFound):
        counter.sell((999, "1", "100.00"))
    with pytest.raises(InsufficientStock):
        counter.sell((item, "6", "100.00"))
    assert counter.shop.stock(item) == D(5)
    assert counter.sell((item, "1", "100.00"), line={"discount_pct": "10"}).folio == "V-0001"


def test_cash_needs_an_open_register_but_card_does_not(counter: Counter) -> None:
    item = counter.shop.item(stock=5)
    with pytest.raises(RuleViolation, match="open register"):
        counter.sell((item, "1", "100.00"))
    sale = counter.sell((item, "1", "100.00"), method="tarjeta")
    assert sale.register_id is None and balance(counter, "102.01") == D("116.00")


def test_mixed_payment_must_add_up_and_feeds_each_tender(counter: Counter) -> None:
    item = counter.shop.item(stock=5)
    register = counter.open(amount="100.00")
    with pytest.raises(InvalidInput, match="add up"):
        counter.sell((item, "1", "100.00"), method="mixto", payment_details=[("efectivo", "50.00")])
    mixed = counter.sell(
        (item, "1", "100.00"), method="mixto", payment_details=[("efectivo", "16.00"), ("tarjeta", "100.00")]
    )
    assert counter.run(get_sale, GetSale(counter.owner, mixed.id)) == mixed
    summary = counter.run(cut_x, CutX(counter.cashier))
    assert summary.register_id == register
    assert (summary.totals.sales_cash, summary.totals.sales_card) == (D("16.00"), D("100.00"))
    assert summary.expected_cash == D("116.00")


def test_one_open_register_per_employee_and_the_z_cut_posts_the_difference(counter: Counter) -> None:
    item = counter.shop.item(stock=5)
    counter.open(amount="500.00")
    with pytest.raises(RuleViolation, match="already have register"):
        counter.open()
    counter.sell((item, "1", "100.00"), amount_paid="200.00")  # 116 in, 84 change
    counter.run(record_cash_movement, RecordCashMovement(counter.cashier, "in", "50.00", "cambio"))
    counter.run(record_cash_movement, RecordCashMovement(counter.cashier, "out", "30.00", "garrafon de agua"))
    assert counter.run(cut_x, CutX(counter.cashier)).expected_cash == D("636.00")
    z = counter.run(cut_z, CutZ(counter.cashier, "630.00"))
    assert z.folio == "Z-0001" and z.summary.difference == D("-6.00") and z.entry_id is not None
    assert balance(counter, "601.84.03") == D("6.00")
    with pytest.raises(RuleViolation, match="no open register"):
        counter.run(cut_z, CutZ(counter.cashier, "1.00"))
    frozen = counter.run(cut_x, CutX(counter.owner, register_id=z.summary.register_id))
    assert frozen == z.summary
    with pytest.raises(RuleViolation, match="already closed"):
        counter.run(cut_z, CutZ(counter.owner, "1.00", register_id=z.summary.register_id))
    assert counter.open() != z.summary.register_id


def test_cancel_restores_stock_reverses_the_entry_refunds_the_drawer_and_only_once(counter: Counter) -> None:
    item = counter.shop.item(stock=5, cost="60.00")
    counter.open(amount="0.00")
    sale = counter.sell((item, "2", "100.00"))
    cancelled = counter.run(cancel_sale, CancelSale(counter.owner, sale.id))
    assert cancelled.status.value == "cancelled" and cancelled.cancel_entry_id is not None
    assert counter.shop.stock(item) == D(5)
    for code in ("101.01", "401.01", "208.01", "501.01"):
        assert balance(counter, code) == D("0.00")
    assert counter.run(cut_x, CutX(counter.cashier)).expected_cash == D("0.00")
    with pytest.raises(RuleViolation, match="only a completed sale"):
        counter.run(cancel_sale, CancelSale(counter.owner, sale.id))
    assert counter.run(get_sale, GetSale(counter.owner, sale.id)).status.value == "cancelled"
    counter.shop.check()


def test_another_tenants_sale_and_register_are_not_found(counter: Counter) -> None:
    item = counter.shop.item(stock=5)
    sale = counter.sell((item, "1", "100.00"), method="tarjeta")
    register = counter.open()
    nexus = counter.shop.nexus
    other = create_shop(nexus, name="Refaccionaria Otra", owner_pin="4321")
    _, intruder = login(nexus, other.tenant_id, "4321")
    with pytest.raises(NotFound):
        nexus.run(other.tenant_id, get_sale, GetSale(intruder, sale.id))
    with pytest.raises(NotFound):
        nexus.run(other.tenant_id, cut_x, CutX(intruder, register_id=register))
    with pytest.raises(NotFound):
        nexus.run(other.tenant_id, cancel_sale, CancelSale(intruder, sale.id))


def test_operator_cannot_open_a_register(counter: Counter) -> None:
    with pytest.raises(Forbidden):
        counter.run(open_register, OpenRegister(counter.shop.op, "1.00"))


def test_last_sale_is_the_calling_employees(counter: Counter) -> None:
    item = counter.shop.item(stock=5)
    with pytest.raises(NotFound, match="no sales"):
        counter.run(last_sale, LastSale(counter.cashier))
    mine = counter.sell((item, "1", "100.00"), method="tarjeta")
    counter.sell((item, "1", "100.00"), method="tarjeta", actor=counter.owner)
    assert counter.run(last_sale, LastSale(counter.cashier)).folio == mine.folio == "V-0001"
    assert counter.run(last_sale, LastSale(counter.owner)).folio == "V-0002"


def test_folio_series_are_per_tenant_and_type_and_a_rollback_gives_the_number_back(
    uow_factory: UnitOfWorkFactory,
) -> None:
    one, _ = new_tenant(uow_factory, "Uno")
    two, _ = new_tenant(uow_factory, "Dos")
    with uow_factory.tenant(one) as uow:
        assert [uow.folios.allocate("V"), uow.folios.allocate("V"), uow.folios.allocate("Z")] == [1, 2, 1]
        uow.commit()
    with uow_factory.tenant(one) as uow:
        assert uow.folios.allocate("V") == 3  # not committed
    with uow_factory.tenant(one) as uow:
        assert uow.folios.allocate("V") == 3
        uow.commit()
    with uow_factory.tenant(two) as uow:
        assert uow.folios.allocate("V") == 1


def test_the_store_refuses_a_second_open_register_of_one_employee(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, branch_id = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        employee_id = uow.employees.add(builders.employee(uow, branch_id))
        uow.commit()

    def session() -> RegisterSession:
        return RegisterSession.open(
            tenant_id=tenant_id, branch_id=branch_id, employee_id=employee_id, opening_amount="10.00", now=builders.NOW
        )

    with uow_factory.tenant(tenant_id) as uow:
        first = uow.registers.add(session())
        uow.commit()
    with pytest.raises(Conflict), uow_factory.tenant(tenant_id) as uow:
        uow.registers.add(session())
    with uow_factory.tenant(tenant_id) as uow:
        stored = uow.registers.lock(first)
        assert stored is not None and stored.opening_amount == D("10.00")
        stored.close("10.00", folio="Z-0001", now=builders.NOW)
        uow.registers.save(stored)
        assert uow.registers.add(session()) != first  # closed: a new one may open
        uow.commit()
