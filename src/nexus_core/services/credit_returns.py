"""What a return of a credit sale writes besides the return itself (ADR 32): the credit note on the
customer's account. The sale's charge (receivable) is lowered by the credited part, so are the
customer's balance and the aging; the statement gets a ``return`` movement referenced by the
return's folio. The money part, if any, is refunded by :mod:`nexus_core.services.returns`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import attrs

from nexus_core.domain.credit_notes import CreditReturnSplit, split_credit_return
from nexus_core.domain.customer_accounts import AccountEntry, AccountEntryKind
from nexus_core.domain.customers import Customer
from nexus_core.domain.money import ZERO
from nexus_core.domain.posting_rules import CreditSaleReturned
from nexus_core.domain.receivables import Receivable
from nexus_core.domain.returns import SaleReturn
from nexus_core.domain.sales import Sale
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.credit import refuse_while_financing
from nexus_core.services.customers import find_customer


@attrs.frozen
class CreditAccount:
    """The customer (row locked) and the charge their credit sale left."""

    customer: Customer
    charge: Receivable | None

    @property
    def open_amount(self) -> Decimal:
        return ZERO if self.charge is None else self.charge.open_amount


def credit_account(uow: UnitOfWork, sale: Sale) -> CreditAccount | None:
    """The account a sale was charged to, or ``None`` for a sale paid in full at the counter."""
    if sale.payment.on_account <= 0 or sale.customer_id is None:
        return None
    customer = find_customer(uow, sale.customer_id, lock=True)
    assert customer.id is not None
    refuse_while_financing(uow, sale, "returned")
    return CreditAccount(customer, uow.receivables.by_reference(customer.id, sale.folio))


def split(account: CreditAccount, sale: Sale, previous: Sequence[SaleReturn], total: Decimal) -> CreditReturnSplit:
    return split_credit_return(sale, previous, total, account.open_amount)


def credit_fact(account: CreditAccount, ret: SaleReturn, sale_folio: str) -> CreditSaleReturned:
    charge = account.charge
    return CreditSaleReturned(
        date=ret.business_date,
        folio=ret.folio,
        subtotal=ret.subtotal,
        tax=ret.tax,
        total=ret.total,
        cost=ret.cost,
        sale_folio=sale_folio,
        refunds=ret.refunds,
        credited=ret.credited,
        charge_total=ZERO if charge is None else charge.amount,
        charge_tax=ZERO if charge is None else charge.tax,
        settled_before=ZERO if charge is None else charge.paid,
    )


def apply_credit_note(uow: UnitOfWork, account: CreditAccount, ret: SaleReturn) -> None:
    """Lower the charge, the customer's balance, and add the statement's movement."""
    if ret.credited == 0:
        return
    assert account.charge is not None and account.customer.id is not None
    account.charge.apply_payment(ret.credited)
    uow.receivables.update(account.charge)
    account.customer.settle(ret.credited)
    uow.customers.save(account.customer)
    uow.customer_accounts.add_entry(
        AccountEntry(
            None,
            uow.tenant_id,
            account.customer.id,
            AccountEntryKind.RETURN,
            ret.folio,
            -ret.credited,
            ret.business_date,
            ret.created_at,
        )
    )
