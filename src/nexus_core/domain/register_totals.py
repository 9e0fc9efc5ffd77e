"""A register session's running totals and what a cut reports from them (docs/domain.md "Cash register
and cuts"): ``expected_cash = opening + cash received - change given - cash refunded + movements_in -
movements_out + layaway_cash + customers' cash payments``; card and transfer are reported beside it.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from nexus_core.domain.money import ZERO


@attrs.define
class RegisterTotals:
    """Running totals of a session, each changed by the events linked to it."""

    cash_received: Decimal = ZERO  # cash handed over by customers (before change)
    change_given: Decimal = ZERO
    cash_refunded: Decimal = ZERO  # cash given back by cancellations and returns
    sales_cash: Decimal = ZERO  # cash tender net of change
    sales_card: Decimal = ZERO
    sales_transfer: Decimal = ZERO
    sales_credit: Decimal = ZERO  # put on customers' accounts
    movements_in: Decimal = ZERO
    movements_out: Decimal = ZERO
    sales_count: int = 0
    cancelled_count: int = 0
    sales_total: Decimal = ZERO  # tickets' totals, net of cancellations
    layaway_cash: Decimal = ZERO  # layaway deposits taken in cash, net of cash refunds of cancelled layaways
    payments_cash: Decimal = ZERO  # customers' payments on account (abonos) taken at this register
    payments_card: Decimal = ZERO
    payments_transfer: Decimal = ZERO
    returns_cash: Decimal = ZERO  # refunds of returns, per tender (cash also counts in cash_refunded)
    returns_card: Decimal = ZERO
    returns_transfer: Decimal = ZERO
    returns_total: Decimal = ZERO
    returns_count: int = 0

    def expected_cash(self, opening: Decimal) -> Decimal:
        return (
            opening
            + self.cash_received
            - self.change_given
            - self.cash_refunded
            + self.movements_in
            - self.movements_out
            + self.layaway_cash
            + self.payments_cash
        )


@attrs.frozen
class CutSummary:
    """What a cut reports. For a Z cut, frozen with the session."""

    register_id: int
    opening_amount: Decimal
    totals: RegisterTotals
    expected_cash: Decimal
    counted_amount: Decimal | None = None
    difference: Decimal | None = None

    def figures(self) -> dict[str, int | Decimal | None]:
        """The cut's figures by the names every surface reports them (API and command line alike): every
        running total (``sales_total`` is reported as ``total_sales``, the seed's name) and the cut's own."""
        totals: dict[str, int | Decimal | None] = attrs.asdict(self.totals, recurse=False)
        totals["total_sales"] = totals.pop("sales_total")
        return {
            "register_id": self.register_id,
            "opening_amount": self.opening_amount,
            **totals,
            "expected_cash": self.expected_cash,
            "counted_amount": self.counted_amount,
            "difference": self.difference,
        }
