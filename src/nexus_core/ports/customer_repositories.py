"""Repositories of customers, their vehicles and their accounts (movements and payments). Reached
through a tenant's unit of work; they see only its rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Protocol

import attrs

from nexus_core.domain.customer_accounts import AccountEntry, ReceivedPayment
from nexus_core.domain.customers import Customer
from nexus_core.domain.vehicles import Vehicle
from nexus_core.ports.inventory_queries import Page, Paged


@attrs.frozen
class CustomerSearch:
    """``text``: lower-case words found anywhere in the name, RFC, phone or razón social (all must
    match); ``None`` finds every customer. ``branch_id`` keeps the branch's customers only."""

    text: str | None = None
    branch_id: int | None = None


class CustomerRepository(Protocol):
    def add(self, customer: Customer) -> int:
        """Insert and set ``customer.id``."""
        ...

    def get(self, customer_id: int) -> Customer | None: ...

    def lock(self, customer_id: int) -> Customer | None:
        """Like :meth:`get`, locking the row until the transaction ends (its balance changes)."""
        ...

    def save(self, customer: Customer) -> None:
        """Store every field, the balance included."""
        ...

    def search(self, search: CustomerSearch, page: Page) -> Paged[Customer]:
        """The customers found, by name then id, one page of them and how many there are."""
        ...

    def add_vehicle(self, vehicle: Vehicle) -> int: ...

    def vehicles(self, customer_id: int) -> list[Vehicle]:
        """The customer's vehicles, oldest first."""
        ...


class CustomerAccountRepository(Protocol):
    def add_entry(self, entry: AccountEntry) -> int: ...

    def entries(self, customer_id: int, date_from: date | None, date_to: date | None) -> list[AccountEntry]:
        """The account's movements dated within the bounds (inclusive), by business date then id."""
        ...

    def balance_before(self, customer_id: int, day: date) -> Decimal:
        """The sum of the movements dated before ``day``."""
        ...

    def add_payment(self, payment: ReceivedPayment) -> int: ...
