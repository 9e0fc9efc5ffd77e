"""The payment complement (CFDI tipo P with ``pago20:Pagos`` 2.0) of a payment on a PPD invoice.

A PPD invoice is issued before it is paid (FormaPago 99); each later payment gets a CFDI ``P`` whose
``DoctoRelacionado`` names the invoice's UUID, the instalment number, the balance before, the amount paid
and the balance after, and the PAID SHARE of each of the invoice's transfers: for every transfer of the
invoice's own tax summary (the one computed from the ticket lines, :class:`~nexus_core.domain.cfdi.TaxSummary`)
``BaseDR`` and ``ImporteDR`` are :func:`~nexus_core.domain.tax.paid_share` of its base and amount. The
shares telescope, so the complements that settle an invoice carry exactly its IVA, and the journal's IVA
moved from 209.01 to 208.01 uses the same rule: ticket, invoice, complements and journal agree to the cent.

The comprobante itself is SAT's fixed shape of a tipo P (Guía de llenado, Pagos 2.0): SubTotal 0,
Moneda XXX, Total 0, one concept ``84111506`` "Pago" of ``ACT`` with value 0 and ObjetoImp 01, receiver's
UsoCFDI ``CP01``, no FormaPago, MetodoPago or Impuestos.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

import attrs

from nexus_core.domain.cfdi import EXENTO, IVA, TASA, Comprobante, Concept, TaxSummary, Tipo, Transfer
from nexus_core.domain.fiscal import FiscalParty
from nexus_core.domain.money import ZERO
from nexus_core.domain.tax import paid_share
from nexus_core.errors import RuleViolation

PAGO_PRODUCT_KEY = "84111506"  # Servicios de facturación
PAGO_UNIT_KEY = "ACT"
PAGO_USO = "CP01"
PAGO_SERIE = "P"
_IVA_SUFFIX = {Decimal("0.16"): "16", Decimal("0.08"): "8", Decimal("0"): "0"}  # Totales' attribute names


@attrs.frozen
class PaidDocument:
    """A ``DoctoRelacionado``: what one payment paid of one PPD invoice."""

    id_documento: str  # the invoice's UUID
    serie: str
    folio: str
    num_parcialidad: int
    saldo_anterior: Decimal
    pagado: Decimal
    saldo_insoluto: Decimal
    transfers: tuple[Transfer, ...]  # the paid share of each of the invoice's transfers

    @property
    def objeto_imp(self) -> str:
        return "02" if self.transfers else "01"

    @classmethod
    def of_payment(
        cls,
        *,
        uuid: str,
        serie: str,
        folio: str,
        invoice_total: Decimal,
        invoice_taxes: TaxSummary | None,
        paid_before: Decimal,
        amount: Decimal,
        num_parcialidad: int,
    ) -> PaidDocument:
        """``amount`` paid on an invoice of ``invoice_total`` of which ``paid_before`` was paid."""
        if amount <= 0 or paid_before < 0 or paid_before + amount > invoice_total:
            raise RuleViolation(
                f"a payment of {amount} does not fit invoice {serie}-{folio} "
                f"(total {invoice_total}, {paid_before} paid before)",
                field="amount",
            )
        shares = []
        for t in () if invoice_taxes is None else invoice_taxes.transfers:
            base = paid_share(t.base, invoice_total, paid_before, amount)
            tax = None if t.amount is None else paid_share(t.amount, invoice_total, paid_before, amount)
            if base > 0:
                shares.append(Transfer(base, t.factor, t.rate, tax, t.tax))
        saldo = invoice_total - paid_before
        return cls(uuid, serie, folio, num_parcialidad, saldo, amount, saldo - amount, tuple(shares))


@attrs.frozen
class Pago:
    """One ``pago20:Pago``: when and how the money came, and the documents it paid."""

    fecha_pago: datetime  # local, naive, like the comprobante's Fecha
    forma_pago: str
    documents: tuple[PaidDocument, ...]
    moneda: str = "MXN"

    @property
    def monto(self) -> Decimal:
        return sum((d.pagado for d in self.documents), ZERO)

    @property
    def transfers(self) -> tuple[Transfer, ...]:
        """``TrasladosP``: the documents' transfers summed by (Impuesto, TipoFactor, TasaOCuota)."""
        groups: dict[tuple[str, str, Decimal | None], Transfer] = {}
        for d in self.documents:
            for t in d.transfers:
                seen = groups.get(t.key)
                if seen is None:
                    groups[t.key] = t
                else:
                    amount = None if t.amount is None else (seen.amount or ZERO) + t.amount
                    groups[t.key] = attrs.evolve(seen, base=seen.base + t.base, amount=amount)
        return tuple(sorted(groups.values(), key=lambda t: (t.factor != TASA, -(t.rate or ZERO))))


@attrs.frozen
class Pagos:
    """The ``pago20:Pagos`` complement: its ``Totales`` and its payments."""

    pagos: tuple[Pago, ...]

    @property
    def monto_total(self) -> Decimal:
        return sum((p.monto for p in self.pagos), ZERO)

    def totales(self) -> dict[str, Decimal]:
        """``Totales``' IVA attributes present in the payments (SAT: only those that apply)."""
        out: dict[str, Decimal] = {}
        for p in self.pagos:
            for t in p.transfers:
                if t.tax != IVA:
                    continue
                if t.factor == EXENTO:
                    _add(out, "TotalTrasladosBaseIVAExento", t.base)
                    continue
                suffix = _IVA_SUFFIX.get(t.rate or ZERO)
                if suffix is None:
                    continue
                _add(out, f"TotalTrasladosBaseIVA{suffix}", t.base)
                _add(out, f"TotalTrasladosImpuestoIVA{suffix}", t.amount or ZERO)
        return out


def _add(out: dict[str, Decimal], key: str, value: Decimal) -> None:
    out[key] = out.get(key, ZERO) + value


def payment_comprobante(
    *,
    serie: str,
    folio: str,
    fecha: datetime,
    emisor: FiscalParty,
    lugar_expedicion: str,
    receptor: FiscalParty,
    pagos: Sequence[Pago],
) -> Comprobante:
    """The CFDI tipo P carrying ``pagos``, in SAT's fixed shape (see the module's doc)."""
    if not pagos or not all(p.documents for p in pagos):
        raise RuleViolation("a payment complement needs at least one paid document")
    concept = Concept(
        clave_prod_serv=PAGO_PRODUCT_KEY,
        cantidad=Decimal("1"),
        clave_unidad=PAGO_UNIT_KEY,
        descripcion="Pago",
        valor_unitario=ZERO,
        importe=ZERO,
        descuento=ZERO,
        transfers=(),
        objeto_imp="01",
    )
    return Comprobante(
        serie=serie,
        folio=folio,
        fecha=fecha.replace(microsecond=0, tzinfo=None),
        tipo=Tipo.PAGO,
        lugar_expedicion=lugar_expedicion,
        emisor=emisor,
        receptor=attrs.evolve(receptor, uso_cfdi=PAGO_USO),
        conceptos=(concept,),
        subtotal=ZERO,
        descuento=ZERO,
        total=ZERO,
        impuestos=None,
        moneda="XXX",
        pagos=Pagos(tuple(pagos)),
    )
