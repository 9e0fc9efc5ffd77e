"""Customers: list and search, detail, create, partial update, vehicles (docs/selling.md
"Customers and credit"). Another tenant's customer is missing: 404, like one that does not exist.

Credit terms (``credit_limit``, ``credit_days``) are the shop's risk: besides ``customers.create`` or
``customers.edit``, setting them needs ``config.edit`` (owners and administrators), so a cashier who
takes payments cannot raise a customer's limit (docs/adr/0021-customer-accounts.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from nexus_core.domain.customers import DEFAULT_CREDIT_DAYS, SEARCH_SEPARATOR, Customer
from nexus_core.domain.vehicles import Vehicle
from nexus_core.errors import InvalidInput, NotFound
from nexus_core.ports.customer_repositories import CustomerSearch
from nexus_core.ports.inventory_queries import Paged
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.inventory_lists import check_branch, page_of
from nexus_core.services.purchases import parse_item_id
from nexus_core.services.runner import Deps, read_only

CREDIT_TERMS = frozenset({"credit_limit", "credit_days"})
CREDIT_PERMISSION = "config.edit"
MAX_QUERY = 100


def find_customer(uow: UnitOfWork, customer_id: object, *, lock: bool = False) -> Customer:
    """The tenant's customer, or 404 naming ``customer_id``."""
    cid = parse_item_id(customer_id, field="customer_id")
    found = uow.customers.lock(cid) if lock else uow.customers.get(cid)
    if found is None:
        raise NotFound(f"customer {cid} not found", field="customer_id")
    return found


def _check_terms(uow: UnitOfWork, actor: Actor, customer: Customer, changed: set[str]) -> None:
    """Credit terms other than the defaults need ``config.edit``; the branch must be the tenant's."""
    if CREDIT_TERMS & changed:
        authorize(uow, actor, CREDIT_PERMISSION)
    if "branch_id" in changed:
        check_branch(uow, customer.branch_id)


@attrs.frozen
class CreateCustomer:
    actor: Actor
    fields: Mapping[str, Any]


def create_customer(cmd: CreateCustomer, uow: UnitOfWork, deps: Deps) -> Customer:
    authorize(uow, cmd.actor, "customers.create")
    customer = Customer.create(tenant_id=uow.tenant_id, fields=cmd.fields, now=deps.clock.now())
    given = {"branch_id"} if customer.branch_id is not None else set()
    if customer.credit_limit != 0:
        given.add("credit_limit")
    if customer.credit_days != DEFAULT_CREDIT_DAYS:
        given.add("credit_days")
    _check_terms(uow, cmd.actor, customer, given)
    uow.customers.add(customer)
    return customer


@attrs.frozen
class UpdateCustomer:
    actor: Actor
    customer_id: Any
    fields: Mapping[str, Any]


def update_customer(cmd: UpdateCustomer, uow: UnitOfWork, deps: Deps) -> Customer:
    """Only the fields sent change; fiscal fields are checked again; the balance never changes here."""
    authorize(uow, cmd.actor, "customers.edit")
    customer = find_customer(uow, cmd.customer_id, lock=True)
    if cmd.fields.get("name", "") is None:
        raise InvalidInput("name is required", field="name")
    changed = customer.apply(cmd.fields, now=deps.clock.now())
    _check_terms(uow, cmd.actor, customer, changed)
    if changed:
        uow.customers.save(customer)
    return customer


@attrs.frozen
class GetCustomer:
    actor: Actor
    customer_id: Any


@read_only
def get_customer(cmd: GetCustomer, uow: UnitOfWork, deps: Deps) -> Customer:
    cmd.actor.require("customers.view")
    return find_customer(uow, cmd.customer_id)


@attrs.frozen
class ListCustomers:
    actor: Actor
    q: str | None = None
    branch_id: int | None = None
    page: int = 1
    per_page: int = 50


@read_only
def list_customers(cmd: ListCustomers, uow: UnitOfWork, deps: Deps) -> Paged[Customer]:
    """Customers whose name, RFC, phone or razón social contain ``q`` (any case), by name."""
    cmd.actor.require("customers.view")
    page = page_of(cmd.page, cmd.per_page)
    text = (cmd.q or "").strip().lower() or None
    if text is not None and len(text) > MAX_QUERY:
        raise InvalidInput(f"q must be at most {MAX_QUERY} characters", field="q")
    if text is not None and SEARCH_SEPARATOR in text:
        raise InvalidInput("q must not contain control characters", field="q")
    check_branch(uow, cmd.branch_id)
    return uow.customers.search(CustomerSearch(text, cmd.branch_id), page)


@attrs.frozen
class AddVehicle:
    actor: Actor
    customer_id: Any
    brand: Any
    model: Any
    year: Any = None
    engine: Any = None
    mye_id: Any = None
    plate: Any = None
    vin: Any = None


def add_vehicle(cmd: AddVehicle, uow: UnitOfWork, deps: Deps) -> Vehicle:
    authorize(uow, cmd.actor, "customers.edit")
    customer = find_customer(uow, cmd.customer_id)
    assert customer.id is not None
    vehicle = Vehicle.create(
        tenant_id=uow.tenant_id,
        customer_id=customer.id,
        brand=cmd.brand,
        model=cmd.model,
        year=cmd.year,
        engine=cmd.engine,
        mye_id=cmd.mye_id,
        plate=cmd.plate,
        vin=cmd.vin,
        now=deps.clock.now(),
    )
    return attrs.evolve(vehicle, id=uow.customers.add_vehicle(vehicle))


@attrs.frozen
class ListVehicles:
    actor: Actor
    customer_id: Any


@read_only
def list_vehicles(cmd: ListVehicles, uow: UnitOfWork, deps: Deps) -> list[Vehicle]:
    cmd.actor.require("customers.view")
    customer = find_customer(uow, cmd.customer_id)
    assert customer.id is not None
    return uow.customers.vehicles(customer.id)
