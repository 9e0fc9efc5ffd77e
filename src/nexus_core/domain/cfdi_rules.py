"""SAT's business rules of a CFDI 4.0 (Matriz de errores), as pure checks reporting SAT's codes.

What the XSD cannot say and a PAC would refuse with these codes: the arithmetic of the totals, the
rounding limits of each concept and transfer, the tax summary, and público en general. Nexus checks them
before sealing, so a CFDI it stores is one the PAC accepts.

======== ===================================================================================
CFDI40108 SubTotal = Σ concept Importe
CFDI40111 Descuento = Σ concept Descuento and at most the SubTotal
CFDI40119 Total = SubTotal - Descuento + transferred taxes - withheld taxes
CFDI40130 Ingreso to RFC XAXX010101000 / PUBLICO EN GENERAL carries InformacionGlobal
CFDI40146 Nombre PUBLICO EN GENERAL only with RFC XAXX010101000 (and that RFC with that name)
CFDI40149 a generic receiver's DomicilioFiscalReceptor = LugarExpedicion
CFDI40158 UsoCFDI allowed for the receiver's régimen
CFDI40159 a generic receiver's RegimenFiscalReceptor = 616
CFDI40167 concept Importe within the limits of Cantidad x ValorUnitario
CFDI40180 transfer Importe within the limits of Base x TasaOCuota
CFDI40105 MetodoPago PPD needs FormaPago 99
CFDI40212 TotalImpuestosTrasladados present iff a transfer is not exempt
CFDI40215 TotalImpuestosTrasladados = Σ summary transfer Importe
CFDI40216 summary Base = Σ concept bases of the same (Impuesto, TipoFactor, TasaOCuota)
CFDI40221 summary Importe = Σ concept amounts of the same (Impuesto, TipoFactor, TasaOCuota)
======== ===================================================================================
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from nexus_core.domain.cfdi import EXENTO, Comprobante, MetodoPago, TaxSummary, Tipo
from nexus_core.domain.cfdi_limits import importe_limits, transfer_limits
from nexus_core.domain.fiscal import PUBLICO_NAME, PUBLICO_REGIMEN, PUBLICO_RFC, USOS
from nexus_core.domain.money import ZERO
from nexus_core.errors import RuleViolation


@attrs.frozen
class SatError:
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def sat_errors(c: Comprobante) -> list[SatError]:
    """Every rule ``c`` breaks (empty when SAT would accept its figures)."""
    errors: list[SatError] = []
    add = errors.append
    importes = sum((k.importe for k in c.conceptos), ZERO)
    if c.tipo is Tipo.INGRESO and c.subtotal != importes:
        add(SatError("CFDI40108", f"SubTotal {c.subtotal} is not the sum of the concepts' Importe {importes}"))
    descuentos = sum((k.descuento for k in c.conceptos), ZERO)
    if c.descuento != descuentos or c.descuento > c.subtotal:
        add(SatError("CFDI40111", f"Descuento {c.descuento} must be the concepts' {descuentos}, at most SubTotal"))
    transferred = ZERO if c.impuestos is None else c.impuestos.total_transferred or ZERO
    if c.total != c.subtotal - c.descuento + transferred:
        add(SatError("CFDI40119", f"Total {c.total} is not SubTotal - Descuento + taxes"))
    errors += _receiver_errors(c)
    if c.metodo_pago is MetodoPago.PPD and c.forma_pago != "99":
        add(SatError("CFDI40105", "MetodoPago PPD needs FormaPago 99 (por definir)"))
    for i, k in enumerate(c.conceptos):
        low, high = importe_limits(k.cantidad, k.valor_unitario)
        if not low <= k.importe <= high:
            add(SatError("CFDI40167", f"concept {i + 1}: Importe {k.importe} is outside [{low}, {high}]"))
        for t in k.transfers:
            if t.amount is not None and t.rate is not None:
                low, high = transfer_limits(t.base, t.rate)
                if not low <= t.amount <= high:
                    add(SatError("CFDI40180", f"concept {i + 1}: IVA {t.amount} is outside [{low}, {high}]"))
    if c.impuestos is not None:
        errors += _summary_errors(c, c.impuestos)
    return errors


def _receiver_errors(c: Comprobante) -> list[SatError]:
    r, errors = c.receptor, []
    publico = r.rfc == PUBLICO_RFC and r.name == PUBLICO_NAME
    if c.tipo is Tipo.INGRESO and publico and c.informacion_global is None:
        errors.append(SatError("CFDI40130", "an invoice to PUBLICO EN GENERAL needs InformacionGlobal"))
    if (r.name == PUBLICO_NAME) != (r.rfc == PUBLICO_RFC):
        errors.append(SatError("CFDI40146", f"the name {PUBLICO_NAME} goes with the RFC {PUBLICO_RFC} only"))
    if r.is_generic and r.codigo_postal != c.lugar_expedicion:
        errors.append(SatError("CFDI40149", "a generic receiver's postal code must be the LugarExpedicion"))
    if r.is_generic and r.regimen_fiscal != PUBLICO_REGIMEN:
        errors.append(SatError("CFDI40159", f"a generic receiver's régimen must be {PUBLICO_REGIMEN}"))
    if r.regimen_fiscal not in USOS.get(r.uso_cfdi, frozenset()):
        errors.append(SatError("CFDI40158", f"UsoCFDI {r.uso_cfdi} is not allowed for régimen {r.regimen_fiscal}"))
    return errors


def _summary_errors(c: Comprobante, summary: TaxSummary) -> list[SatError]:
    errors = []
    expected = TaxSummary.of(c.conceptos)
    by_key = {t.key: t for t in summary.transfers}
    for t in expected.transfers:
        got = by_key.get(t.key)
        if got is None or got.base != t.base:
            errors.append(SatError("CFDI40216", f"summary Base of {t.factor} {t.rate} must be {t.base}"))
        if got is not None and got.amount != t.amount:
            errors.append(SatError("CFDI40221", f"summary Importe of {t.factor} {t.rate} must be {t.amount}"))
    taxed = [t for t in summary.transfers if t.factor != EXENTO]
    total = summary.total_transferred
    if bool(taxed) != (total is not None):
        errors.append(SatError("CFDI40212", "TotalImpuestosTrasladados exists exactly when a tax is not exempt"))
    if total is not None and total != sum((t.amount or ZERO for t in taxed), Decimal(0)):
        errors.append(SatError("CFDI40215", "TotalImpuestosTrasladados is not the sum of the transfers"))
    return errors


def check(c: Comprobante) -> Comprobante:
    """``c`` unchanged, or :class:`RuleViolation` naming SAT's code of the first broken rule (and how
    many more there are)."""
    errors = sat_errors(c)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise RuleViolation(f"{errors[0]}{more}")
    return c
