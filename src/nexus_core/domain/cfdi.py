"""The CFDI 4.0 document (Anexo 20) computed from a sale's own figures.

Every amount comes from :mod:`.tax` (the one computation): a concept is a ticket line with
``Importe = line.gross`` (quantity x unit price, to the cent), ``Descuento = line.discount`` and one IVA
transfer ``Base = line.subtotal``, ``Importe = line.tax``. So ``SubTotal - Descuento = Σ line subtotals``,
``TotalImpuestosTrasladados = Σ line taxes`` and ``Total`` equals the ticket's total to the cent, and so the
journal entry's. Exempt lines carry a transfer with ``TipoFactor="Exento"`` and no rate or amount.

The global invoice (público en general) has one concept per ticket and IVA rate (``NoIdentificacion`` = the
ticket's folio, ``01010101``/``ACT``/"Venta"), split per line only where SAT's rounding limits for a sum of
line taxes would refuse it; its ``InformacionGlobal`` names the period.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from nexus_core.domain.fiscal import FiscalParty
from nexus_core.domain.money import ZERO
from nexus_core.domain.posting_basics import PaymentMethod
from nexus_core.domain.sales import Payment, SaleMethod
from nexus_core.domain.tax import LineFigures
from nexus_core.errors import InvalidInput

if TYPE_CHECKING:
    from nexus_core.domain.cfdi_pagos import Pagos

IVA = "002"
TASA = "Tasa"
EXENTO = "Exento"
DEFAULT_PRODUCT_KEY = "01010101"  # "No existe en el catálogo": items carry no SAT key yet
DEFAULT_UNIT_KEY = "H87"  # Pieza
GLOBAL_PRODUCT_KEY = "01010101"
GLOBAL_UNIT_KEY = "ACT"


class Tipo(enum.StrEnum):
    INGRESO = "I"
    EGRESO = "E"
    PAGO = "P"


class MetodoPago(enum.StrEnum):
    PUE = "PUE"
    PPD = "PPD"


FORMAS_PAGO = frozenset(
    {"01", "02", "03", "04", "05", "06", "08", "12", "13", "14", "15", "17", "23", "24", "25", "26", "27", "28"}
    | {"29", "30", "31", "99"}
)
_FORMA_OF_TENDER = {PaymentMethod.CASH: "01", PaymentMethod.TRANSFER: "03", PaymentMethod.CARD: "04"}


def forma_pago_of_method(method: PaymentMethod) -> str:
    """The SAT form of one tender (a customer payment: 01 cash, 03 transfer, 04 card)."""
    return _FORMA_OF_TENDER[method]


def forma_pago_of(payment: Payment) -> str:
    """The SAT form of a sale's payment: the tender covering the largest amount (cash first on a tie);
    ``99`` (por definir) for what is still owed."""
    if payment.method is SaleMethod.CREDIT and payment.on_account > 0:
        return "99"
    by_method: dict[PaymentMethod, Decimal] = {}
    for t in payment.tenders:
        by_method[t.method] = by_method.get(t.method, ZERO) + t.amount
    if not by_method:
        return "99"
    order = list(_FORMA_OF_TENDER)
    best = max(by_method, key=lambda m: (by_method[m], -order.index(m)))
    return _FORMA_OF_TENDER[best]


@attrs.frozen
class Transfer:
    """A transferred tax (Traslado): IVA at a rate, or exempt (no rate, no amount)."""

    base: Decimal
    factor: str
    rate: Decimal | None
    amount: Decimal | None
    tax: str = IVA

    @property
    def key(self) -> tuple[str, str, Decimal | None]:
        return (self.tax, self.factor, self.rate)

    @classmethod
    def of_line(cls, line: LineFigures) -> Transfer:
        if line.tax_rate.exempt:
            return cls(line.subtotal, EXENTO, None, None)
        return cls(line.subtotal, TASA, line.tax_rate.rate, line.tax)


@attrs.frozen
class Concept:
    clave_prod_serv: str
    cantidad: Decimal
    clave_unidad: str
    descripcion: str
    valor_unitario: Decimal
    importe: Decimal
    descuento: Decimal
    transfers: tuple[Transfer, ...]
    no_identificacion: str | None = None
    unidad: str | None = None
    objeto_imp: str = "02"

    @classmethod
    def of_line(
        cls, line: LineFigures, description: str, *, code: str | None = None, unit: str | None = None
    ) -> Concept:
        return cls(
            clave_prod_serv=DEFAULT_PRODUCT_KEY,
            cantidad=line.quantity,
            clave_unidad=DEFAULT_UNIT_KEY,
            descripcion=_clean(description),
            valor_unitario=line.unit_price,
            importe=line.gross,
            descuento=line.discount,
            transfers=(Transfer.of_line(line),),
            no_identificacion=_clean(code)[:100] if code else None,
            unidad=_clean(unit)[:20] if unit else None,
        )


def _clean(text: str) -> str:
    """SAT's text attributes refuse ``|`` and collapse white space."""
    cleaned = " ".join(text.replace("|", "/").split())
    return cleaned[:1000] or "Articulo"


@attrs.frozen
class TaxSummary:
    """The document's Impuestos: transfers grouped by (Impuesto, TipoFactor, TasaOCuota)."""

    transfers: tuple[Transfer, ...]

    @property
    def total_transferred(self) -> Decimal | None:
        """``None`` when every transfer is exempt (SAT then forbids TotalImpuestosTrasladados)."""
        taxed = [t.amount for t in self.transfers if t.amount is not None]
        return sum(taxed, ZERO) if taxed else None

    @classmethod
    def of(cls, concepts: Iterable[Concept]) -> TaxSummary:
        groups: dict[tuple[str, str, Decimal | None], Transfer] = {}
        for concept in concepts:
            for t in concept.transfers:
                seen = groups.get(t.key)
                if seen is None:
                    groups[t.key] = t
                else:
                    amount = None if t.amount is None else (seen.amount or ZERO) + t.amount
                    groups[t.key] = attrs.evolve(seen, base=seen.base + t.base, amount=amount)
        ordered = sorted(groups.values(), key=lambda t: (t.factor != TASA, -(t.rate or ZERO)))
        return cls(tuple(ordered))


@attrs.frozen
class GlobalInfo:
    """InformacionGlobal: Periodicidad (01 diario ... 05 bimestral), Meses (01-12, 13-18) and Año."""

    periodicidad: str
    meses: str
    anio: int

    @classmethod
    def for_period(cls, date_from: date, date_to: date) -> GlobalInfo:
        days = (date_to - date_from).days
        periodicidad = "01" if days == 0 else "02" if days < 7 else "03" if days < 15 else "04"
        return cls(periodicidad, f"{date_to.month:02d}", date_to.year)


@attrs.frozen
class Related:
    tipo_relacion: str
    uuids: tuple[str, ...]


@attrs.frozen
class Comprobante:
    """A CFDI before sealing: what the rules check and the renderer writes, in SAT's order."""

    serie: str
    folio: str
    fecha: datetime  # local, naive: the issuer's wall clock as SAT wants it
    tipo: Tipo
    lugar_expedicion: str
    emisor: FiscalParty
    receptor: FiscalParty
    conceptos: tuple[Concept, ...]
    subtotal: Decimal
    descuento: Decimal
    total: Decimal
    impuestos: TaxSummary | None
    forma_pago: str | None = None
    metodo_pago: MetodoPago | None = None
    informacion_global: GlobalInfo | None = None
    relacionados: tuple[Related, ...] = ()
    moneda: str = "MXN"
    exportacion: str = "01"
    pagos: Pagos | None = None  # the Pago 2.0 complement of a tipo P (domain/cfdi_pagos.py)

    @classmethod
    def build(
        cls,
        *,
        serie: str,
        folio: str,
        fecha: datetime,
        emisor: FiscalParty,
        lugar_expedicion: str,
        receptor: FiscalParty,
        conceptos: Sequence[Concept],
        forma_pago: str,
        metodo_pago: MetodoPago,
        informacion_global: GlobalInfo | None = None,
        relacionados: Sequence[Related] = (),
    ) -> Comprobante:
        """An ingreso whose totals are the sums of its concepts' (already rounded) figures."""
        if not conceptos:
            raise InvalidInput("a CFDI needs at least one concept", field="sale_id")
        summary = TaxSummary.of(conceptos)
        subtotal = sum((c.importe for c in conceptos), ZERO)
        descuento = sum((c.descuento for c in conceptos), ZERO)
        return cls(
            serie=serie,
            folio=folio,
            fecha=fecha.replace(microsecond=0, tzinfo=None),
            tipo=Tipo.INGRESO,
            lugar_expedicion=lugar_expedicion,
            emisor=emisor,
            receptor=receptor,
            conceptos=tuple(conceptos),
            subtotal=subtotal,
            descuento=descuento,
            total=subtotal - descuento + (summary.total_transferred or ZERO),
            impuestos=summary,
            forma_pago=forma_pago,
            metodo_pago=metodo_pago,
            informacion_global=informacion_global,
            relacionados=tuple(relacionados),
        )
