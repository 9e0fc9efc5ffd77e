"""How CFDI numbers are written, and SAT's rounding limits on them (Anexo 20, "Límites").

A concept's ``Importe`` must lie between ``(Cantidad - u/2) x (ValorUnitario - v/2)`` truncated and
``(Cantidad + u/2 - 10^-12) x (ValorUnitario + v/2 - 10^-12)`` rounded up, where ``u`` and ``v`` are one unit
of the last decimal written (CFDI40167); a transfer's ``Importe`` between ``(Base - b/2) x Tasa`` truncated
and ``(Base + b/2 - 10^-12) x Tasa`` rounded up (CFDI40180). Amounts have the currency's 2 decimals.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

CENT = Decimal("0.01")
_EPSILON = Decimal("1e-12")


def money_text(amount: Decimal) -> str:
    return f"{amount.quantize(CENT):f}"


def rate_text(rate: Decimal) -> str:
    return f"{rate.quantize(Decimal('0.000001')):f}"


def quantity_text(quantity: Decimal) -> str:
    """A quantity without trailing zeros (``2``, ``1.5``, ``0.125``): as precise as it is."""
    text = f"{quantity.normalize():f}"
    return text


def _half_unit(text: str) -> Decimal:
    decimals = len(text.partition(".")[2])
    return Decimal(1).scaleb(-decimals) / 2


def importe_limits(cantidad: Decimal, valor_unitario: Decimal) -> tuple[Decimal, Decimal]:
    dq, dv = _half_unit(quantity_text(cantidad)), _half_unit(money_text(valor_unitario))
    low = ((cantidad - dq) * (valor_unitario - dv)).quantize(CENT, rounding=ROUND_FLOOR)
    high = ((cantidad + dq - _EPSILON) * (valor_unitario + dv - _EPSILON)).quantize(CENT, rounding=ROUND_CEILING)
    return low, high


def transfer_limits(base: Decimal, rate: Decimal) -> tuple[Decimal, Decimal]:
    db = _half_unit(money_text(base))
    low = ((base - db) * rate).quantize(CENT, rounding=ROUND_FLOOR)
    high = ((base + db - _EPSILON) * rate).quantize(CENT, rounding=ROUND_CEILING)
    return low, high
