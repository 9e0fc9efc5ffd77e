"""The stock engine's postings (docs/adr/0019-stock-engine.md): shrinkage and surplus of adjustments
and counts, and the opening stock of new items, posted through the one posting path in the same
transaction as the movements of :mod:`nexus_core.services.stock`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from nexus_core.domain import chart
from nexus_core.domain.items import Item
from nexus_core.domain.ledger import EntryDraft, EntryType
from nexus_core.domain.money import ZERO, money_strict, quantity
from nexus_core.domain.posting_basics import cr, dr
from nexus_core.domain.posting_rules import AdjustmentKind, StockAdjustment, stock_adjustment
from nexus_core.domain.staff import Employee
from nexus_core.errors import InvalidInput
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.posting import PostEntry, post_entry
from nexus_core.services.runner import Deps
from nexus_core.services.stock import StockContext, lock_items, receive, stock_context


def post_stock_adjustment(
    uow: UnitOfWork, deps: Deps, ctx: StockContext, values: Iterable[Decimal], *, folio: str
) -> list[int]:
    """Post the shrinkage (Dr 601.84.02 / Cr 115.01) and the surplus (the reverse) of signed value
    changes, one entry each when not zero. Returns the entry ids."""
    changes = list(values)
    lost = -sum((v for v in changes if v < 0), ZERO)
    found = sum((v for v in changes if v > 0), ZERO)
    entry_ids = []
    for kind, amount in ((AdjustmentKind.SHRINKAGE, lost), (AdjustmentKind.SURPLUS, found)):
        if amount > 0:
            fact = StockAdjustment(date=ctx.business_date, folio=folio, kind=kind, amount=amount)
            entry = post_entry(PostEntry(stock_adjustment(fact), ctx.created_by), uow, deps)
            assert entry.id is not None
            entry_ids.append(entry.id)
    return entry_ids


def opening_stock_draft(day: date, folio: str, amount: Decimal) -> EntryDraft:
    """Stock a shop already had when it started using Nexus: Dr 115.01 / Cr 301.01 (capital)."""
    return EntryDraft.create(
        type=EntryType.ADJUSTMENT,
        date=day,
        reference=folio,
        description=f"Inventario inicial {folio}",
        lines=[dr(chart.INVENTORY, amount), cr(chart.SHARE_CAPITAL, amount)],
    )


def receive_opening_stock(
    uow: UnitOfWork,
    deps: Deps,
    item: Item,
    initial_stock: object,
    *,
    employee: Employee | None,
    ctx: StockContext | None = None,
) -> Decimal:
    """An item's initial stock, received into its home branch at its cost, posted against capital
    (zero: nothing happens). ``ctx`` says who received it when it is not ``employee`` (a parcels user)."""
    qty = quantity(initial_stock, field="initial_stock")
    if qty < 0:
        raise InvalidInput("initial_stock must not be negative", field="initial_stock")
    if qty == 0:
        return ZERO
    money_strict(item.cost, field="cost")
    ctx = ctx or stock_context(uow, deps, employee)
    assert item.id is not None
    locked = lock_items(uow, [item.id])[item.id]
    folio = f"INI-{item.id}"
    value = receive(uow, ctx, locked, item.branch_id, qty, unit_cost=item.cost, reference=folio, reason="initial stock")
    item.cost, item.stock_value = locked.cost, locked.stock_value
    if value > 0:
        post_entry(PostEntry(opening_stock_draft(ctx.business_date, folio, value), ctx.created_by), uow, deps)
    return value
