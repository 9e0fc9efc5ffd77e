"""Taking back what a sale sold (devoluciones, ``POST /pos/api/inventory/return``).

Rules:

* a return names items of the sale and quantities; per sale line, everything returned so far plus
  this return never exceeds what the line sold (cumulative, across every return of the sale);
  a request for an item sold on several lines fills them in line order;
* only a completed or partially returned sale takes returns (a cancelled one gave everything back);
* figures come from the one tax computation: the returned share of a line is
  ``line_figures(returned after) - line_figures(returned before)``, and the whole line's figures once
  all of it is back, so the returns of a sale add up to its ticket to the cent; the cost put back
  into stock follows the same way from the line's cost of sales;
* the refund goes back through the sale's own tenders in their order (cash first for a cash sale,
  the card for a card sale, a mixed sale's tenders in turn), never more than each tender collected
  minus what earlier returns refunded through it. A sale on a customer's account returns first as a
  credit note lowering what is still owed on it, then as money for the part already paid
  (:mod:`nexus_core.domain.credit_notes`, ADR 32);
* the sale becomes ``returned`` when every line is back, ``partially_returned`` before that.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

import attrs

from nexus_core.domain.money import ZERO, round_money
from nexus_core.domain.posting_basics import PaymentMethod, Tender
from nexus_core.domain.sales import Sale, SaleLine, SaleStatus
from nexus_core.domain.stock import QTY_ZERO, positive_quantity
from nexus_core.domain.tax import LineFigures, line_figures
from nexus_core.domain.text import optional_text
from nexus_core.errors import InvalidInput, RuleViolation

RETURNABLE = (SaleStatus.COMPLETED, SaleStatus.PARTIALLY_RETURNED)


@attrs.frozen
class ReturnLine:
    """The part of one sale line that comes back: its quantity, its share of the line's figures and
    the cost it re-enters stock at."""

    sale_line_no: int
    item_id: int
    quantity: Decimal
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    cost: Decimal


@attrs.define
class SaleReturn:
    id: int | None
    tenant_id: int
    sale_id: int
    folio: str
    branch_id: int
    employee_id: int | None
    register_id: int | None
    reason: str | None
    lines: tuple[ReturnLine, ...]
    refunds: tuple[Tender, ...]
    business_date: date
    created_at: datetime
    entry_id: int | None = None
    credited: Decimal = ZERO  # a credit sale's return: what came off the customer's account (credit note)

    @property
    def subtotal(self) -> Decimal:
        return sum((ln.subtotal for ln in self.lines), ZERO)

    @property
    def tax(self) -> Decimal:
        return sum((ln.tax for ln in self.lines), ZERO)

    @property
    def total(self) -> Decimal:
        return sum((ln.total for ln in self.lines), ZERO)

    @property
    def cost(self) -> Decimal:
        return sum((ln.cost for ln in self.lines), ZERO)

    def refunded(self, method: PaymentMethod) -> Decimal:
        return sum((t.amount for t in self.refunds if t.method is method), ZERO)

    @property
    def refunded_total(self) -> Decimal:
        """The money given back (the total less what a credit note took off the account)."""
        return sum((t.amount for t in self.refunds), ZERO)


def returned_quantities(previous: Iterable[SaleReturn]) -> dict[int, Decimal]:
    """What earlier returns took back, per sale line number."""
    out: dict[int, Decimal] = {}
    for r in previous:
        for ln in r.lines:
            out[ln.sale_line_no] = out.get(ln.sale_line_no, QTY_ZERO) + ln.quantity
    return out


def _figures_at(line: SaleLine, qty: Decimal) -> tuple[LineFigures | None, Decimal]:
    """The line's figures and cost for ``qty`` of its units (the line's own ones for all of them)."""
    f = line.figures
    if qty == 0:
        return None, ZERO
    if qty == f.quantity:
        return f, line.cost
    return line_figures(qty, f.unit_price, f.discount_pct, f.tax_rate), round_money(line.cost * qty / f.quantity)


def _share(line: SaleLine, line_no: int, before: Decimal, qty: Decimal) -> ReturnLine:
    low, low_cost = _figures_at(line, before)
    high, high_cost = _figures_at(line, before + qty)
    assert high is not None
    sub, tax, total = (
        (high.subtotal, high.tax, high.total)
        if low is None
        else (high.subtotal - low.subtotal, high.tax - low.tax, high.total - low.total)
    )
    return ReturnLine(line_no, line.item_id, qty, sub, tax, total, high_cost - low_cost)


def plan_return(sale: Sale, previous: Sequence[SaleReturn], wanted: Sequence[tuple[int, object]]) -> list[ReturnLine]:
    """The lines of a new return of ``wanted`` ``(item_id, quantity)``, or a refusal naming the line."""
    if sale.status not in RETURNABLE:
        raise RuleViolation(f"sale {sale.folio} is {sale.status.value}; nothing can be returned", field="sale_id")
    if not wanted:
        raise InvalidInput("a return needs at least one item", field="items")
    done = returned_quantities(previous)
    out: list[ReturnLine] = []
    for i, (item_id, raw) in enumerate(wanted):
        field = f"items[{i}]"
        qty = positive_quantity(raw, field=f"{field}.quantity")
        rows = [(n, ln) for n, ln in enumerate(sale.lines) if ln.item_id == item_id]
        if not rows:
            raise InvalidInput(f"{field}: item {item_id} is not on sale {sale.folio}", field=f"{field}.inventory_id")
        left = sum((ln.figures.quantity - done.get(n, QTY_ZERO) for n, ln in rows), QTY_ZERO)
        if qty > left:
            sold = sum((ln.figures.quantity for _, ln in rows), QTY_ZERO)
            raise RuleViolation(
                f"{field}: item {item_id}: cannot return {qty}; sale {sale.folio} sold {sold} "
                f"and {left} of it is not yet returned",
                field=f"{field}.quantity",
            )
        for n, ln in rows:
            before = done.get(n, QTY_ZERO)
            take = min(qty, ln.figures.quantity - before)
            if take > 0:
                out.append(_share(ln, n, before, take))
                done[n] = before + take
                qty -= take
    return out


def refund_tenders(sale: Sale, previous: Sequence[SaleReturn], total: Decimal) -> tuple[Tender, ...]:
    """``total`` refunded through the sale's tenders in order, each up to what it has left."""
    left = total
    used = {m: sum((r.refunded(m) for r in previous), ZERO) for m in PaymentMethod}
    out: dict[PaymentMethod, Decimal] = {}
    for tender in sale.payment.tenders:
        room = tender.amount - used[tender.method]
        take = min(room, left)
        if take > 0:
            out[tender.method] = out.get(tender.method, ZERO) + take
            used[tender.method] += take
            left -= take
    if left != 0:  # the plan never returns more than the ticket, whose tenders add up to it
        raise RuleViolation(f"sale {sale.folio} has only {total - left} left to refund", field="items")
    return tuple(Tender(m, a) for m, a in out.items())


def status_after(sale: Sale, returns: Iterable[SaleReturn]) -> SaleStatus:
    done = returned_quantities(returns)
    whole = all(done.get(n, QTY_ZERO) >= ln.figures.quantity for n, ln in enumerate(sale.lines))
    return SaleStatus.RETURNED if whole else SaleStatus.PARTIALLY_RETURNED


def return_reason(value: object) -> str | None:
    return optional_text(value, field="reason", max_len=300)
