"""The concepts of an invoice built from tickets (docs/invoicing.md): one per line of a sale, or, for the
global invoice, one per ticket and tax rate with the ticket's own sums (one per line when those sums
stray beyond SAT's rounding limits)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from nexus_core.domain.cfdi import EXENTO, GLOBAL_PRODUCT_KEY, GLOBAL_UNIT_KEY, TASA, Concept, Transfer
from nexus_core.domain.cfdi_limits import transfer_limits
from nexus_core.domain.money import ZERO
from nexus_core.domain.sales import Sale
from nexus_core.domain.tax import LineFigures


def sale_concepts(sale: Sale, descriptions: dict[int, tuple[str, str | None]]) -> list[Concept]:
    """One concept per ticket line; ``descriptions`` maps item id to (name, part number)."""
    concepts = []
    for ln in sale.lines:
        name, code = descriptions.get(ln.item_id, (f"Articulo {ln.item_id}", None))
        concepts.append(Concept.of_line(ln.figures, name, code=code))
    return concepts


def global_concepts(sales: Sequence[Sale]) -> list[Concept]:
    """The global invoice's concepts: per ticket and rate, ``Cantidad`` 1 and the ticket's own sums."""
    concepts: list[Concept] = []
    for sale in sales:
        groups: dict[tuple[bool, Decimal], list[LineFigures]] = {}
        for ln in sale.lines:
            groups.setdefault((ln.figures.tax_rate.exempt, ln.figures.tax_rate.rate), []).append(ln.figures)
        for lines in groups.values():
            merged = _ticket_concept(sale.folio, lines)
            if all(_within_limits(t) for t in merged.transfers):
                concepts.append(merged)
            else:  # the sum of rounded line taxes strays beyond SAT's limits: one concept per line
                concepts += [_ticket_concept(sale.folio, [ln]) for ln in lines]
    return concepts


def _ticket_concept(folio: str, lines: Sequence[LineFigures]) -> Concept:
    gross = sum((ln.gross for ln in lines), ZERO)
    first = lines[0]
    subtotal = sum((ln.subtotal for ln in lines), ZERO)
    if first.tax_rate.exempt:
        transfer = Transfer(subtotal, EXENTO, None, None)
    else:
        transfer = Transfer(subtotal, TASA, first.tax_rate.rate, sum((ln.tax for ln in lines), ZERO))
    return Concept(
        clave_prod_serv=GLOBAL_PRODUCT_KEY,
        cantidad=Decimal("1"),
        clave_unidad=GLOBAL_UNIT_KEY,
        descripcion="Venta",
        valor_unitario=gross,
        importe=gross,
        descuento=sum((ln.discount for ln in lines), ZERO),
        transfers=(transfer,),
        no_identificacion=folio,
    )


def _within_limits(t: Transfer) -> bool:
    if t.amount is None or t.rate is None:
        return True
    low, high = transfer_limits(t.base, t.rate)
    return low <= t.amount <= high
