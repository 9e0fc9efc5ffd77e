"""Payment complements: a customer payment on a sale with a stamped PPD invoice queues a CFDI tipo P.

Called by :func:`~nexus_core.services.customer_payments.receive_payment` in the payment's own transaction:
for every charge the payment reaches whose sale has a live **stamped PPD** invoice, one CFDI ``P`` (serie
``P``, its own gapless folios) with one ``Pago`` and one ``DoctoRelacionado`` (the invoice's UUID, the
instalment number, the balances and the paid share of each of the invoice's transfers,
:mod:`nexus_core.domain.cfdi_pagos`) is built, sealed and stored ``pending``; the stamping queue sends it
like any other CFDI. A payment on a sale without such an invoice (not invoiced, PUE, not yet stamped)
queues nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

import attrs

from nexus_core.domain.cfdi import TaxSummary, forma_pago_of_method
from nexus_core.domain.cfdi_concepts import sale_concepts
from nexus_core.domain.cfdi_pagos import PAGO_SERIE, Pago, PaidDocument, payment_comprobante
from nexus_core.domain.cfdi_rules import check
from nexus_core.domain.customer_accounts import ReceivedPayment
from nexus_core.domain.fiscal import FiscalParty
from nexus_core.domain.invoicing import CfdiKind, CfdiRecord, CfdiStatus, IssuerCertificate, Totals
from nexus_core.domain.money import ZERO
from nexus_core.domain.payment_complements import ComplementLink
from nexus_core.errors import RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.business_day import business_now
from nexus_core.services.invoicing import invoicing_ports, usable_issuer
from nexus_core.services.runner import Deps

DEAD = (CfdiStatus.ERROR, CfdiStatus.CANCELLED)


@attrs.frozen
class ChargePaid:
    """What a payment paid of one charge, read before the charge is updated."""

    reference: str  # the sale's folio
    open_before: Decimal
    amount: Decimal


def ppd_invoice(uow: UnitOfWork, sale_id: int) -> CfdiRecord | None:
    """The sale's live invoice when it is a stamped PPD one (what a complement can name)."""
    held = uow.cfdis.holding([sale_id]).get(sale_id)
    if held is None or held.kind is not CfdiKind.INVOICE or held.metodo_pago != "PPD":
        return None
    return held if held.status is CfdiStatus.STAMPED and held.uuid else None


def queue_complements(
    uow: UnitOfWork, deps: Deps, payment: ReceivedPayment, charges: Sequence[ChargePaid]
) -> list[CfdiRecord]:
    """One pending CFDI tipo P per stamped PPD invoice the payment reaches (see the module's doc)."""
    found = []
    for paid in charges:
        sale_id = uow.cfdi_payments.sale_id_by_folio(paid.reference)
        invoice = None if sale_id is None else ppd_invoice(uow, sale_id)
        if sale_id is not None and invoice is not None:
            found.append((sale_id, invoice, paid))
    if not found:
        return []
    if deps.invoicing is None:
        raise RuleViolation("this payment needs its CFDI de pago, but invoicing is not configured here")
    issuer = usable_issuer(uow, deps)
    return [_complement(uow, deps, issuer, payment, *each) for each in found]


def _complement(
    uow: UnitOfWork,
    deps: Deps,
    issuer: IssuerCertificate,
    payment: ReceivedPayment,
    sale_id: int,
    invoice: CfdiRecord,
    paid: ChargePaid,
) -> CfdiRecord:
    assert invoice.id is not None and invoice.uuid is not None and payment.id is not None
    sale = uow.sales.get(sale_id)
    assert sale is not None
    taxes = TaxSummary.of(sale_concepts(sale, {}))  # the invoice's own summary: same lines, same figures
    total = invoice.totals.total
    earlier = [k for k in uow.cfdi_payments.for_invoice(invoice.id) if not _dead(uow, k.complement_id)]
    document = PaidDocument.of_payment(
        uuid=invoice.uuid,
        serie=invoice.serie,
        folio=invoice.folio,
        invoice_total=total,
        invoice_taxes=taxes,
        paid_before=max(ZERO, total - paid.open_before),
        amount=paid.amount,
        num_parcialidad=len(earlier) + 1,
    )
    fecha = business_now(uow, deps)
    record = _seal_and_store(uow, deps, issuer, _receptor(uow, invoice, sale.customer_id), document, fecha, payment)
    assert record.id is not None
    uow.cfdi_payments.add(
        ComplementLink(
            tenant_id=uow.tenant_id,
            complement_id=record.id,
            invoice_id=invoice.id,
            sale_id=sale_id,
            payment_id=payment.id,
            num_parcialidad=document.num_parcialidad,
            saldo_anterior=document.saldo_anterior,
            pagado=document.pagado,
            saldo_insoluto=document.saldo_insoluto,
        )
    )
    return record


def _dead(uow: UnitOfWork, cfdi_id: int) -> bool:
    record = uow.cfdis.get(cfdi_id)
    return record is None or record.status in DEAD


def _receptor(uow: UnitOfWork, invoice: CfdiRecord, customer_id: int | None) -> FiscalParty:
    """The invoice's receiver (RFC and name as invoiced), with the customer's régimen and postal code."""
    data = None if customer_id is None else uow.customers.get(customer_id)
    regimen = None if data is None else data.regimen_fiscal
    cp = None if data is None else data.codigo_postal
    missing = [name for name, value in (("regimen_fiscal", regimen), ("codigo_postal", cp)) if not value]
    if missing:
        names = ", ".join(f"customer's {m}" for m in missing)
        raise RuleViolation(f"fiscal data missing for the CFDI de pago: {names}", field=missing[0])
    assert regimen is not None and cp is not None
    return FiscalParty(invoice.receptor_rfc, invoice.receptor_name, regimen, cp)


def _seal_and_store(
    uow: UnitOfWork,
    deps: Deps,
    issuer: IssuerCertificate,
    receptor: FiscalParty,
    document: PaidDocument,
    fecha: datetime,
    payment: ReceivedPayment,
) -> CfdiRecord:
    serie = PAGO_SERIE if issuer.serie != PAGO_SERIE else PAGO_SERIE + "G"
    number = uow.folios.allocate(f"CFDI-{serie}")
    comprobante = payment_comprobante(
        serie=serie,
        folio=str(number),
        fecha=fecha,
        emisor=FiscalParty(issuer.rfc, issuer.legal_name, issuer.regimen_fiscal, issuer.codigo_postal),
        lugar_expedicion=issuer.codigo_postal,
        receptor=receptor,
        pagos=[Pago(fecha, forma_pago_of_method(payment.method), (document,))],
    )
    check(comprobante)
    sealed = invoicing_ports(deps).sealer.seal(comprobante, issuer)
    record = CfdiRecord(
        id=None,
        tenant_id=uow.tenant_id,
        kind=CfdiKind.PAYMENT,
        serie=comprobante.serie,
        folio=comprobante.folio,
        fecha=comprobante.fecha,
        sale_ids=(),  # a complement does not invoice the sale: the link table names it
        emisor_rfc=issuer.rfc,
        receptor_rfc=receptor.rfc,
        receptor_name=receptor.name,
        totals=Totals(ZERO, ZERO, ZERO, ZERO),
        xml=sealed.xml,
        created_at=deps.clock.now(),
    )
    uow.cfdis.add(record)
    return record
