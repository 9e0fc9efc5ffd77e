"""A BNPL (buy now, pay later) application: a sale's unpaid balance financed by APLAZO, Kueski Pay or
Clip (docs/integrations.md#bnpl, ADR 30).

States: ``created`` (written with its outbox call) -> ``pending`` (the provider has it) -> ``approved`` |
``rejected`` | ``expired`` | ``cancelled``. The four outcomes are final: a late or repeated webhook never
moves an application back. An application whose creation the provider refuses for good is ``rejected``
straight from ``created``; a cancelled or expired one may end before the provider answered.
"""

from __future__ import annotations

import enum
import re
from datetime import datetime
from decimal import Decimal

import attrs

from nexus_core.domain.register import positive_money
from nexus_core.domain.text import require_text
from nexus_core.errors import InvalidInput


class BnplState(enum.StrEnum):
    CREATED = "created"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


FINAL = frozenset({BnplState.APPROVED, BnplState.REJECTED, BnplState.EXPIRED, BnplState.CANCELLED})
LIVE = frozenset({BnplState.CREATED, BnplState.PENDING})  # still holds part of the sale's balance

_MOVES: dict[BnplState, frozenset[BnplState]] = {
    BnplState.CREATED: frozenset({BnplState.PENDING, BnplState.REJECTED, BnplState.EXPIRED, BnplState.CANCELLED}),
    BnplState.PENDING: FINAL,
}


def can_move(current: BnplState, to: BnplState) -> bool:
    """Whether ``current -> to`` is a transition of the machine (staying put is not one)."""
    return to in _MOVES.get(current, frozenset())


def path_to(current: BnplState, to: BnplState) -> tuple[BnplState, ...]:
    """The states an application passes through to reach ``to``: ``created -> approved`` goes through
    ``pending`` (an approval may arrive before the create call's answer is recorded); ``()`` when ``to``
    cannot be reached (a final state, a move back) or is where it already is."""
    if can_move(current, to):
        return (to,)
    if current is BnplState.CREATED and can_move(BnplState.PENDING, to):
        return (BnplState.PENDING, to)
    return ()


_PHONE = re.compile(r"^[0-9]{10,15}$")


def parse_phone(value: object, *, field: str = "customer.phone") -> str:
    """A phone in digits (10 to 15 after removing spaces, dashes, dots, parentheses and a leading +)."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} is required", field=field)
    digits = re.sub(r"[\s\-.()]", "", value).removeprefix("+")
    if not _PHONE.match(digits):
        raise InvalidInput(f"{field} must be 10 to 15 digits", field=field)
    return digits


@attrs.define(eq=False)
class BnplApplication:
    id: int | None
    tenant_id: int
    provider: str
    sale_id: int
    sale_folio: str
    customer_id: int
    amount: Decimal
    customer_name: str
    customer_phone: str
    state: BnplState
    created_at: datetime
    updated_at: datetime
    provider_ref: str | None = None  # the provider's id of the application
    redirect_url: str | None = None  # where the customer completes it (the provider's checkout)
    error: str | None = None
    entry_id: int | None = None  # the approval's journal entry

    @classmethod
    def create(
        cls,
        *,
        tenant_id: int,
        provider: str,
        sale_id: int,
        sale_folio: str,
        customer_id: int,
        amount: object,
        customer_name: object,
        customer_phone: object,
        now: datetime,
    ) -> BnplApplication:
        return cls(
            id=None,
            tenant_id=tenant_id,
            provider=provider,
            sale_id=sale_id,
            sale_folio=sale_folio,
            customer_id=customer_id,
            amount=positive_money(amount, field="amount"),
            customer_name=require_text(customer_name, field="customer.name", max_len=200),
            customer_phone=parse_phone(customer_phone),
            state=BnplState.CREATED,
            created_at=now,
            updated_at=now,
        )

    @property
    def is_final(self) -> bool:
        return self.state in FINAL

    def move(self, to: BnplState, now: datetime, *, error: str | None = None) -> tuple[BnplState, ...]:
        """Move toward ``to`` (through ``pending`` if need be); returns the states passed, ``()`` when the
        move is not one of the machine's (a repeat, a move back, anything after a final state)."""
        steps = path_to(self.state, to)
        if steps:
            self.state = steps[-1]
            self.updated_at = now
            if error is not None:
                self.error = error[:500]
        return steps

    def accepted(self, provider_ref: str, redirect_url: str | None, now: datetime) -> None:
        """The provider created it: its id and checkout URL; ``pending`` unless a webhook got here first."""
        self.provider_ref = provider_ref[:120]
        self.redirect_url = None if redirect_url is None else redirect_url[:1000]
        self.error = None
        self.move(BnplState.PENDING, now)
        self.updated_at = now
