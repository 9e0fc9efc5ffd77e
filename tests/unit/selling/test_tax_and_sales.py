"""The one tax computation per line, the payment rules of a sale, and the register's running totals:
ticket, journal entry and cut agree to the cent."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nexus_core.domain import chart
from nexus_core.domain.money import ZERO, round_money
from nexus_core.domain.posting_basics import PaymentMethod
from nexus_core.domain.posting_rules import CashSale, cash_sale
from nexus_core.domain.register import MovementDirection, RegisterSession
from nexus_core.domain.sales import DocumentType, Sale, SaleLine, SaleMethod, folio, settle
from nexus_core.domain.tax import line_figures, parse_tax_rate, ticket_figures
from nexus_core.errors import InvalidInput, RuleViolation

D = Decimal
DAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)

lines = st.lists(
    st.tuples(
        st.integers(1, 50_000).map(lambda n: D(n) / 1000),  # quantity, three decimals
        st.integers(1, 2_000_000).map(lambda n: D(n) / 100),  # unit price in cents
        st.integers(0, 10_000).map(lambda n: D(n) / 100),  # discount percentage
        st.sampled_from(["0", "0.08", "0.16", "exempt"]),
    ),
    min_size=1,
    max_size=8,
)


def make_sale(figures: list, payment: object, register_id: int | None = 1) -> Sale:  # type: ignore[type-arg]
    return Sale.create(
        tenant_id=1,
        folio="V-0001",
        branch_id=1,
        employee_id=1,
        register_id=register_id,
        customer_id=None,
        lines=[SaleLine(n + 1, f, cost=D("1.00")) for n, f in enumerate(figures)],
        payment=payment,  # type: ignore[arg-type]
        max_discount_pct=D(100),
        business_date=DAY,
        now=NOW,
    )


@given(lines)
def test_random_baskets_ticket_equals_lines_equals_entry_debits_equals_cut(basket: list) -> None:  # type: ignore[type-arg]
    assume(all(q * p >= D("0.005") for q, p, _, _ in basket))  # smaller is refused (below)
    figures = [line_figures(q, p, d, r) for q, p, d, r in basket]
    for f in figures:
        assert f.subtotal == round_money(f.quantity * f.unit_price * (100 - f.discount_pct) / 100)
        assert f.tax == round_money(f.subtotal * f.tax_rate.rate) and f.total == f.subtotal + f.tax
    ticket = ticket_figures(figures)
    assume(ticket.total > 0)  # a fully discounted ticket is refused (test_sale_rules)
    assert ticket.total == sum((f.total for f in figures), ZERO) == ticket.subtotal + ticket.tax
    sale = make_sale(figures, settle(ticket.total, SaleMethod.CASH, None))
    entry = cash_sale(
        CashSale(date=DAY, folio=sale.folio, subtotal=ticket.subtotal, tax=ticket.tax, total=ticket.total, cost=ZERO)
    )
    cash_debit = sum((ln.debit for ln in entry.lines if ln.account_code == chart.CASH), ZERO)
    assert cash_debit == ticket.total == sum((ln.debit for ln in entry.lines), ZERO)
    session = RegisterSession.open(tenant_id=1, branch_id=1, employee_id=1, opening_amount="0", now=NOW)
    session.record_sale(sale)
    assert session.expected_cash == ticket.total == session.totals.sales_total


def test_a_known_ticket() -> None:
    a = line_figures(D(2), "116.00", 0, "0.16")
    b = line_figures(D("1.5"), "33.33", "10", "0.08")
    c = line_figures(D(1), "10.00", 0, "exempt")
    assert (a.subtotal, a.tax, a.total) == (D("232.00"), D("37.12"), D("269.12"))
    assert (b.subtotal, b.discount, b.tax, b.total) == (D("45.00"), D("5.00"), D("3.60"), D("48.60"))
    assert (c.tax, c.tax_rate.label) == (ZERO, "exempt")
    assert ticket_figures([a, b, c]).total == D("327.72")


@pytest.mark.parametrize(
    ("qty", "price", "discount", "rate", "field"),
    [
        (1, "10.00", 0, "0.10", "tax_rate"),
        (1, "10.00", 0, 0.16, "tax_rate"),
        (0, "10.00", 0, "0.16", "quantity"),
        (1, "0", 0, "0.16", "unit_price"),
        (1, "10.001", 0, "0.16", "unit_price"),
        (1, "10.00", "100.01", "0.16", "discount_pct"),
        (1, 10.0, 0, "0.16", "unit_price"),
        ("0.001", "0.01", 0, "0.16", "quantity"),
    ],
)
def test_bad_lines_are_refused_naming_the_field(
    qty: object, price: object, discount: object, rate: object, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        line_figures(qty, price, discount, rate)
    assert refused.value.field == field


def test_sat_rates_only() -> None:
    assert parse_tax_rate("0.080").rate == D("0.08") and parse_tax_rate("exento").exempt
    with pytest.raises(InvalidInput):
        parse_tax_rate("0.04")


def test_payment_rules() -> None:
    total = D("269.12")
    cash = settle(total, SaleMethod.CASH, "300.00")
    assert (cash.change, cash.cash_received, cash.tendered(PaymentMethod.CASH)) == (D("30.88"), D("300.00"), total)
    with pytest.raises(InvalidInput, match="short"):
        settle(total, SaleMethod.CASH, "269.11")
    with pytest.raises(InvalidInput, match="only given from cash"):
        settle(total, SaleMethod.CARD, "270.00")
    assert settle(total, SaleMethod.TRANSFER, None).tendered(PaymentMethod.TRANSFER) == total
    mixed = settle(total, SaleMethod.MIXED, None, [("efectivo", "69.12"), ("tarjeta", "200.00")])
    assert (mixed.cash_received, mixed.change, mixed.tendered(PaymentMethod.CARD)) == (D("69.12"), ZERO, D("200"))
    with pytest.raises(InvalidInput, match="add up"):
        settle(total, SaleMethod.MIXED, None, [("efectivo", "69.12")])
    with pytest.raises(InvalidInput, match="payment_details"):
        settle(total, SaleMethod.MIXED, None, [("cheque", "269.12")])
    credit = settle(total, SaleMethod.CREDIT, "100.00")
    assert (credit.on_account, credit.cash_received) == (D("169.12"), D("100.00"))
    with pytest.raises(InvalidInput):
        settle(total, SaleMethod.CREDIT, "300.00")


def test_sale_rules() -> None:
    f = [line_figures(1, "100.00", "15", "0.16")]
    payment = settle(ticket_figures(f).total, SaleMethod.CASH, None)
    with pytest.raises(RuleViolation, match="exceeds your maximum"):
        Sale.create(**{**_kw(f, payment), "max_discount_pct": D(10)})
    with pytest.raises(RuleViolation, match="open register"):
        make_sale(f, payment, register_id=None)
    with pytest.raises(InvalidInput, match="at least one"):
        Sale.create(**{**_kw(f, payment), "lines": []})
    with pytest.raises(InvalidInput, match="customer"):
        make_sale(f, settle(ticket_figures(f).total, SaleMethod.CREDIT, None))
    free = [line_figures(1, "100.00", "100", "0.16")]
    with pytest.raises(InvalidInput, match="greater than zero"):
        make_sale(free, settle(ZERO, SaleMethod.CASH, None))
    sale = make_sale(f, payment)
    sale.cancel(NOW)
    with pytest.raises(RuleViolation, match="only a completed sale"):
        sale.cancel(NOW)
    assert folio(DocumentType.SALE, 7) == "V-0007" and folio(DocumentType.SALE, 12345) == "V-12345"


def _kw(figures: list, payment: object) -> dict:  # type: ignore[type-arg]
    return {
        "tenant_id": 1,
        "folio": "V-0001",
        "branch_id": 1,
        "employee_id": 1,
        "register_id": 1,
        "customer_id": None,
        "lines": [SaleLine(1, f) for f in figures],
        "payment": payment,
        "max_discount_pct": D(100),
        "business_date": DAY,
        "now": NOW,
    }


events = st.lists(
    st.one_of(
        st.tuples(st.just("sale"), st.integers(1, 100_000), st.integers(0, 5_000), st.sampled_from(list(SaleMethod))),
        st.tuples(st.just("cancel"), st.integers(0, 50), st.just(0), st.just(SaleMethod.CASH)),
        st.tuples(st.sampled_from(["in", "out"]), st.integers(1, 50_000), st.just(0), st.just(SaleMethod.CASH)),
    ),
    max_size=40,
)


@given(st.integers(0, 100_000), events)
def test_expected_cash_always_equals_an_independent_recount(opening_cents: int, day: list) -> None:  # type: ignore[type-arg]
    session = RegisterSession.open(
        tenant_id=1, branch_id=1, employee_id=1, opening_amount=D(opening_cents) / 100, now=NOW
    )
    session.id = 1
    drawer = D(opening_cents) / 100
    sales: list[Sale] = []
    for kind, cents, extra, method in day:
        amount = D(cents) / 100
        if kind == "sale":
            f = [line_figures(1, amount, 0, "0")]
            if method is SaleMethod.MIXED:
                half = D(cents // 2) / 100
                payment = settle(
                    amount,
                    method,
                    None,
                    [("efectivo", amount - half), ("tarjeta", half)] if half else [("efectivo", amount)],
                )
            elif method is SaleMethod.CREDIT:
                continue
            else:
                paid = amount + D(extra) / 100 if method is SaleMethod.CASH else None
                payment = settle(amount, method, paid)
            sale = make_sale(f, payment)
            session.record_sale(sale)
            sales.append(sale)
            drawer += payment.tendered(PaymentMethod.CASH)
        elif kind == "cancel":
            if cents < len(sales) and sales[cents].status.value == "completed":
                sales[cents].cancel(NOW)
                session.record_cancellation(sales[cents])
                drawer -= sales[cents].payment.tendered(PaymentMethod.CASH)
        elif kind == "in":
            session.record_movement(MovementDirection.IN, amount)
            drawer += amount
        elif amount <= drawer:
            session.record_movement(MovementDirection.OUT, amount)
            drawer -= amount
        else:
            with pytest.raises(RuleViolation):
                session.record_movement(MovementDirection.OUT, amount)
        assert session.expected_cash == drawer
    summary = session.close(drawer + D("1.00"), folio="Z-0001", now=NOW)
    assert summary.difference == D("1.00")
    with pytest.raises(RuleViolation, match="closed"):
        session.record_movement(MovementDirection.IN, D(1))
    assert session.summary() == summary
