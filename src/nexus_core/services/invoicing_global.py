"""The global invoice (factura global): the tickets of a period that nobody invoiced, to público en general.

One concept per ticket and IVA rate (``NoIdentificacion`` = the folio), ``InformacionGlobal`` with the
period (Periodicidad from its length, Meses and Año of its last day), receiver ``XAXX010101000`` with the
issuer's postal code, régimen 616 and uso S01. Its ``FormaPago`` is the form that collected the most.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.cfdi import GlobalInfo, MetodoPago, forma_pago_of
from nexus_core.domain.cfdi_concepts import global_concepts
from nexus_core.domain.fiscal import FiscalParty
from nexus_core.domain.invoicing import CfdiKind, CfdiRecord
from nexus_core.domain.money import ZERO
from nexus_core.domain.sales import Sale
from nexus_core.errors import InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.business_day import business_today
from nexus_core.services.invoicing import issue, usable_issuer
from nexus_core.services.purchases import parse_item_id
from nexus_core.services.runner import Deps

MAX_DAYS = 62  # SAT's longest periodicity is bimonthly
MAX_TICKETS = 5000


@attrs.frozen
class CreateGlobalInvoice:
    actor: Actor
    date_from: Any = None
    date_to: Any = None
    register_id: Any = None  # instead of dates: the tickets of one register session (its days)


def _day(value: Any, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"{field} must be a date YYYY-MM-DD", field=field) from None


def create_global_invoice(cmd: CreateGlobalInvoice, uow: UnitOfWork, deps: Deps) -> CfdiRecord:
    authorize(uow, cmd.actor, "invoicing.create")
    register_id = None
    if cmd.register_id is not None:
        if cmd.date_from is not None or cmd.date_to is not None:
            raise InvalidInput("give register_id or date_from and date_to, not both", field="register_id")
        register_id, date_from, date_to = _session_days(uow, deps, cmd.register_id)
    else:
        date_from, date_to = _day(cmd.date_from, "date_from"), _day(cmd.date_to, "date_to")
    if date_to < date_from:
        raise InvalidInput("date_to must not be before date_from", field="date_to")
    if (date_to - date_from).days >= MAX_DAYS:
        raise InvalidInput(f"a global invoice covers at most {MAX_DAYS} days", field="date_to")
    if date_to > business_today(uow, deps):
        raise RuleViolation("a global invoice covers days that have ended or today, not later ones", field="date_to")
    issuer = usable_issuer(uow, deps)
    ids = uow.cfdis.uninvoiced_sale_ids(date_from, date_to, register_id=register_id)
    if not ids:
        which = f"register session {register_id}" if register_id is not None else f"{date_from} to {date_to}"
        raise RuleViolation(
            f"no ticket of {which} is left to invoice", field="register_id" if register_id else "date_from"
        )
    if len(ids) > MAX_TICKETS:
        raise RuleViolation(f"{len(ids)} tickets: issue one global invoice per shorter period", field="date_to")
    sales = [s for s in (uow.sales.lock(i) for i in ids) if s is not None]
    return issue(
        uow,
        deps,
        issuer,
        FiscalParty.publico_en_general(issuer.codigo_postal),
        global_concepts(sales),
        sales,
        forma_pago=_largest_form(sales),
        metodo=MetodoPago.PUE,
        informacion_global=GlobalInfo.for_period(date_from, date_to),
        kind=CfdiKind.GLOBAL,
    )


def _session_days(uow: UnitOfWork, deps: Deps, value: Any) -> tuple[int, date, date]:
    """A register session's id and its days: the day it was opened to the day of its Z cut (or today)."""
    register_id = parse_item_id(value, field="register_id")
    session = uow.registers.get(register_id)
    if session is None:
        raise NotFound(f"register session {register_id} not found", field="register_id")
    today = business_today(uow, deps)
    first = session.business_date or today
    return register_id, first, session.closed_on or today


def _largest_form(sales: list[Sale]) -> str:
    by_form: dict[str, Decimal] = {}
    for sale in sales:
        form = forma_pago_of(sale.payment)
        by_form[form] = by_form.get(form, ZERO) + sale.totals.total
    return max(sorted(by_form), key=lambda f: by_form[f])
