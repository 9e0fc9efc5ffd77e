"""Posting rules: the entry of every case in domain.md, and properties over generated facts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nexus_core.domain import posting_rules as P
from nexus_core.domain.ledger import EntryDraft, EntryType
from nexus_core.errors import InvalidInput

D = Decimal
DAY = date(2026, 4, 1)


def sides(draft: EntryDraft) -> dict[str, tuple[Decimal, Decimal]]:
    """(debit, credit) per account code."""
    out: dict[str, tuple[Decimal, Decimal]] = {}
    for ln in draft.lines:
        d, c = out.get(ln.account_code, (D(0), D(0)))
        out[ln.account_code] = (d + ln.debit, c + ln.credit)
    return out


def test_cash_sale_matches_the_seed_example() -> None:
    draft = P.cash_sale(P.CashSale(DAY, "V-0045", D("700.00"), D("112.00"), D("812.00"), D("450.00")))
    assert draft.type is EntryType.SALE and draft.reference == "V-0045"
    assert sides(draft) == {
        "101.01": (D("812.00"), 0),
        "401.01": (0, D("700.00")),
        "208.01": (0, D("112.00")),
        "501.01": (D("450.00"), 0),
        "115.01": (0, D("450.00")),
    }


def test_card_sale_goes_to_the_bank() -> None:
    draft = P.cash_sale(P.CashSale(DAY, "V-1", D("100"), D("16"), D("116"), D("0"), payment=P.PaymentMethod.CARD))
    assert sides(draft) == {"102.01": (D("116"), 0), "401.01": (0, D("100")), "208.01": (0, D("16"))}


def test_mixed_tenders_split_cash_and_bank() -> None:
    tenders = (P.Tender(P.PaymentMethod.CASH, D("16")), P.Tender(P.PaymentMethod.TRANSFER, D("100")))
    draft = P.cash_sale(P.CashSale(DAY, "V-1", D("100"), D("16"), D("116"), D("50"), tenders=tenders))
    assert sides(draft)["101.01"] == (D("16"), 0)
    assert sides(draft)["102.01"] == (D("100"), 0)
    with pytest.raises(InvalidInput, match="tenders"):
        P.CashSale(DAY, "V-1", D("100"), D("16"), D("116"), D("50"), tenders=tenders[:1])


def test_sale_totals_must_add_up() -> None:
    with pytest.raises(InvalidInput, match="total"):
        P.CashSale(DAY, "V-1", D("100"), D("16"), D("116.01"), D("50"))
    with pytest.raises(InvalidInput):
        P.CashSale(DAY, "V-1", D("-100"), D("16"), D("-84"), D("50"))
    with pytest.raises(InvalidInput):
        P.CashSale(DAY, "V-1", D("100.001"), D("16"), D("116.001"), D("50"))


def test_credit_sale() -> None:
    draft = P.credit_sale(P.CreditSale(DAY, "V-2", D("1000"), D("160"), D("1160"), D("600")))
    assert sides(draft) == {
        "105.01": (D("1160"), 0),
        "401.01": (0, D("1000")),
        "209.01": (0, D("160")),
        "501.01": (D("600"), 0),
        "115.01": (0, D("600")),
    }


def test_customer_payment_moves_the_paid_share_of_vat() -> None:
    draft = P.customer_payment(P.CustomerPayment(DAY, "C-1", D("580"), D("1160"), D("160")))
    assert sides(draft) == {
        "101.01": (D("580"), 0),
        "105.01": (0, D("580")),
        "209.01": (D("80.00"), 0),
        "208.01": (0, D("80.00")),
    }


def test_partial_payments_move_exactly_the_charge_vat() -> None:
    # 100.00 total with 13.79 IVA paid in three thirds: each share rounds, the sum is exact.
    total, tax = D("100.00"), D("13.79")
    paid, moved = D(0), D(0)
    for amount in (D("33.33"), D("33.33"), D("33.34")):
        moved += P.vat_collected_share(P.CustomerPayment(DAY, "C", amount, total, tax, paid_before=paid))
        paid += amount
    assert moved == tax


def test_overpayment_is_refused() -> None:
    with pytest.raises(InvalidInput, match="open balance"):
        P.CustomerPayment(DAY, "C", D("600"), D("1160"), D("160"), paid_before=D("600"))


@pytest.mark.parametrize(
    ("settlement", "account"),
    [
        (P.PurchaseSettlement.CREDIT, "201.01"),
        (P.PurchaseSettlement.CASH, "101.01"),
        (P.PurchaseSettlement.TRANSFER, "102.01"),
    ],
)
def test_purchase(settlement: P.PurchaseSettlement, account: str) -> None:
    draft = P.purchase(P.Purchase(DAY, "C-1", D("1000"), D("160"), D("1160"), settlement))
    assert draft.type is EntryType.PURCHASE
    assert sides(draft) == {"115.01": (D("1000"), 0), "118.01": (D("160"), 0), account: (0, D("1160"))}


def test_supplier_payment() -> None:
    draft = P.supplier_payment(P.SupplierPayment(DAY, "PP-1", D("1160")))
    assert sides(draft) == {"201.01": (D("1160"), 0), "102.01": (0, D("1160"))}


def test_shrinkage_and_surplus() -> None:
    loss = P.stock_adjustment(P.StockAdjustment(DAY, "A-1", P.AdjustmentKind.SHRINKAGE, D("250")))
    assert sides(loss) == {"601.84.02": (D("250"), 0), "115.01": (0, D("250"))}
    found = P.stock_adjustment(P.StockAdjustment(DAY, "A-2", P.AdjustmentKind.SURPLUS, D("250")))
    assert sides(found) == {"115.01": (D("250"), 0), "601.84.02": (0, D("250"))}
    assert loss.type is EntryType.ADJUSTMENT


def test_layaway_lifecycle() -> None:
    pay = P.layaway_payment(P.LayawayPayment(DAY, "AP-1", D("500")))
    assert sides(pay) == {"101.01": (D("500"), 0), "206.01": (0, D("500"))}
    done = P.layaway_completion(P.LayawayCompletion(DAY, "AP-1", D("431.03"), D("68.97"), D("500.00"), D("300")))
    assert sides(done) == {
        "206.01": (D("500.00"), 0),
        "401.01": (0, D("431.03")),
        "208.01": (0, D("68.97")),
        "501.01": (D("300"), 0),
        "115.01": (0, D("300")),
    }
    assert {pay.type, done.type} == {EntryType.LAYAWAY}


def test_layaway_cancellation_records_refund_or_forfeit() -> None:
    refund = P.layaway_cancellation(P.LayawayCancellation(DAY, "AP-1", D("500"), P.LayawayOutcome.REFUND))
    assert sides(refund) == {"206.01": (D("500"), 0), "101.01": (0, D("500"))}
    assert "reembolso" in refund.description
    forfeit = P.layaway_cancellation(P.LayawayCancellation(DAY, "AP-1", D("500"), P.LayawayOutcome.FORFEIT))
    assert sides(forfeit) == {"206.01": (D("500"), 0), "403.01.03": (0, D("500"))}
    assert "retenidos" in forfeit.description
    penalty = P.layaway_cancellation(
        P.LayawayCancellation(DAY, "AP-1", D("500"), P.LayawayOutcome.REFUND, penalty=D("50"))
    )
    assert sides(penalty) == {"206.01": (D("500"), 0), "101.01": (0, D("450")), "403.01.03": (0, D("50"))}
    with pytest.raises(InvalidInput):
        P.LayawayCancellation(DAY, "AP-1", D("500"), P.LayawayOutcome.REFUND, penalty=D("501"))


def test_cash_cut_short_and_over() -> None:
    short = P.cash_cut_difference(P.CashCutDifference(DAY, "Z-1", D("-12.50")))
    assert sides(short) == {"601.84.03": (D("12.50"), 0), "101.01": (0, D("12.50"))}
    over = P.cash_cut_difference(P.CashCutDifference(DAY, "Z-2", D("3.00")))
    assert sides(over) == {"101.01": (D("3.00"), 0), "403.01.02": (0, D("3.00"))}
    assert short.type is EntryType.CUT
    with pytest.raises(InvalidInput):
        P.CashCutDifference(DAY, "Z-3", D("0"))


def test_sale_cancellation_reverses_the_sale() -> None:
    sale = P.cash_sale(P.CashSale(DAY, "V-9", D("700"), D("112"), D("812"), D("450")))
    cancel = P.sale_cancellation(P.SaleCancellation(date(2026, 4, 2), "V-9", sale))
    assert cancel.type is EntryType.CANCELLATION
    for code, (d, c) in sides(sale).items():
        assert sides(cancel)[code] == (c, d)


# --- properties ---------------------------------------------------------------------------------

# Up to 10^8 cents each, so that a fact's totals stay within MAX_AMOUNT (10^9 cents, ADR 17).
cents = st.integers(min_value=0, max_value=10**8).map(lambda c: Decimal(c) / 100)
positive = st.integers(min_value=1, max_value=10**8).map(lambda c: Decimal(c) / 100)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
folios = st.from_regex(r"[A-Z]{1,3}-\d{1,6}", fullmatch=True)
methods = st.sampled_from(P.PaymentMethod)


@st.composite
def sale_figures(draw: st.DrawFn) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    subtotal, tax, cost = draw(cents), draw(cents), draw(cents)
    return subtotal, tax, subtotal + tax, cost


@st.composite
def cash_sales(draw: st.DrawFn) -> P.CashSale:
    subtotal, tax, total, cost = draw(sale_figures())
    if total + cost == 0:
        cost = Decimal("1.00")
    tenders: tuple[P.Tender, ...] = ()
    if draw(st.booleans()):
        first = draw(st.integers(min_value=0, max_value=int(total * 100))) / Decimal(100)
        tenders = (P.Tender(draw(methods), first), P.Tender(draw(methods), total - first))
    return P.CashSale(draw(days), draw(folios), subtotal, tax, total, cost, payment=draw(methods), tenders=tenders)


@st.composite
def credit_sales(draw: st.DrawFn) -> P.CreditSale:
    subtotal, tax, total, cost = draw(sale_figures())
    if total + cost == 0:
        subtotal = total = Decimal("1.00")
    return P.CreditSale(draw(days), draw(folios), subtotal, tax, total, cost)


@st.composite
def customer_payments(draw: st.DrawFn) -> P.CustomerPayment:
    total = draw(positive)
    tax = draw(st.integers(min_value=0, max_value=int(total * 100))) / Decimal(100)
    paid_before = draw(st.integers(min_value=0, max_value=int(total * 100) - 1)) / Decimal(100)
    amount = draw(st.integers(min_value=1, max_value=int((total - paid_before) * 100))) / Decimal(100)
    return P.CustomerPayment(draw(days), draw(folios), amount, total, tax, paid_before, draw(methods))


@st.composite
def purchases(draw: st.DrawFn) -> P.Purchase:
    subtotal, tax = draw(positive), draw(cents)
    return P.Purchase(
        draw(days), draw(folios), subtotal, tax, subtotal + tax, draw(st.sampled_from(P.PurchaseSettlement))
    )


@st.composite
def layaway_completions(draw: st.DrawFn) -> P.LayawayCompletion:
    subtotal, tax, total, cost = draw(sale_figures())
    if total == 0:
        subtotal = total = Decimal("1.00")
    return P.LayawayCompletion(draw(days), draw(folios), subtotal, tax, total, cost)


@st.composite
def layaway_cancellations(draw: st.DrawFn) -> P.LayawayCancellation:
    deposits = draw(positive)
    outcome = draw(st.sampled_from(P.LayawayOutcome))
    penalty = Decimal(0)
    if outcome is P.LayawayOutcome.REFUND:
        penalty = draw(st.integers(min_value=0, max_value=int(deposits * 100))) / Decimal(100)
    return P.LayawayCancellation(draw(days), draw(folios), deposits, outcome, penalty, draw(methods))


facts = st.one_of(
    cash_sales(),
    credit_sales(),
    customer_payments(),
    purchases(),
    st.builds(P.SupplierPayment, days, folios, positive, methods),
    st.builds(P.StockAdjustment, days, folios, st.sampled_from(P.AdjustmentKind), positive),
    st.builds(P.LayawayPayment, days, folios, positive, methods),
    layaway_completions(),
    layaway_cancellations(),
    st.builds(P.CashCutDifference, days, folios, positive.map(lambda d: d) | positive.map(lambda d: -d)),
)


@given(facts)
def test_every_fact_gives_a_balanced_draft(fact: P.Fact) -> None:
    draft = P.draft_for(fact)
    assert len(draft.lines) >= 2
    assert sum(ln.debit for ln in draft.lines) == sum(ln.credit for ln in draft.lines)
    for ln in draft.lines:
        assert ln.debit >= 0 and ln.credit >= 0
        assert (ln.debit > 0) != (ln.credit > 0)
        assert ln.debit == ln.debit.quantize(Decimal("0.01")) and ln.credit == ln.credit.quantize(Decimal("0.01"))
    assert draft.date == fact.date


@given(facts, days)
def test_reversal_of_reversal_is_the_original(fact: P.Fact, day: date) -> None:
    draft = P.draft_for(fact)
    once = P.reverse(draft, date=day, reference="R", description="r")
    twice = P.reverse(once, date=draft.date, reference=draft.reference, description=draft.description, type=draft.type)
    assert twice == draft
    cancel = P.draft_for(P.SaleCancellation(day, "X-1", draft))
    assert sum(ln.debit for ln in cancel.lines) == draft.total


@given(customer_payments())
def test_vat_share_never_exceeds_the_payment_share(fact: P.CustomerPayment) -> None:
    share = P.vat_collected_share(fact)
    assert 0 <= share <= fact.charge_tax
    exact = fact.amount * fact.charge_tax / fact.charge_total
    assert abs(share - exact) <= Decimal("0.01")


@given(st.lists(positive, min_size=1, max_size=6), cents)
def test_settling_payments_move_exactly_the_vat(parts: list[Decimal], tax_seed: Decimal) -> None:
    total = sum(parts, Decimal(0))
    tax = min(tax_seed, total)
    paid, moved = Decimal(0), Decimal(0)
    for amount in parts:
        moved += P.vat_collected_share(P.CustomerPayment(DAY, "C", amount, total, tax, paid_before=paid))
        paid += amount
    assert moved == tax
