"""The tenant's stock of catalog parts (docs/catalog.md#local-stock): which items carry a part, and
what they have available, read for a whole page of parts in one query."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from nexus_core.domain.stock import QTY_ZERO
from nexus_core.errors import NotFound
from nexus_core.ports.catalog import LocalStockRow, Part
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor


@attrs.frozen
class Stocked:
    """A part as the tenant holds it: ``stock`` available in the branch asked (every branch when
    none), ``price`` of the item carrying it (``None``: the tenant does not carry it),
    ``by_branch`` available per branch (the detail's "bodegas")."""

    stock: Decimal = QTY_ZERO
    price: Decimal | None = None
    item_ids: tuple[int, ...] = ()
    by_branch: tuple[tuple[int, Decimal], ...] = ()

    @property
    def carried(self) -> bool:
        return bool(self.item_ids)

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


NOT_CARRIED = Stocked()


def link_stock(parts: Iterable[Part], rows: Sequence[LocalStockRow], branch_id: int | None) -> dict[int, Stocked]:
    """Part id -> what the tenant holds of it. An item linked by ``catalog_part_id`` carries that part
    only; an item without one carries every part with its normalized number."""
    by_part: dict[int, list[LocalStockRow]] = {}
    by_key: dict[str, list[LocalStockRow]] = {}
    for row in rows:
        if row.catalog_part_id is not None:
            by_part.setdefault(row.catalog_part_id, []).append(row)
        elif row.part_number_key is not None:
            by_key.setdefault(row.part_number_key, []).append(row)
    out: dict[int, Stocked] = {}
    for part in parts:
        mine = by_part.get(part.id) or by_key.get(part.number_key) or []
        if not mine:
            out[part.id] = NOT_CARRIED
            continue
        branches: dict[int, Decimal] = {}
        for row in mine:
            if row.branch_id is not None:
                branches[row.branch_id] = branches.get(row.branch_id, QTY_ZERO) + row.available
        here = branches.get(branch_id, QTY_ZERO) if branch_id is not None else sum(branches.values(), QTY_ZERO)
        first = min(mine, key=lambda r: r.item_id)
        out[part.id] = Stocked(
            stock=here,
            price=first.price,
            item_ids=tuple(sorted({r.item_id for r in mine})),
            by_branch=tuple(sorted(branches.items())),
        )
    return out


def stock_branch(uow: UnitOfWork, actor: Actor, branch_id: int | None) -> int | None:
    """The branch whose stock is "local": the one asked (404 when unknown), else the caller's."""
    if branch_id is not None:
        if uow.branches.get(branch_id) is None:
            raise NotFound(f"branch {branch_id} not found", field="branch_id")
        return branch_id
    return actor.branch_id


def enrich(
    uow: UnitOfWork, parts: Sequence[Part], branch_id: int | None, *, every_branch: bool = False
) -> dict[int, Stocked]:
    """One query for the page: the tenant's items carrying these parts and their stock."""
    if not parts:
        return {}
    rows = uow.catalog.local_stock(
        [p.id for p in parts], sorted({p.number_key for p in parts}), None if every_branch else branch_id
    )
    return link_stock(parts, rows, branch_id)
