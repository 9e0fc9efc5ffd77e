"""The one tax computation of a ticket line (docs/domain.md "Tax (IVA)").

``line subtotal = qty x unit_price x (1 - discount_pct/100)`` rounded half-up to the cent, ``tax =
subtotal x rate`` rounded half-up to the cent **once per line**, ``line total = subtotal + tax``. A
ticket's subtotal, tax and total are the sums of its lines' figures: nothing else rounds. The ticket,
its journal entry (``posting_rules.cash_sale`` / ``credit_sale`` take these sums unchanged), the
register's running totals and, later, the CFDI's tax summary all reuse these figures, so they never
differ by a cent.

SAT's IVA rates a line may carry: 0, 0.08 (border region), 0.16, or ``exempt`` (no IVA at all,
reported apart from the 0 rate on a CFDI).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs

from nexus_core.domain.money import MAX_AMOUNT, ZERO, check_amount, money_strict, parse_decimal, round_money
from nexus_core.domain.stock import positive_quantity
from nexus_core.errors import InvalidInput

EXEMPT = "exempt"
RATES: tuple[Decimal, ...] = (Decimal("0"), Decimal("0.08"), Decimal("0.16"))
HUNDRED = Decimal("100")


@attrs.frozen
class TaxRate:
    """An IVA rate of SAT's set; ``exempt`` lines carry no tax (rate 0, but reported as exento)."""

    rate: Decimal
    exempt: bool = False

    @property
    def label(self) -> str:
        return EXEMPT if self.exempt else f"{self.rate:.2f}"


def parse_tax_rate(value: object, *, field: str = "tax_rate") -> TaxRate:
    """``0``, ``0.08``, ``0.16`` (numbers or digit strings) or ``"exempt"``; anything else is refused."""
    if isinstance(value, str) and value.strip().lower() in {EXEMPT, "exento"}:
        return TaxRate(Decimal("0"), exempt=True)
    rate = parse_decimal(value, field=field)
    for allowed in RATES:
        if rate == allowed:
            return TaxRate(allowed)
    raise InvalidInput(f"{field} must be one of 0, 0.08, 0.16 or exempt (SAT's IVA rates), not {value}", field=field)


def parse_discount(value: object, *, field: str = "discount_pct") -> Decimal:
    """A discount percentage in [0, 100] with at most 2 decimals."""
    pct = parse_decimal(value, field=field)
    if not ZERO <= pct <= HUNDRED:
        raise InvalidInput(f"{field} must be between 0 and 100", field=field)
    if pct != round_money(pct):
        raise InvalidInput(f"{field} must have at most 2 decimals", field=field)
    return round_money(pct)


@attrs.frozen
class LineFigures:
    """A line's figures, each already rounded: what every reader of the line uses."""

    quantity: Decimal
    unit_price: Decimal
    discount_pct: Decimal
    tax_rate: TaxRate
    gross: Decimal  # qty x unit_price, before the discount (rounded to the cent)
    discount: Decimal  # gross - subtotal
    subtotal: Decimal
    tax: Decimal
    total: Decimal


def line_figures(quantity: object, unit_price: object, discount_pct: object, tax_rate: object) -> LineFigures:
    """THE tax computation of one line. Inputs are parsed strictly (a float, a negative or zero
    quantity or price, a fourth decimal of a price or a rate outside SAT's set are refused)."""
    qty = positive_quantity(quantity)
    price = money_strict(unit_price, field="unit_price")
    if price <= 0:
        raise InvalidInput("unit_price must be greater than zero", field="unit_price")
    pct = parse_discount(discount_pct)
    rate = tax_rate if isinstance(tax_rate, TaxRate) else parse_tax_rate(tax_rate)
    gross = check_amount(round_money(qty * price), field="line amount")
    if gross == 0:
        raise InvalidInput("quantity x unit_price is less than a cent", field="quantity")
    subtotal = round_money(qty * price * (HUNDRED - pct) / HUNDRED)
    tax = round_money(subtotal * rate.rate)
    total = check_amount(subtotal + tax, field="line total")
    return LineFigures(qty, price, pct, rate, gross, gross - subtotal, subtotal, tax, total)


@attrs.frozen
class TicketFigures:
    """A ticket's totals: sums of its lines' rounded figures (never recomputed from raw amounts)."""

    subtotal: Decimal
    tax: Decimal
    total: Decimal
    discount: Decimal


def ticket_figures(lines: Iterable[LineFigures]) -> TicketFigures:
    subtotal = tax = total = discount = ZERO
    for line in lines:
        subtotal += line.subtotal
        tax += line.tax
        total += line.total
        discount += line.discount
    if total > MAX_AMOUNT:
        raise InvalidInput(f"the ticket total must be at most {MAX_AMOUNT:,}", field="items")
    return TicketFigures(subtotal, tax, total, discount)


def paid_share(part: Decimal, total: Decimal, paid_before: Decimal, amount: Decimal) -> Decimal:
    """The share of ``part`` (a tax, a taxable base) that a payment of ``amount`` covers on a document
    of ``total`` of which ``paid_before`` was already paid.

    The share paid after a payment is ``paid * part / total`` rounded half-up once; this payment covers the
    difference from the share before it. The differences telescope, so the payments that settle the
    document cover exactly ``part``, never a cent more or less (the journal's IVA and the Pago 2.0
    complements use this one rule).
    """
    if total <= 0:
        return ZERO

    def share(paid: Decimal) -> Decimal:
        return round_money(paid * part / total)

    return share(paid_before + amount) - share(paid_before)
