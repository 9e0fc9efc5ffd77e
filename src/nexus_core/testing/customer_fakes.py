"""In-memory customers, vehicles and customer accounts, keeping the SQL adapter's rules (tenant
isolation, search over name, RFC, phone and razón social, order by name then id)."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import attrs

from nexus_core.domain.customer_accounts import AccountEntry, ReceivedPayment
from nexus_core.domain.customers import Customer
from nexus_core.domain.money import ZERO
from nexus_core.domain.vehicles import Vehicle
from nexus_core.ports.customer_repositories import CustomerSearch
from nexus_core.ports.inventory_queries import Page, Paged
from nexus_core.testing.fake_repo import FakeRepo


@attrs.define
class CustomerTables:
    customers: dict[int, Customer] = attrs.Factory(dict)
    vehicles: dict[int, Vehicle] = attrs.Factory(dict)
    entries: dict[int, AccountEntry] = attrs.Factory(dict)
    payments: dict[int, ReceivedPayment] = attrs.Factory(dict)


class _Repo(FakeRepo):
    @property
    def _t(self) -> CustomerTables:
        return self._tx.work.customers


def _matches(c: Customer, search: CustomerSearch) -> bool:
    if search.branch_id is not None and c.branch_id != search.branch_id:
        return False
    if search.text is None:
        return True
    return search.text in c.search_text


class InMemoryCustomers(_Repo):
    def add(self, customer: Customer) -> int:
        assert customer.tenant_id == self._tid, "entity of another tenant"
        customer.id = self._all.new_id("customers")
        self._t.customers[customer.id] = copy.deepcopy(customer)
        return customer.id

    def get(self, customer_id: int) -> Customer | None:
        c = self._t.customers.get(customer_id)
        return copy.deepcopy(c) if c is not None and c.tenant_id == self._tid else None

    def lock(self, customer_id: int) -> Customer | None:
        return self.get(customer_id)

    def save(self, customer: Customer) -> None:
        assert customer.id is not None and self.get(customer.id) is not None
        self._t.customers[customer.id] = copy.deepcopy(customer)

    def search(self, search: CustomerSearch, page: Page) -> Paged[Customer]:
        found = sorted(
            (c for c in self._t.customers.values() if c.tenant_id == self._tid and _matches(c, search)),
            key=lambda c: (c.name, c.id or 0),
        )
        rows = found[page.offset : page.offset + page.size]
        return Paged([copy.deepcopy(c) for c in rows], len(found))

    def add_vehicle(self, vehicle: Vehicle) -> int:
        assert vehicle.tenant_id == self._tid, "entity of another tenant"
        new_id = self._all.new_id("customer_vehicles")
        self._t.vehicles[new_id] = attrs.evolve(vehicle, id=new_id)
        return new_id

    def vehicles(self, customer_id: int) -> list[Vehicle]:
        return sorted(
            (v for v in self._t.vehicles.values() if v.tenant_id == self._tid and v.customer_id == customer_id),
            key=lambda v: v.id or 0,
        )


class InMemoryCustomerAccounts(_Repo):
    def add_entry(self, entry: AccountEntry) -> int:
        assert entry.tenant_id == self._tid, "entity of another tenant"
        new_id = self._all.new_id("customer_account_entries")
        self._t.entries[new_id] = attrs.evolve(entry, id=new_id)
        return new_id

    def _mine(self, customer_id: int) -> list[AccountEntry]:
        return [e for e in self._t.entries.values() if e.tenant_id == self._tid and e.customer_id == customer_id]

    def entries(self, customer_id: int, date_from: date | None, date_to: date | None) -> list[AccountEntry]:
        rows = [
            e
            for e in self._mine(customer_id)
            if (date_from is None or e.business_date >= date_from) and (date_to is None or e.business_date <= date_to)
        ]
        return sorted(rows, key=lambda e: (e.business_date, e.id or 0))

    def balance_before(self, customer_id: int, day: date) -> Decimal:
        return sum((e.amount for e in self._mine(customer_id) if e.business_date < day), ZERO)

    def add_payment(self, payment: ReceivedPayment) -> int:
        assert payment.tenant_id == self._tid, "entity of another tenant"
        new_id = self._all.new_id("customer_payments")
        self._t.payments[new_id] = attrs.evolve(payment, id=new_id)
        return new_id
