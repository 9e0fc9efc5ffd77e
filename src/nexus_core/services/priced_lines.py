"""Ticket lines priced once for every document that sells or quotes items (sales, quotations, layaways).

The same inputs as a sale (:class:`nexus_core.services.sales.SaleLineInput`: ``unit_price`` omitted
means the item's price for the customer's tier, ``price_1`` without a customer), the same one tax
computation (:func:`nexus_core.domain.tax.line_figures`), the same refusals (unknown, foreign or inactive items).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from nexus_core.domain.customers import Customer
from nexus_core.domain.items import Item
from nexus_core.domain.sales import SaleLine
from nexus_core.domain.tax import line_figures
from nexus_core.errors import InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.credit import list_price
from nexus_core.services.purchases import parse_item_id
from nexus_core.services.stock import lock_items

if TYPE_CHECKING:
    from nexus_core.services.sales import SaleLineInput


def line_item_ids(inputs: Sequence[SaleLineInput]) -> list[int]:
    if not inputs:
        raise InvalidInput("at least one item is needed", field="items")
    return [parse_item_id(ln.inventory_id, field=f"items[{i}].inventory_id") for i, ln in enumerate(inputs)]


def priced_lines(
    uow: UnitOfWork, inputs: Sequence[SaleLineInput], *, lock: bool, customer: Customer | None = None
) -> list[SaleLine]:
    """Each input priced and taxed once. ``lock``: the items' rows are locked in id order (the caller
    then moves their stock); else they are only read."""
    return priced_items(uow, inputs, lock=lock, customer=customer)[0]


def priced_items(
    uow: UnitOfWork, inputs: Sequence[SaleLineInput], *, lock: bool, customer: Customer | None = None
) -> tuple[list[SaleLine], dict[int, Item]]:
    """:func:`priced_lines` and the items read (locked with ``lock``: the stock engine takes them as they are)."""
    ids = line_item_ids(inputs)
    if lock:
        items = lock_items(uow, set(ids), field="items")
    else:
        items = uow.items.get_many(set(ids))
        missing = sorted(set(ids) - set(items))
        if missing:
            raise NotFound(f"item {missing[0]} not found", field="items")
    lines = [_line(i, items[item_id], ln, customer) for i, (item_id, ln) in enumerate(zip(ids, inputs, strict=True))]
    return lines, items


def _line(i: int, item: Item, ln: SaleLineInput, customer: Customer | None) -> SaleLine:
    assert item.id is not None
    if not item.is_active:
        raise RuleViolation(f"item {item.id} ({item.name}) is not active", field=f"items[{i}].inventory_id")
    price = list_price(item, customer) if ln.unit_price is None else ln.unit_price
    return SaleLine(item.id, line_figures(ln.quantity, price, ln.discount_pct, ln.tax_rate))
