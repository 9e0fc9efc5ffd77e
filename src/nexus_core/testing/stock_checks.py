"""Checks of the stock engine's invariants, for tests and operators' scripts, on any unit of work.

* per (item, branch): ``on_hand`` is the sum of the movements' quantities and ``reserved`` the sum
  of the open reservations; ``on_hand >= reserved >= 0``;
* the books follow: the balance of 115.01 equals the items' stock values summed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from nexus_core.domain import chart
from nexus_core.domain.money import ZERO
from nexus_core.domain.stock import QTY_ZERO
from nexus_core.ports.unit_of_work import UnitOfWork


def stock_violations(uow: UnitOfWork) -> list[str]:
    """What breaks the stock invariants, one sentence each (empty when all hold)."""
    found = []
    moved = uow.movements.quantity_totals()
    reserved = uow.reservations.open_totals()
    rows = {(b.item_id, b.branch_id): b for b in uow.stock.all()}
    for key in sorted(set(moved) | set(rows) | set(reserved)):
        b = rows.get(key)
        on_hand = b.on_hand if b else QTY_ZERO
        held = b.reserved if b else QTY_ZERO
        if moved.get(key, QTY_ZERO) != on_hand:
            found.append(f"item {key[0]} branch {key[1]}: on_hand {on_hand} != movements {moved.get(key, QTY_ZERO)}")
        if reserved.get(key, QTY_ZERO) != held:
            found.append(f"item {key[0]} branch {key[1]}: reserved {held} != open reservations {reserved.get(key)}")
        if not on_hand >= held >= 0:
            found.append(f"item {key[0]} branch {key[1]}: on_hand {on_hand}, reserved {held}")
    return found


def inventory_account_balance(uow: UnitOfWork) -> Decimal:
    """Debits minus credits of 115.01, over all time."""
    account = uow.accounts.get_by_code(chart.INVENTORY)
    assert account is not None and account.id is not None
    debit, credit = uow.journal.sums_before(date(9999, 12, 31)).get(account.id, (ZERO, ZERO))
    return debit - credit


def stock_value(uow: UnitOfWork, item_ids: list[int]) -> Decimal:
    """The items' stock values summed."""
    return sum((i.stock_value for i in uow.items.get_many(item_ids).values()), ZERO)
