"""Customers (the seed's customers module): list and search, detail, create, partial update, statement, vehicles,
and payments on account. Create, add-vehicle and payment honour ``Idempotency-Key``; another tenant's
customer answers 404 like a missing one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.customers import EDITABLE_FIELDS, Customer
from nexus_core.services import customer_payments, customer_statement, customers
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import Reply
from nexus_http.routes.customers_wire import (
    CUSTOMER_EXAMPLE,
    PREFIX,
    STATEMENT_EXAMPLE,
    VEHICLE_EXAMPLE,
    CustomerChanges,
    CustomerCreated,
    CustomerIn,
    CustomerList,
    CustomerOut,
    CustomerPaymentIn,
    CustomerPaymentOut,
    CustomersQuery,
    StatementOut,
    StatementQuery,
    VehicleIn,
    VehicleList,
    VehicleOut,
    customer_json,
    line_json,
    payment_json,
    vehicle_json,
)
from nexus_http.routes.inventory_wire import pagination

routes = RouteTable("customers")
ONE = f"{PREFIX}/{{customer_id}}"


def _given_fields(call: Call) -> dict[str, Any]:
    """The customer fields the client sent (typed by the wire class), ``null`` included."""
    typed = attrs.asdict(call.body)
    return {name: typed[name] for name in call.json if name in EDITABLE_FIELDS}


@routes.get(
    PREFIX,
    summary="List customers; q searches name, RFC, phone and razón social",
    permission="customers.view",
    query=CustomersQuery,
    response=CustomerList,
    example={"data": [CUSTOMER_EXAMPLE], "pagination": {"page": 1, "per_page": 50, "total": 1, "total_pages": 1}},
)
def list_customers(call: Call) -> dict[str, Any]:
    p: CustomersQuery = call.params
    cmd = customers.ListCustomers(call.actor, p.q, p.branch_id, p.page, p.per_page)
    found = call.run(customers.list_customers, cmd)
    page = customers.page_of(p.page, p.per_page)
    return {"data": [customer_json(c) for c in found.rows], "pagination": pagination(page, found.total)}


@routes.get(
    ONE,
    summary="A customer with its fiscal data, price tier, credit limit and balance",
    permission="customers.view",
    response=CustomerOut,
    example=CUSTOMER_EXAMPLE,
)
def get_customer(call: Call) -> dict[str, Any]:
    cmd = customers.GetCustomer(call.actor, call.path_int("customer_id"))
    return customer_json(call.run(customers.get_customer, cmd))


@routes.post(
    PREFIX,
    summary="Create a customer (credit terms other than none need config.edit)",
    permission="customers.create",
    body=CustomerIn,
    response=CustomerCreated,
    status=201,
    idempotent=True,
    example={"id": 5, "message": "Customer created"},
)
def create_customer(call: Call) -> Reply:
    cmd = customers.CreateCustomer(call.actor, _given_fields(call))
    return call.respond(
        customers.create_customer, cmd, lambda c: Reply({"id": c.id, "message": "Customer created"}, 201)
    )


@routes.put(
    ONE,
    summary="Change a customer's fields (only those sent; the balance follows sales and payments)",
    permission="customers.edit",
    body=CustomerChanges,
    response=CustomerOut,
    example=CUSTOMER_EXAMPLE,
)
def update_customer(call: Call) -> dict[str, Any]:
    cmd = customers.UpdateCustomer(call.actor, call.path_int("customer_id"), _given_fields(call))
    changed: Customer = call.run(customers.update_customer, cmd)
    return customer_json(changed)


@routes.get(
    f"{ONE}/statement",
    summary="Statement: the account's sales on credit, payments, cancellations and returns with the balance after each",
    permission="customers.view",
    query=StatementQuery,
    response=StatementOut,
    example=STATEMENT_EXAMPLE,
)
def statement(call: Call) -> dict[str, Any]:
    p: StatementQuery = call.params
    cmd = customer_statement.GetStatement(call.actor, call.path_int("customer_id"), p.date_from, p.date_to)
    got = call.run(customer_statement.customer_statement, cmd)
    c = got.customer
    return {
        "customer": {"id": c.id, "name": c.name, "credit_limit": c.credit_limit, "balance": c.balance},
        "opening_balance": got.opening_balance,
        "transactions": [line_json(ln) for ln in got.lines],
    }


@routes.get(
    f"{ONE}/vehicles",
    summary="The customer's vehicles",
    permission="customers.view",
    response=VehicleList,
    example={"data": [VEHICLE_EXAMPLE]},
)
def list_vehicles(call: Call) -> dict[str, Any]:
    found = call.run(customers.list_vehicles, customers.ListVehicles(call.actor, call.path_int("customer_id")))
    return {"data": [vehicle_json(v) for v in found]}


@routes.post(
    f"{ONE}/vehicles",
    summary="Add a vehicle (brand, model, year, engine or catalog mye_id, plate, VIN)",
    permission="customers.edit",
    body=VehicleIn,
    response=VehicleOut,
    status=201,
    idempotent=True,
    example=VEHICLE_EXAMPLE,
)
def add_vehicle(call: Call) -> Reply:
    b: VehicleIn = call.body
    cmd = customers.AddVehicle(
        call.actor, call.path_int("customer_id"), b.brand, b.model, b.year, b.engine, b.mye_id, b.plate, b.vin
    )
    return call.respond(customers.add_vehicle, cmd, lambda v: Reply(vehicle_json(v), 201))


@routes.post(
    f"{ONE}/payment",
    summary="A payment on account: oldest charges first, folio PAG-0001; cash goes into your open register",
    permission="customers.edit",
    body=CustomerPaymentIn,
    response=CustomerPaymentOut,
    status=201,
    idempotent=True,
    example={
        "payment_id": 1,
        "folio": "PAG-0001",
        "customer_id": 5,
        "amount": Decimal("5000.00"),
        "payment_method": "transferencia",
        "reference": "SPEI-20260401-001",
        "balance": Decimal("7500.00"),
        "register_id": 1,
        "entry_id": 21,
        "date": "2026-04-01",
        "cfdi_pago_ids": [],
    },
)
def receive_payment(call: Call) -> Reply:
    b: CustomerPaymentIn = call.body
    cmd = customer_payments.ReceivePayment(
        call.actor, call.path_int("customer_id"), b.amount, b.payment_method, b.reference, b.notes
    )
    return call.respond(
        customer_payments.receive_payment,
        cmd,
        lambda made: Reply(
            payment_json(made.payment, made.balance, [c.id for c in made.complements if c.id is not None]), 201
        ),
    )
