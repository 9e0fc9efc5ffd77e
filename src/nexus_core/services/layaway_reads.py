"""Reading layaways: the list (status, customer, pages) and one layaway with its items and payments."""

from __future__ import annotations

from typing import Any

import attrs

from nexus_core.domain.layaways import Layaway, parse_layaway_status
from nexus_core.domain.quotations import parse_customer_id
from nexus_core.errors import NotFound
from nexus_core.ports.inventory_queries import Page, Paged
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.inventory_lists import page_of
from nexus_core.services.purchases import parse_item_id
from nexus_core.services.runner import Deps, read_only


def find_layaway(uow: UnitOfWork, raw_id: object, *, lock: bool) -> Layaway:
    """The tenant's layaway (another tenant's is not found), its row locked when ``lock``."""
    layaway_id = parse_item_id(raw_id, field="layaway_id")
    found = uow.layaways.lock(layaway_id) if lock else uow.layaways.get(layaway_id)
    if found is None:
        raise NotFound(f"layaway {layaway_id} not found", field="layaway_id")
    return found


@attrs.frozen
class ListLayaways:
    actor: Actor
    status: Any = None
    customer_id: Any = None
    page: int = 1
    per_page: int = 50


@read_only
def list_layaways(cmd: ListLayaways, uow: UnitOfWork, deps: Deps) -> tuple[Paged[Layaway], Page]:
    cmd.actor.require("pos.view")
    page = page_of(cmd.page, cmd.per_page)
    status = parse_layaway_status(cmd.status)
    customer_id = parse_customer_id(cmd.customer_id, required=False)
    return uow.layaways.list(status=status, customer_id=customer_id, page=page), page


@attrs.frozen
class GetLayaway:
    actor: Actor
    layaway_id: Any


@read_only
def get_layaway(cmd: GetLayaway, uow: UnitOfWork, deps: Deps) -> Layaway:
    cmd.actor.require("pos.view")
    return find_layaway(uow, cmd.layaway_id, lock=False)
