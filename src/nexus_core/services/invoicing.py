"""Invoicing a sale: build the CFDI from the sale's own figures, check SAT's rules, seal it and queue it.

:func:`create_invoice` runs in ONE transaction: it locks the sale (two invoices of one sale cannot race),
allocates the folio of the issuer's series (gapless, like every folio), builds the
:class:`~nexus_core.domain.cfdi.Comprobante`, refuses it with SAT's code when a rule breaks
(:mod:`nexus_core.domain.cfdi_rules`), seals it (XSD-checked by the sealer) and stores it ``pending``.
The PAC is called later by the queue (:mod:`.invoicing_queue`), outside any transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from nexus_core.domain.cfdi import FORMAS_PAGO, Comprobante, Concept, GlobalInfo, MetodoPago, Related, forma_pago_of
from nexus_core.domain.cfdi_concepts import sale_concepts as concepts_of_sale
from nexus_core.domain.cfdi_rules import check
from nexus_core.domain.fiscal import FiscalParty
from nexus_core.domain.invoicing import CfdiKind, CfdiRecord, IssuerCertificate, Totals
from nexus_core.domain.money import ZERO
from nexus_core.domain.sales import Sale, SaleStatus
from nexus_core.errors import InvalidInput, NotFound, RuleViolation
from nexus_core.ports.invoicing import InvoicingPorts
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.business_day import business_now
from nexus_core.services.purchases import parse_item_id
from nexus_core.services.runner import Deps

FISCAL_FIELDS = ("rfc", "razon_social", "regimen_fiscal", "codigo_postal")


def invoicing_ports(deps: Deps) -> InvoicingPorts:
    if deps.invoicing is None:
        raise RuleViolation("invoicing is not configured in this installation")
    return deps.invoicing


@attrs.frozen
class ReceptorInput:
    """Fiscal data typed at the counter for a walk-in customer (instead of a stored customer's)."""

    rfc: Any = None
    razon_social: Any = None
    regimen_fiscal: Any = None
    codigo_postal: Any = None


@attrs.frozen
class CreateInvoice:
    actor: Actor
    sale_id: Any
    tipo_comprobante: Any = "I"
    uso_cfdi: Any = None
    forma_pago: Any = None
    metodo_pago: Any = "PUE"
    receptor: ReceptorInput | None = None
    replaces_cfdi_id: Any = None  # a stamped CFDI this one replaces (TipoRelacion 04, before motive 01)


def create_invoice(cmd: CreateInvoice, uow: UnitOfWork, deps: Deps) -> CfdiRecord:
    authorize(uow, cmd.actor, "invoicing.create")
    if cmd.tipo_comprobante != "I":
        raise RuleViolation(
            "tipo_comprobante must be I: an egreso (E) comes from a return and a pago (P) from a payment",
            field="tipo_comprobante",
        )
    metodo = _metodo(cmd.metodo_pago)
    sale_id = parse_item_id(cmd.sale_id, field="sale_id")
    sale = uow.sales.lock(sale_id)
    if sale is None:
        raise NotFound(f"sale {sale_id} not found", field="sale_id")
    if sale.status is not SaleStatus.COMPLETED:
        raise RuleViolation(f"sale {sale.folio} is {sale.status.value}: it cannot be invoiced", field="sale_id")
    replaced = _replaced(uow, cmd.replaces_cfdi_id, sale)
    held = uow.cfdis.holding([sale_id]).get(sale_id)
    if held is not None and (replaced is None or held.id != replaced.id):
        raise RuleViolation(
            f"sale {sale.folio} is already invoiced (CFDI {held.serie}-{held.folio}, {held.status.value})",
            field="sale_id",
        )
    issuer = usable_issuer(uow, deps)
    receptor = _receptor(uow, cmd, sale, issuer)
    forma = _forma(cmd.forma_pago, sale, metodo)
    items = uow.items.get_many({ln.item_id for ln in sale.lines})
    names = {i: (item.name, item.part_number) for i, item in items.items()}
    concepts = concepts_of_sale(sale, names)
    day = sale.business_date
    related = [Related("04", (replaced.uuid,))] if replaced is not None and replaced.uuid else []
    return issue(
        uow,
        deps,
        issuer,
        receptor,
        concepts,
        [sale],
        forma_pago=forma,
        metodo=metodo,
        informacion_global=GlobalInfo.for_period(day, day) if receptor.is_generic else None,
        related=related,
        replaces_id=None if replaced is None else replaced.id,
    )


def issue(
    uow: UnitOfWork,
    deps: Deps,
    issuer: IssuerCertificate,
    receptor: FiscalParty,
    concepts: Sequence[Concept],
    sales: Sequence[Sale],
    *,
    forma_pago: str,
    metodo: MetodoPago,
    informacion_global: GlobalInfo | None,
    related: Sequence[Related] = (),
    replaces_id: int | None = None,
    kind: CfdiKind = CfdiKind.INVOICE,
) -> CfdiRecord:
    """Folio, document, SAT's rules, seal, store (``pending``): shared by the invoice and the global one."""
    number = uow.folios.allocate(f"CFDI-{issuer.serie}")
    now = deps.clock.now()
    document = Comprobante.build(
        serie=issuer.serie,
        folio=str(number),
        fecha=business_now(uow, deps),
        emisor=FiscalParty(issuer.rfc, issuer.legal_name, issuer.regimen_fiscal, issuer.codigo_postal),
        lugar_expedicion=issuer.codigo_postal,
        receptor=receptor,
        conceptos=concepts,
        forma_pago=forma_pago,
        metodo_pago=metodo,
        informacion_global=informacion_global,
        relacionados=related,
    )
    check(document)
    sealed = invoicing_ports(deps).sealer.seal(document, issuer)
    tax = ZERO if document.impuestos is None else document.impuestos.total_transferred or ZERO
    record = CfdiRecord(
        id=None,
        tenant_id=uow.tenant_id,
        kind=kind,
        serie=document.serie,
        folio=document.folio,
        fecha=document.fecha,
        sale_ids=tuple(s.id for s in sales if s.id is not None),
        emisor_rfc=issuer.rfc,
        receptor_rfc=receptor.rfc,
        receptor_name=receptor.name,
        totals=Totals(document.subtotal, document.descuento, tax, document.total),
        xml=sealed.xml,
        created_at=now,
        replaces_id=replaces_id,
        metodo_pago=metodo.value,
    )
    uow.cfdis.add(record)
    return record


def usable_issuer(uow: UnitOfWork, deps: Deps) -> IssuerCertificate:
    """The tenant's CSD, refused when missing, expired, or of another RFC than the tenant's."""
    issuer = uow.issuer.get()
    if issuer is None:
        raise RuleViolation("the shop has no CSD yet: the owner uploads it (nexus invoicing set-csd)")
    tenant = uow.tenant.get()
    if tenant is None or tenant.rfc != issuer.rfc:
        raise RuleViolation(f"the CSD is of RFC {issuer.rfc}, not of this shop's RFC ({tenant and tenant.rfc})")
    issuer.check_valid(deps.clock.now())
    return issuer


def _metodo(value: Any) -> MetodoPago:
    try:
        return MetodoPago(str(value))
    except ValueError:
        raise InvalidInput("metodo_pago must be PUE or PPD", field="metodo_pago") from None


def _forma(value: Any, sale: Sale, metodo: MetodoPago) -> str:
    if value is None:
        return "99" if metodo is MetodoPago.PPD else forma_pago_of(sale.payment)
    if not isinstance(value, str) or value not in FORMAS_PAGO:
        raise InvalidInput("forma_pago must be a code of c_FormaPago (01, 03, 04, 28, 99 ...)", field="forma_pago")
    return value


def _replaced(uow: UnitOfWork, value: Any, sale: Sale) -> CfdiRecord | None:
    if value is None:
        return None
    cfdi_id = parse_item_id(value, field="replaces_cfdi_id")
    old = uow.cfdis.get(cfdi_id)
    if old is None:
        raise NotFound(f"CFDI {cfdi_id} not found", field="replaces_cfdi_id")
    if not old.uuid or sale.id not in old.sale_ids:
        raise RuleViolation("replaces_cfdi_id must be a stamped CFDI of this sale", field="replaces_cfdi_id")
    return old


def _receptor(uow: UnitOfWork, cmd: CreateInvoice, sale: Sale, issuer: IssuerCertificate) -> FiscalParty:
    """The typed receiver, else the sale's customer's fiscal data, else público en general."""
    if cmd.receptor is not None:
        r = cmd.receptor
        return _party(r.rfc, r.razon_social, r.regimen_fiscal, r.codigo_postal, cmd.uso_cfdi, "receptor.")
    if sale.customer_id is not None:
        data = uow.customers.get(sale.customer_id)
        if data is None:
            raise NotFound(f"customer {sale.customer_id} not found", field="customer_id")
        uso = cmd.uso_cfdi if cmd.uso_cfdi is not None else data.uso_cfdi
        return _party(data.rfc, data.razon_social, data.regimen_fiscal, data.codigo_postal, uso, "customer's ")
    publico = FiscalParty.publico_en_general(issuer.codigo_postal)
    return publico if cmd.uso_cfdi is None else attrs.evolve(publico, uso_cfdi=str(cmd.uso_cfdi))


def _party(rfc: Any, name: Any, regimen: Any, cp: Any, uso: Any, prefix: str) -> FiscalParty:
    values = dict(zip(FISCAL_FIELDS, (rfc, name, regimen, cp), strict=True))
    missing = [f for f, v in values.items() if v is None or (isinstance(v, str) and not v.strip())]
    if missing:
        names = ", ".join(prefix + f for f in missing)
        raise InvalidInput(f"fiscal data missing for the CFDI: {names}", field=prefix + missing[0])
    try:
        return FiscalParty.create(
            rfc=rfc, name=name, regimen_fiscal=regimen, codigo_postal=cp, uso_cfdi="G03" if uso is None else uso
        )
    except (InvalidInput, RuleViolation) as error:
        raise type(error)(f"{prefix}{error.message}", field=prefix + (error.field or "")) from None
