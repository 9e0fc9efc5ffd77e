"""Quotations on the fakes, SQLite and PostgreSQL: a quote prices without touching stock, expires by the
tenant's local day, converts once into a real sale (stock, books, register) and cancels once."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from contract.sell_shop import Counter, make_counter, with_customers
from contract.test_selling_contract import balance
from nexus_core.domain.quotations import QuotationStatus
from nexus_core.domain.stock import InsufficientStock
from nexus_core.errors import InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services.quotations import (
    CancelQuotation,
    ConvertQuotation,
    CreateQuotation,
    GetQuotation,
    ListQuotations,
    QuotationView,
    cancel_quotation,
    convert_quotation,
    create_quotation,
    get_quotation,
    list_quotations,
)
from nexus_core.services.registers import CutX, cut_x
from nexus_core.services.runner import Nexus
from nexus_core.services.sales import LastSale, SaleLineInput, last_sale
from nexus_core.testing import in_memory_nexus
from nexus_core.testing.builders import create_shop, login

D = Decimal
C5 = C7 = 0  # the fixture's two customers (ids differ per database)


@pytest.fixture
def counter(uow_factory: UnitOfWorkFactory) -> Counter:
    made = make_counter(Nexus(uows=uow_factory, deps=in_memory_nexus().deps))
    global C5, C7
    C5, C7 = with_customers(made)
    return made


def quote(counter: Counter, *lines: tuple[int, str, str], **kw: Any) -> QuotationView:
    items = [SaleLineInput(i, q, p, **kw.pop("line", {})) for i, q, p in lines]
    view: QuotationView = counter.run(create_quotation, CreateQuotation(counter.cashier, items, **kw))
    return view


def later(counter: Counter, days: int) -> None:
    counter.shop.nexus.deps.clock.advance(timedelta(days=days))  # type: ignore[attr-defined]


def test_a_quotation_prices_like_a_sale_and_touches_no_stock(counter: Counter) -> None:
    item = counter.shop.item(stock=5)
    made = quote(counter, (item, "2", "350.00"), customer_id=C5, notes="Taller Perez", valid_days=10)
    q = made.quotation
    assert (q.folio, made.status, q.customer_id, q.valid_days) == ("C-0001", QuotationStatus.ACTIVE, C5, 10)
    assert (q.totals.subtotal, q.totals.tax, q.totals.total) == (D("700.00"), D("112.00"), D("812.00"))
    assert q.valid_until == date(2026, 4, 11)  # made on the local day 2026-04-01
    assert counter.run(get_quotation, GetQuotation(counter.owner, q.id)) == made
    assert counter.shop.stock(item) == D(5) and counter.shop.view(item).balance().reserved == D(0)
    assert quote(counter, (item, "1", "100.00")).quotation.folio == "C-0002"
    assert quote(counter, (item, "1", "100.00")).quotation.valid_days == 15


def test_converting_sells_the_quoted_lines_once_and_links_the_sale(counter: Counter) -> None:
    item = counter.shop.item(stock=5, cost="60.00")
    register = counter.open(amount="0.00")
    q = quote(counter, (item, "2", "350.00"), line={"discount_pct": "5"}).quotation
    done = counter.run(
        convert_quotation, ConvertQuotation(counter.cashier, q.id, "efectivo", "1000.00", register_id=register)
    )
    sale = done.sale
    assert done.quotation.status is QuotationStatus.CONVERTED and done.quotation.quotation.sale_id == sale.id
    assert sale.folio == "V-0001" and sale.totals == q.totals and sale.lines[0].figures == q.lines[0].figures
    assert sale.payment.change == D("1000.00") - q.totals.total
    assert counter.shop.stock(item) == D(3)
    assert balance(counter, "101.01") == q.totals.total and balance(counter, "501.01") == D("120.00")
    assert counter.run(cut_x, CutX(counter.cashier)).expected_cash == q.totals.total
    with pytest.raises(RuleViolation, match="is converted"):
        counter.run(convert_quotation, ConvertQuotation(counter.cashier, q.id, "tarjeta"))
    assert counter.shop.stock(item) == D(3)
    assert counter.run(last_sale, LastSale(counter.cashier)).folio == "V-0001"
    counter.shop.check()


def test_an_expired_quotation_is_derived_from_the_local_day_and_cannot_be_converted(counter: Counter) -> None:
    item = counter.shop.item(stock=5)
    q = quote(counter, (item, "1", "100.00"), valid_days=1).quotation  # valid through 2026-04-02
    later(counter, 1)
    assert counter.run(get_quotation, GetQuotation(counter.owner, q.id)).status is QuotationStatus.ACTIVE
    later(counter, 1)
    assert counter.run(get_quotation, GetQuotation(counter.owner, q.id)).status is QuotationStatus.EXPIRED
    fresh = quote(counter, (item, "1", "100.00")).quotation
    with pytest.raises(RuleViolation, match="expired on 2026-04-02"):
        counter.run(convert_quotation, ConvertQuotation(counter.cashier, q.id, "tarjeta"))
    with pytest.raises(RuleViolation, match="expired"):
        counter.run(cancel_quotation, CancelQuotation(counter.owner, q.id))
    assert counter.shop.stock(item) == D(5)
    with pytest.raises(NotFound):
        counter.run(last_sale, LastSale(counter.cashier))

    def listed(status: str | None = None, **kw: Any) -> list[str]:
        page, _ = counter.run(list_quotations, ListQuotations(counter.owner, status, **kw))
        return [v.quotation.folio for v in page.rows]

    assert listed() == [fresh.folio, q.folio]
    assert listed("expired") == [q.folio] and listed("active") == [fresh.folio] and listed("converted") == []
    assert listed(per_page=1, page=2) == [q.folio]


def test_converting_rechecks_stock_and_a_refusal_writes_nothing(counter: Counter) -> None:
    item = counter.shop.item(stock=1)
    q = quote(counter, (item, "2", "100.00")).quotation
    with pytest.raises(InsufficientStock):
        counter.run(convert_quotation, ConvertQuotation(counter.cashier, q.id, "tarjeta"))
    with pytest.raises(RuleViolation, match="no open register"):
        counter.run(convert_quotation, ConvertQuotation(counter.cashier, q.id, "tarjeta", register_id=99))
    counter.open()
    with pytest.raises(RuleViolation, match="not your open register"):
        counter.run(convert_quotation, ConvertQuotation(counter.cashier, q.id, "tarjeta", register_id=99))
    assert counter.run(get_quotation, GetQuotation(counter.owner, q.id)).status is QuotationStatus.ACTIVE
    assert counter.shop.stock(item) == D(1)
    counter.shop.buy(item, 1, "100.00")
    assert counter.run(convert_quotation, ConvertQuotation(counter.cashier, q.id, "tarjeta")).sale.folio == "V-0001"


def test_cancel_only_an_active_quotation_and_only_once(counter: Counter) -> None:
    item = counter.shop.item(stock=5)
    q = quote(counter, (item, "1", "100.00")).quotation
    assert counter.run(cancel_quotation, CancelQuotation(counter.owner, q.id)).status is QuotationStatus.CANCELLED
    with pytest.raises(RuleViolation, match="is cancelled"):
        counter.run(cancel_quotation, CancelQuotation(counter.owner, q.id))
    with pytest.raises(RuleViolation, match="is cancelled"):
        counter.run(convert_quotation, ConvertQuotation(counter.cashier, q.id, "tarjeta"))


@pytest.mark.parametrize(
    ("kw", "words"),
    [
        ({"valid_days": 0}, "valid_days"),
        ({"valid_days": 366}, "valid_days"),
        ({"customer_id": -1}, "customer_id"),
        ({"line": {"discount_pct": "15"}}, "exceeds your maximum"),
        ({"line": {"tax_rate": "0.10"}}, "tax_rate"),
    ],
)
def test_bad_quotations_are_refused(counter: Counter, kw: dict[str, Any], words: str) -> None:
    item = counter.shop.item(stock=5)
    with pytest.raises((InvalidInput, RuleViolation), match=words):
        quote(counter, (item, "1", "100.00"), **kw)
    with pytest.raises(InvalidInput, match="at least one item"):
        counter.run(create_quotation, CreateQuotation(counter.cashier, []))
    page, _ = counter.run(list_quotations, ListQuotations(counter.owner))
    assert page.total == 0


def test_another_tenants_quotation_is_not_found(counter: Counter) -> None:
    item = counter.shop.item(stock=5)
    q = quote(counter, (item, "1", "100.00")).quotation
    nexus = counter.shop.nexus
    other = create_shop(nexus, name="Refaccionaria Otra", owner_pin="4321")
    _, intruder = login(nexus, other.tenant_id, "4321")
    for handler, cmd in [
        (get_quotation, GetQuotation(intruder, q.id)),
        (cancel_quotation, CancelQuotation(intruder, q.id)),
        (convert_quotation, ConvertQuotation(intruder, q.id, "tarjeta")),
    ]:
        with pytest.raises(NotFound):
            nexus.run(other.tenant_id, handler, cmd)
    with pytest.raises(NotFound):
        quote(counter, (999, "1", "100.00"))
