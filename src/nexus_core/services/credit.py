"""Credit sales: the customer of a sale, their price tier, the credit check, and what a sale on
account writes besides the sale (docs/selling.md "Customers and credit", ADR 21).

A credit sale (``sale_type: "credit"`` or ``payment_method: "credito"``) may take ``amount_paid`` now in
``payment_method`` (0 by default); the rest goes on the customer's account, refused above their
available credit. It posts ONE entry: the existing ``credit_sale`` rule (Dr 105.01 total / Cr 401.01 /
Cr 209.01) and, for the part paid now, the ``customer_payment`` rule (Dr cash or bank / Cr 105.01, and
its share of IVA from 209.01 to 208.01). It creates the receivable (the total, less what was paid
now) that aging reads and payments settle, and two account movements (the charge, the payment).
Cancelling it reverses the balance and closes the receivable, unless later payments were applied.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from nexus_core.domain.customer_accounts import AccountEntry, AccountEntryKind, one_entry
from nexus_core.domain.customers import Customer, PriceTier
from nexus_core.domain.items import Item
from nexus_core.domain.posting_rules import CreditSale, CustomerPayment, credit_sale, customer_payment
from nexus_core.domain.receivables import Receivable
from nexus_core.domain.sales import Sale, SaleMethod, parse_sale_method
from nexus_core.errors import InvalidInput, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.customers import find_customer
from nexus_core.services.posting import PostEntry, post_entry
from nexus_core.services.runner import Deps
from nexus_core.services.stock_records import StockContext

SALE_TYPES = ("cash", "credit", "mixed")


def sale_method(payment_method: object, sale_type: object) -> tuple[SaleMethod, object]:
    """The sale's method and, for a credit sale, the tender of what is paid now (cash by default).

    ``sale_type: "credit"`` makes a credit sale whose ``payment_method`` is the tender of
    ``amount_paid``; otherwise ``payment_method`` decides (``credito`` included)."""
    if sale_type is not None and sale_type not in SALE_TYPES:
        raise InvalidInput(f"sale_type must be one of {', '.join(SALE_TYPES)}", field="sale_type")
    if sale_type == "credit":
        tender = "efectivo" if payment_method in (None, SaleMethod.CREDIT.value) else payment_method
        return SaleMethod.CREDIT, tender
    return parse_sale_method(payment_method), "efectivo"


def sale_customer(uow: UnitOfWork, customer_id: object) -> Customer | None:
    """The sale's customer, its row locked (a credit sale changes its balance); ``None`` for none."""
    if customer_id is None:
        return None
    customer = find_customer(uow, customer_id, lock=True)
    if not customer.active:
        raise RuleViolation(f"customer {customer.name} is inactive", field="customer_id")
    return customer


def list_price(item: Item, customer: Customer | None) -> Decimal:
    """The price a line without ``unit_price`` pays: the customer's tier, ``price_1`` without one."""
    return (PriceTier.MOSTRADOR if customer is None else customer.price_tier).price_of(item)


def post_credit_sale(uow: UnitOfWork, deps: Deps, ctx: StockContext, sale: Sale, customer: Customer) -> int | None:
    """The books, receivable and account movements of a credit sale (already charged on ``customer``
    by :meth:`Customer.charge`); returns the entry's id."""
    assert customer.id is not None
    t, p = sale.totals, sale.payment
    charged = CreditSale(
        date=sale.business_date, folio=sale.folio, subtotal=t.subtotal, tax=t.tax, total=t.total, cost=sale.cost
    )
    drafts = [credit_sale(charged)]
    for tender in p.tenders:  # at most one: what was paid at the counter
        paid_now = CustomerPayment(
            date=sale.business_date,
            folio=sale.folio,
            amount=tender.amount,
            charge_total=t.total,
            charge_tax=t.tax,
            method=tender.method,
        )
        drafts.append(customer_payment(paid_now))
    entry = one_entry(drafts, description=f"Venta a credito {sale.folio}")
    entry_id = post_entry(PostEntry(entry, ctx.created_by), uow, deps).id
    charge = Receivable.create(
        tenant_id=uow.tenant_id,
        customer_id=customer.id,
        customer_name=customer.name,
        reference=sale.folio,
        amount=t.total,
        tax=t.tax,
        issued_on=sale.business_date,
        due_date=sale.business_date + timedelta(days=customer.credit_days),
    )
    if p.collected > 0:
        charge.apply_payment(p.collected)
    uow.receivables.add(charge)
    _movement(uow, ctx, customer.id, AccountEntryKind.SALE, sale.folio, t.total)
    if p.collected > 0:
        _movement(uow, ctx, customer.id, AccountEntryKind.PAYMENT, sale.folio, -p.collected)
    uow.customers.save(customer)
    return entry_id


def refuse_while_financing(uow: UnitOfWork, sale: Sale, what: str) -> None:
    """A credit sale with a BNPL application still open (created or pending) keeps its charge as it is:
    the provider's approval would settle a charge that a cancellation or return had changed."""
    assert sale.id is not None
    if uow.bnpl_applications.live_amount(sale.id) > 0:
        raise RuleViolation(
            f"sale {sale.folio} has a financing (BNPL) application in progress: it cannot be {what} until the "
            "provider answers",
            field="sale_id",
        )


def cancel_credit_sale(uow: UnitOfWork, ctx: StockContext, sale: Sale) -> None:
    """A cancelled credit sale leaves the customer's account: its open charge is closed and the
    balance lowered by what the sale put on it. Refused once a later payment was applied to it."""
    if sale.customer_id is None or sale.payment.method is not SaleMethod.CREDIT:
        return
    customer = find_customer(uow, sale.customer_id, lock=True)
    assert customer.id is not None
    refuse_while_financing(uow, sale, "cancelled")
    on_account = sale.payment.on_account
    charge = uow.receivables.by_reference(customer.id, sale.folio)
    if charge is None or charge.open_amount != on_account:
        paid = on_account - (charge.open_amount if charge else 0)
        raise RuleViolation(
            f"payments of {paid} were applied to sale {sale.folio}: it can no longer be cancelled", field="sale_id"
        )
    charge.cancel()
    uow.receivables.update(charge)
    customer.settle(on_account)
    _movement(uow, ctx, customer.id, AccountEntryKind.CANCELLATION, sale.folio, -on_account)
    uow.customers.save(customer)


def _movement(
    uow: UnitOfWork, ctx: StockContext, customer_id: int, kind: AccountEntryKind, reference: str, amount: Decimal
) -> None:
    uow.customer_accounts.add_entry(
        AccountEntry(None, uow.tenant_id, customer_id, kind, reference, amount, ctx.business_date, ctx.at)
    )
