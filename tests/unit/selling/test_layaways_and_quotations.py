"""Layaway balance arithmetic (hypothesis) and quotation expiry: what a cashier relies on, to the cent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nexus_core.domain import chart
from nexus_core.domain.layaway_rules import (
    LayawayCancellation,
    LayawayCompletion,
    LayawayPayment,
    layaway_cancellation,
    layaway_completion,
    layaway_payment,
)
from nexus_core.domain.layaways import Layaway, LayawayStatus
from nexus_core.domain.ledger import EntryDraft
from nexus_core.domain.money import ZERO
from nexus_core.domain.posting_basics import LayawayOutcome, PaymentMethod
from nexus_core.domain.quotations import Quotation, QuotationStatus, parse_valid_days
from nexus_core.domain.register import RegisterSession
from nexus_core.domain.sales import SaleLine
from nexus_core.domain.tax import line_figures
from nexus_core.errors import InvalidInput, RuleViolation

D = Decimal
DAY = date(2026, 4, 1)
NOW = datetime(2026, 4, 1, 18, 0, tzinfo=UTC)

cents = st.integers(1, 500_000).map(lambda n: D(n) / 100)
baskets = st.lists(
    st.tuples(st.integers(1, 5), cents, st.sampled_from(["0", "0.08", "0.16", "exempt"])), min_size=1, max_size=4
)


def _lines(basket: list[tuple[int, Decimal, str]]) -> list[SaleLine]:
    return [SaleLine(i + 1, line_figures(q, p, 0, r)) for i, (q, p, r) in enumerate(basket)]


def _layaway(basket: list[tuple[int, Decimal, str]], down_share: float) -> Layaway:
    lines = _lines(basket)
    total = sum((ln.figures.total for ln in lines), ZERO)
    down = max(D("0.01"), (total * D(str(down_share))).quantize(D("0.01")))
    return Layaway.create(
        tenant_id=1,
        folio="A-0001",
        branch_id=1,
        employee_id=1,
        customer_id=5,
        notes=None,
        lines=lines,
        max_discount_pct=D(0),
        down_payment=down,
        due_date=DAY,
        business_date=DAY,
        now=NOW,
    )


def _account(drafts: list[EntryDraft], code: str) -> Decimal:
    return sum((ln.debit - ln.credit for d in drafts for ln in d.lines if ln.account_code == code), ZERO)


@given(
    baskets,
    st.floats(0.01, 1.0),
    st.lists(cents, max_size=12),
    st.sampled_from(list(LayawayOutcome)),
    st.booleans(),
)
def test_installments_never_exceed_the_total_and_the_books_empty_the_advance(
    basket: list[tuple[int, Decimal, str]],
    down_share: float,
    attempts: list[Decimal],
    outcome: LayawayOutcome,
    finish: bool,
) -> None:
    layaway = _layaway(basket, down_share)
    session = RegisterSession(1, 1, 1, 1, D("0.00"), NOW)
    accepted = [layaway.paid]
    for amount in attempts:
        before = layaway.paid
        if amount > layaway.balance:
            with pytest.raises(InvalidInput, match="more than the balance"):
                layaway.pay(amount)
            assert layaway.paid == before  # a refusal changes nothing
        else:
            accepted.append(layaway.pay(amount))
        assert layaway.balance >= ZERO and layaway.paid <= layaway.totals.total
    assert layaway.paid == sum(accepted, ZERO) and layaway.balance == layaway.totals.total - layaway.paid
    drafts = [layaway_payment(LayawayPayment(DAY, layaway.folio, a)) for a in accepted]
    for a in accepted:
        session.record_layaway_cash(a)
    if finish and layaway.balance:
        last = layaway.pay(layaway.balance)
        drafts.append(layaway_payment(LayawayPayment(DAY, layaway.folio, last)))
        session.record_layaway_cash(last)
    if layaway.balance == 0 and finish:
        layaway.complete(NOW)
        t = layaway.totals
        drafts.append(layaway_completion(LayawayCompletion(DAY, layaway.folio, t.subtotal, t.tax, t.total, ZERO)))
        assert layaway.status is LayawayStatus.COMPLETED
        assert _account(drafts, chart.SALES) == -t.subtotal
    else:
        if layaway.balance:
            with pytest.raises(RuleViolation, match="still owes"):
                layaway.complete(NOW)
        refunded = layaway.cancel(policy=outcome, penalty=None, method=PaymentMethod.CASH, reason=None, now=NOW)
        fact = LayawayCancellation(DAY, layaway.folio, layaway.paid, outcome)
        drafts.append(layaway_cancellation(fact))
        session.record_layaway_cash(-refunded)
        assert refunded == (layaway.paid if outcome is LayawayOutcome.REFUND else ZERO)
        assert _account(drafts, chart.FORFEITED_LAYAWAYS) == -(layaway.paid - refunded)
    assert _account(drafts, chart.CUSTOMER_ADVANCES) == ZERO  # every advance is used up or given back
    assert _account(drafts, chart.CASH) == session.expected_cash  # the drawer and the books agree


def test_a_refund_keeps_at_most_the_deposits_as_penalty() -> None:
    layaway = _layaway([(1, D("100.00"), "0.16")], 0.5)  # 116.00, 58.00 paid
    with pytest.raises(InvalidInput, match="more than the deposits"):
        layaway.cancel(policy=LayawayOutcome.REFUND, penalty="58.01", method=PaymentMethod.CASH, reason=None, now=NOW)
    assert layaway.status is LayawayStatus.ACTIVE
    refunded = layaway.cancel(
        policy=LayawayOutcome.REFUND, penalty="8.00", method=PaymentMethod.CASH, reason=None, now=NOW
    )
    assert (refunded, layaway.penalty, layaway.refunded) == (D("50.00"), D("8.00"), D("50.00"))


def _quotation(valid_days: object) -> Quotation:
    return Quotation.create(
        tenant_id=1,
        folio="C-0001",
        branch_id=1,
        employee_id=1,
        customer_id=None,
        notes=None,
        lines=_lines([(1, D("100.00"), "0.16")]),
        max_discount_pct=D(0),
        valid_days=valid_days,
        business_date=DAY,
        now=NOW,
    )


@given(st.integers(1, 365), st.integers(0, 400))
def test_a_quotation_is_active_through_valid_until_and_expired_after(valid_days: int, days_later: int) -> None:
    q = _quotation(valid_days)
    today = DAY + timedelta(days=days_later)
    expected = QuotationStatus.ACTIVE if days_later <= valid_days else QuotationStatus.EXPIRED
    assert q.status_on(today) is expected and q.status is QuotationStatus.ACTIVE  # nothing stored changes
    if expected is QuotationStatus.EXPIRED:
        with pytest.raises(RuleViolation, match="expired"):
            q.convert(7, today=today, now=NOW)
    else:
        q.convert(7, today=today, now=NOW)
        assert q.status_on(today + timedelta(days=999)) is QuotationStatus.CONVERTED


@pytest.mark.parametrize("bad", [0, 366, -1, True, "15", 1.5])
def test_valid_days_are_whole_days_from_1_to_365(bad: object) -> None:
    with pytest.raises(InvalidInput, match="valid_days"):
        parse_valid_days(bad)
    assert parse_valid_days(None) == 15
