"""A counter (owner, cashier, stocked items) with customers on account, and what to read back:
a customer's balance, their open charges, one account's balance in the books."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from contract.sell_shop import Counter
from nexus_core.domain.customers import Customer
from nexus_core.services.authz import Actor
from nexus_core.services.customer_payments import ReceivePayment, receive_payment
from nexus_core.services.customers import CreateCustomer, GetCustomer, create_customer, get_customer

D = Decimal
SEED_CUSTOMER = {
    "name": "Taller Perez",
    "rfc": "XAXX010101000",
    "razon_social": "Taller Mecanico Perez SA de CV",
    "regimen_fiscal": "601",
    "codigo_postal": "06600",
    "uso_cfdi": "G03",
    "email": "taller@correo.com",
    "phone": "555-9876",
    "address": "Calle Reforma 50",
    "price_tier": "taller",
    "credit_limit": D("50000.00"),
    "branch_id": 1,
}


def add_customer(counter: Counter, actor: Actor | None = None, **fields: Any) -> int:
    made: Customer = counter.run(create_customer, CreateCustomer(actor or counter.owner, {**SEED_CUSTOMER, **fields}))
    assert made.id is not None
    return made.id


def customer(counter: Counter, customer_id: int) -> Customer:
    found: Customer = counter.run(get_customer, GetCustomer(counter.owner, customer_id))
    return found


def pay(counter: Counter, customer_id: int, amount: str, method: str = "efectivo", actor: Actor | None = None) -> Any:
    return counter.run(receive_payment, ReceivePayment(actor or counter.cashier, customer_id, amount, method)).payment


def open_charges(counter: Counter, customer_id: int) -> list[tuple[str, Decimal]]:
    """The customer's open charges, oldest first (read through the locking query, then rolled back)."""
    with counter.shop.nexus.uows.tenant(counter.shop.tenant_id) as uow:
        return [(r.reference, r.open_amount) for r in uow.receivables.open_for_customer(customer_id)]


def books(counter: Counter, code: str) -> Decimal:
    """Debit-positive balance of one account, summed from the journal's entries."""
    with counter.shop.nexus.uows.tenant(counter.shop.tenant_id, write=False) as uow:
        account = uow.accounts.get_many_by_code({code})[code]
        total = D("0.00")
        entry_id, misses = 1, 0
        while misses < 20:
            entry = uow.journal.get(entry_id)
            entry_id += 1
            if entry is None:
                misses += 1
                continue
            total += sum((ln.debit - ln.credit for ln in entry.lines if ln.account_id == account.id), D("0.00"))
        return total
