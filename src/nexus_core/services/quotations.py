"""Quotations (cotizaciones): create, list, read, convert into a sale, cancel (docs/selling.md).

Converting calls the sale use case itself (:func:`nexus_core.services.sales.create_sale`) inside the
same transaction, with the quoted lines as quoted (the quoted price holds while the quotation is
active): the sale re-checks everything a sale checks now (items still active, stock available, the
converting employee's discount limit, the tender, the open register), and the quotation is linked to
the sale. An expired, cancelled or converted quotation is refused and nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import attrs

from nexus_core.domain.quotations import (
    Quotation,
    QuotationDocument,
    QuotationStatus,
    parse_customer_id,
    parse_quotation_status,
)
from nexus_core.domain.sales import Sale, folio
from nexus_core.domain.text import optional_text
from nexus_core.errors import NotFound
from nexus_core.ports.inventory_queries import Page, Paged
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services import credit
from nexus_core.services.authz import Actor
from nexus_core.services.business_day import business_today
from nexus_core.services.inventory_lists import page_of
from nexus_core.services.priced_lines import priced_lines
from nexus_core.services.purchases import parse_item_id
from nexus_core.services.register_choice import register_for
from nexus_core.services.registers import selling_employee
from nexus_core.services.runner import Deps, read_only
from nexus_core.services.sales import CreateSale, SaleLineInput, create_sale


@attrs.frozen
class QuotationView:
    """A quotation as a reader sees it on the tenant's local day (``expired`` derived)."""

    quotation: Quotation
    status: QuotationStatus


def _view(q: Quotation, today: date) -> QuotationView:
    return QuotationView(q, q.status_on(today))


@attrs.frozen
class CreateQuotation:
    actor: Actor
    items: Sequence[SaleLineInput]
    customer_id: Any = None
    notes: Any = None
    valid_days: Any = None  # 15 when omitted


def create_quotation(cmd: CreateQuotation, uow: UnitOfWork, deps: Deps) -> QuotationView:
    """Prices the lines (nothing is reserved: a quotation holds no stock) and gives it folio ``C-n``."""
    employee = selling_employee(uow, cmd.actor)
    notes = optional_text(cmd.notes, field="notes", max_len=500)
    customer = credit.sale_customer(uow, parse_customer_id(cmd.customer_id, required=False))
    lines = priced_lines(uow, cmd.items, lock=False, customer=customer)
    today = business_today(uow, deps)
    quotation = Quotation.create(
        tenant_id=uow.tenant_id,
        folio="",
        branch_id=employee.branch_id,
        employee_id=employee.id,
        customer_id=cmd.customer_id,
        notes=notes,
        lines=lines,
        max_discount_pct=employee.max_discount_pct,
        valid_days=cmd.valid_days,
        business_date=today,
        now=deps.clock.now(),
    )
    quotation.folio = folio(QuotationDocument.QUOTATION, uow.folios.allocate(QuotationDocument.QUOTATION.value))
    uow.quotations.add(quotation)
    return _view(quotation, today)


@attrs.frozen
class ListQuotations:
    actor: Actor
    status: Any = None
    customer_id: Any = None
    page: int = 1
    per_page: int = 50


@read_only
def list_quotations(cmd: ListQuotations, uow: UnitOfWork, deps: Deps) -> tuple[Paged[QuotationView], Page]:
    cmd.actor.require("pos.view")
    page = page_of(cmd.page, cmd.per_page)
    status = parse_quotation_status(cmd.status)
    customer_id = parse_customer_id(cmd.customer_id, required=False)
    today = business_today(uow, deps)
    found = uow.quotations.list(status=status, customer_id=customer_id, today=today, page=page)
    return Paged([_view(q, today) for q in found.rows], found.total), page


@attrs.frozen
class GetQuotation:
    actor: Actor
    quotation_id: Any


@read_only
def get_quotation(cmd: GetQuotation, uow: UnitOfWork, deps: Deps) -> QuotationView:
    cmd.actor.require("pos.view")
    return _view(_find(uow, cmd.quotation_id, lock=False), business_today(uow, deps))


def _find(uow: UnitOfWork, raw_id: object, *, lock: bool) -> Quotation:
    quotation_id = parse_item_id(raw_id, field="quotation_id")
    found = uow.quotations.lock(quotation_id) if lock else uow.quotations.get(quotation_id)
    if found is None:
        raise NotFound(f"quotation {quotation_id} not found", field="quotation_id")
    return found


@attrs.frozen
class ConvertQuotation:
    """The same payment fields as a sale; ``register_id``, when given, must be the caller's open one."""

    actor: Actor
    quotation_id: Any
    payment_method: Any
    amount_paid: Any = None
    payment_details: Sequence[tuple[Any, Any]] = ()
    register_id: Any = None


@attrs.frozen
class Converted:
    quotation: QuotationView
    sale: Sale


def convert_quotation(cmd: ConvertQuotation, uow: UnitOfWork, deps: Deps) -> Converted:
    employee = selling_employee(uow, cmd.actor)
    quotation = _find(uow, cmd.quotation_id, lock=True)  # locked first: two conversions cannot both sell it
    today = business_today(uow, deps)
    quotation.require_convertible(today)
    register_for(uow, employee, cmd.register_id, cash=False)  # a named register must be the caller's
    lines = [
        SaleLineInput(ln.item_id, f.quantity, f.unit_price, f.discount_pct, f.tax_rate)
        for ln in quotation.lines
        for f in [ln.figures]
    ]
    sale_cmd = CreateSale(
        cmd.actor, lines, cmd.payment_method, cmd.amount_paid, cmd.payment_details, quotation.customer_id
    )
    sale = create_sale(sale_cmd, uow, deps)
    assert sale.totals == quotation.totals and sale.id is not None  # one tax computation: same inputs, same figures
    quotation.convert(sale.id, today=today, now=deps.clock.now())
    uow.quotations.save_status(quotation)
    return Converted(_view(quotation, today), sale)


@attrs.frozen
class CancelQuotation:
    actor: Actor
    quotation_id: Any


def cancel_quotation(cmd: CancelQuotation, uow: UnitOfWork, deps: Deps) -> QuotationView:
    """Only an active quotation, once (an expired one has nothing left to cancel)."""
    selling_employee(uow, cmd.actor, "pos.cancel")
    quotation = _find(uow, cmd.quotation_id, lock=True)
    today = business_today(uow, deps)
    quotation.cancel(today=today, now=deps.clock.now())
    uow.quotations.save_status(quotation)
    return _view(quotation, today)
