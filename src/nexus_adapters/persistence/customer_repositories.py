"""SQL repositories of customers, their vehicles and their accounts. Every statement is filtered by
``tenant_id``; explicit row <-> attrs mapping (ADR 5)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select, update

from nexus_adapters.persistence.customer_tables import (
    customer_account_entries,
    customer_payments,
    customer_vehicles,
    customers,
)
from nexus_adapters.persistence.sql import check_tenant, insert_row_id
from nexus_core.domain.customer_accounts import AccountEntry, AccountEntryKind, ReceivedPayment
from nexus_core.domain.customers import Customer, PriceTier
from nexus_core.domain.money import ZERO
from nexus_core.domain.vehicles import Vehicle
from nexus_core.errors import NotFound
from nexus_core.ports.customer_repositories import CustomerSearch
from nexus_core.ports.inventory_queries import Page, Paged

_FIELDS = (
    "name",
    "rfc",
    "razon_social",
    "regimen_fiscal",
    "codigo_postal",
    "uso_cfdi",
    "email",
    "phone",
    "address",
    "credit_limit",
    "credit_days",
    "balance",
    "branch_id",
    "active",
    "created_at",
    "updated_at",
)
_VEHICLE_FIELDS = ("brand", "model", "year", "engine", "mye_id", "plate", "vin", "created_at")


def _values(c: Customer) -> dict[str, Any]:
    return {
        **{name: getattr(c, name) for name in _FIELDS},
        "price_tier": c.price_tier.value,
        "search_text": c.search_text,
    }


def _to_customer(row: Mapping[str, Any]) -> Customer:
    return Customer(
        id=row["id"],
        tenant_id=row["tenant_id"],
        price_tier=PriceTier(row["price_tier"]),
        **{name: row[name] for name in _FIELDS},
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqlCustomerRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, customer: Customer) -> int:
        check_tenant(customer, self._tid)
        customer.id = insert_row_id(self._conn, customers, {"tenant_id": self._tid, **_values(customer)})
        return customer.id

    def _one(self, customer_id: int, *, lock: bool) -> Customer | None:
        c = customers.c
        stmt = select(customers).where(c.tenant_id == self._tid, c.id == customer_id)
        if lock:
            stmt = stmt.with_for_update()
        row = self._conn.execute(stmt).mappings().first()
        return None if row is None else _to_customer(row)

    def get(self, customer_id: int) -> Customer | None:
        return self._one(customer_id, lock=False)

    def lock(self, customer_id: int) -> Customer | None:
        return self._one(customer_id, lock=True)

    def save(self, customer: Customer) -> None:
        check_tenant(customer, self._tid)
        c = customers.c
        stmt = update(customers).where(c.tenant_id == self._tid, c.id == customer.id).values(_values(customer))
        if self._conn.execute(stmt).rowcount != 1:
            raise NotFound(f"customer {customer.id} not found")

    def search(self, search: CustomerSearch, page: Page) -> Paged[Customer]:
        c = customers.c
        where = [c.tenant_id == self._tid]
        if search.branch_id is not None:
            where.append(c.branch_id == search.branch_id)
        if search.text is not None:
            where.append(c.search_text.like(f"%{_escape_like(search.text)}%", escape="\\"))
        total = self._conn.execute(select(func.count()).select_from(customers).where(*where)).scalar_one()
        stmt = select(customers).where(*where).order_by(c.name, c.id).offset(page.offset).limit(page.size)
        return Paged([_to_customer(r) for r in self._conn.execute(stmt).mappings()], int(total))

    def add_vehicle(self, vehicle: Vehicle) -> int:
        check_tenant(vehicle, self._tid)
        values = {"tenant_id": self._tid, "customer_id": vehicle.customer_id}
        values.update({name: getattr(vehicle, name) for name in _VEHICLE_FIELDS})
        return insert_row_id(self._conn, customer_vehicles, values)

    def vehicles(self, customer_id: int) -> list[Vehicle]:
        v = customer_vehicles.c
        stmt = select(customer_vehicles).where(v.tenant_id == self._tid, v.customer_id == customer_id).order_by(v.id)
        return [
            Vehicle(
                id=r["id"],
                tenant_id=r["tenant_id"],
                customer_id=r["customer_id"],
                **{name: r[name] for name in _VEHICLE_FIELDS},
            )
            for r in self._conn.execute(stmt).mappings()
        ]


class SqlCustomerAccountRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add_entry(self, entry: AccountEntry) -> int:
        check_tenant(entry, self._tid)
        values = {
            "tenant_id": self._tid,
            "customer_id": entry.customer_id,
            "kind": entry.kind.value,
            "reference": entry.reference,
            "amount": entry.amount,
            "business_date": entry.business_date,
            "created_at": entry.created_at,
        }
        return insert_row_id(self._conn, customer_account_entries, values)

    def entries(self, customer_id: int, date_from: date | None, date_to: date | None) -> list[AccountEntry]:
        e = customer_account_entries.c
        stmt = select(customer_account_entries).where(e.tenant_id == self._tid, e.customer_id == customer_id)
        if date_from is not None:
            stmt = stmt.where(e.business_date >= date_from)
        if date_to is not None:
            stmt = stmt.where(e.business_date <= date_to)
        return [
            AccountEntry(
                r["id"],
                r["tenant_id"],
                r["customer_id"],
                AccountEntryKind(r["kind"]),
                r["reference"],
                r["amount"],
                r["business_date"],
                r["created_at"],
            )
            for r in self._conn.execute(stmt.order_by(e.business_date, e.id)).mappings()
        ]

    def balance_before(self, customer_id: int, day: date) -> Decimal:
        e = customer_account_entries.c
        stmt = select(func.coalesce(func.sum(e.amount), 0)).where(
            e.tenant_id == self._tid, e.customer_id == customer_id, e.business_date < day
        )
        return Decimal(self._conn.execute(stmt).scalar_one()).quantize(ZERO)  # typed Cents: already scaled

    def add_payment(self, payment: ReceivedPayment) -> int:
        check_tenant(payment, self._tid)
        values = {
            "tenant_id": self._tid,
            "customer_id": payment.customer_id,
            "folio": payment.folio,
            "amount": payment.amount,
            "method": payment.method.value,
            "reference": payment.reference,
            "notes": payment.notes,
            "register_id": payment.register_id,
            "employee_id": payment.employee_id,
            "business_date": payment.business_date,
            "created_at": payment.created_at,
            "entry_id": payment.entry_id,
        }
        return insert_row_id(self._conn, customer_payments, values)
