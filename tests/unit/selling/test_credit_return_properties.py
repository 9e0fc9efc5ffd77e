"""Returns of credit sales (ADR 32), as pure rules over random baskets (several tax rates, exempt
included, discounts): whatever was paid at the counter or later, and however the goods come back in
two returns, every entry balances, each return is a credit note plus a refund that add up to it, the
refund never exceeds what was paid, and once everything is back 105.01, 209.01 and 208.01 are empty,
402.01 holds the ticket's subtotal and the money in equals the money out, to the cent."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from nexus_core.domain import chart
from nexus_core.domain.credit_notes import split_credit_return
from nexus_core.domain.ledger import EntryDraft
from nexus_core.domain.money import ZERO, round_money
from nexus_core.domain.posting_basics import PaymentMethod
from nexus_core.domain.posting_rules import (
    CreditSale,
    CreditSaleReturned,
    CustomerPayment,
    credit_sale,
    credit_sale_return,
    customer_payment,
)
from nexus_core.domain.receivables import Receivable
from nexus_core.domain.returns import SaleReturn, plan_return, status_after
from nexus_core.domain.sales import Sale, SaleLine, SaleMethod, settle
from nexus_core.domain.tax import line_figures
from unit.selling.test_tax_and_sales import DAY, NOW, lines

D = Decimal
CASH = PaymentMethod.CASH
fraction = st.integers(0, 100).map(lambda n: D(n) / 100)


class Books:
    def __init__(self) -> None:
        self.by_code: dict[str, Decimal] = defaultdict(lambda: ZERO)

    def post(self, entry: EntryDraft) -> None:
        assert sum((ln.debit for ln in entry.lines), ZERO) == sum((ln.credit for ln in entry.lines), ZERO)
        for ln in entry.lines:
            self.by_code[ln.account_code] += ln.debit - ln.credit


def _pay(books: Books, charge: Receivable, amount: Decimal, folio: str, method: PaymentMethod = CASH) -> None:
    if amount > 0:
        fact = CustomerPayment(DAY, folio, amount, charge.amount, charge.tax, paid_before=charge.paid, method=method)
        books.post(customer_payment(fact))
        charge.apply_payment(amount)


def _return(
    books: Books, sale: Sale, charge: Receivable, done: list[SaleReturn], wanted: list[tuple[int, Decimal]]
) -> None:
    planned = plan_return(sale, done, wanted)
    total = sum((ln.total for ln in planned), ZERO)
    split = split_credit_return(sale, done, total, charge.open_amount)
    ret = SaleReturn(None, 1, 1, f"D-{len(done) + 1}", 1, 1, 1, None, tuple(planned), split.refunds, DAY, NOW)
    ret.credited = split.credited
    fact = CreditSaleReturned(
        date=DAY,
        folio=ret.folio,
        subtotal=ret.subtotal,
        tax=ret.tax,
        total=ret.total,
        cost=ret.cost,
        refunds=ret.refunds,
        credited=ret.credited,
        charge_total=charge.amount,
        charge_tax=charge.tax,
        settled_before=charge.paid,
    )
    books.post(credit_sale_return(fact))
    assert ret.credited + ret.refunded_total == ret.total and ret.credited <= charge.open_amount
    if ret.credited:
        charge.apply_payment(ret.credited)
    done.append(ret)
    sale.status = status_after(sale, done)


@given(lines, fraction, fraction, fraction, st.sampled_from(["efectivo", "tarjeta", "transferencia"]))
def test_credit_returns_empty_the_account_and_the_iva_accounts_to_the_cent(
    basket: list,  # type: ignore[type-arg]
    now_share: Decimal,
    later_share: Decimal,
    first_share: Decimal,
    method: str,
) -> None:
    assume(all(q * p >= D("0.005") for q, p, _, _ in basket))
    figures = [line_figures(q, p, d, r) for q, p, d, r in basket]
    sale_lines = [SaleLine(n + 1, f, cost=D("1.00")) for n, f in enumerate(figures)]
    total = sum((f.total for f in figures), ZERO)
    assume(total > 0)
    payment = settle(total, SaleMethod.CREDIT, round_money(total * now_share), credit_payment=method)
    sale = Sale.create(
        tenant_id=1,
        folio="V-0001",
        branch_id=1,
        employee_id=1,
        register_id=1,
        customer_id=1,
        lines=sale_lines,
        payment=payment,
        max_discount_pct=D(100),
        business_date=DAY,
        now=NOW,
    )
    sale.id = 1
    t = sale.totals
    books = Books()
    books.post(
        credit_sale(
            CreditSale(date=DAY, folio=sale.folio, subtotal=t.subtotal, tax=t.tax, total=t.total, cost=sale.cost)
        )
    )
    charge = Receivable.create(
        tenant_id=1,
        customer_id=1,
        customer_name="Taller",
        reference="V-0001",
        amount=t.total,
        issued_on=DAY,
        due_date=DAY,
        tax=t.tax,
    )
    for tender in payment.tenders:  # at the counter
        _pay(books, charge, tender.amount, sale.folio, tender.method)
    _pay(books, charge, round_money(charge.open_amount * later_share), "PAG-0001")
    done: list[SaleReturn] = []
    first = [
        (ln.item_id, ln.figures.quantity) for n, ln in enumerate(sale.lines) if n % 2 == 0 or first_share > D("0.5")
    ]
    _return(books, sale, charge, done, first)
    assert books.by_code[chart.CUSTOMERS] == charge.open_amount  # 105.01 = what is still owed
    _pay(books, charge, round_money(charge.open_amount * later_share), "PAG-0002")
    rest = [
        (ln.item_id, ln.figures.quantity)
        for n, ln in enumerate(sale.lines)
        if (ln.item_id, ln.figures.quantity) not in first
    ]
    if rest:
        _return(books, sale, charge, done, rest)
    assert sum((r.total for r in done), ZERO) == t.total and charge.open_amount == 0
    refunded = sum((r.refunded_total for r in done), ZERO)
    assert refunded == charge.amount - sum((r.credited for r in done), ZERO)  # every peso paid comes back
    for code in (chart.CUSTOMERS, chart.VAT_UNCOLLECTED, chart.VAT_COLLECTED, chart.CASH, chart.BANKS):
        assert books.by_code[code] == ZERO, code
    assert books.by_code[chart.SALES_RETURNS] == t.subtotal == -books.by_code[chart.SALES]
