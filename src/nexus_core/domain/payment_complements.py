"""What links a payment complement (CFDI tipo P) to the PPD invoice and the customer payment it
documents: the instalment number and the balances SAT's ``DoctoRelacionado`` carries."""

from __future__ import annotations

from decimal import Decimal

import attrs


@attrs.frozen
class ComplementLink:
    tenant_id: int
    complement_id: int  # the CFDI tipo P
    invoice_id: int  # the PPD invoice it pays
    sale_id: int
    payment_id: int  # the customer payment (abono)
    num_parcialidad: int
    saldo_anterior: Decimal
    pagado: Decimal
    saldo_insoluto: Decimal
