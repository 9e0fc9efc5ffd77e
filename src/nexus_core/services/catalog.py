"""Finding parts by vehicle (docs/catalog.md): brand -> model -> year -> engine (the ``mye``) ->
category -> group -> parts, each part with the tenant's stock and price and its number of
interchangeable alternatives. Every use case reads (``catalog.view``); unknown ids answer 404.
"""

from __future__ import annotations

import attrs

from nexus_core.errors import InvalidInput, NotFound
from nexus_core.ports.catalog import EngineRow, Named, Part, Vehicle, YearRow
from nexus_core.ports.inventory_queries import Page, Paged
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.catalog_stock import Stocked, enrich, stock_branch
from nexus_core.services.runner import Deps, read_only

PERMISSION = "catalog.view"
DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100


def catalog_page(page: int, per_page: int) -> Page:
    """A page as asked; ``per_page`` above the cap is refused, not silently cut."""
    if page < 1:
        raise InvalidInput("page must be at least 1", field="page")
    if page > 1_000_000:
        raise InvalidInput("page must be at most 1000000", field="page")
    if per_page < 1:
        raise InvalidInput("per_page must be at least 1", field="per_page")
    if per_page > MAX_PER_PAGE:
        raise InvalidInput(f"per_page must be at most {MAX_PER_PAGE}", field="per_page")
    return Page(page, per_page)


def require_vehicle(uow: UnitOfWork, mye_id: int) -> Vehicle:
    vehicle = uow.catalog.vehicle(mye_id)
    if vehicle is None:
        raise NotFound(f"vehicle (mye) {mye_id} not found", field="mye_id")
    return vehicle


@attrs.frozen
class ListBrands:
    actor: Actor


@read_only
def list_brands(cmd: ListBrands, uow: UnitOfWork, deps: Deps) -> list[Named]:
    cmd.actor.require(PERMISSION)
    return uow.catalog.vehicle_brands()


@attrs.frozen
class ListModels:
    actor: Actor
    brand_id: int


@read_only
def list_models(cmd: ListModels, uow: UnitOfWork, deps: Deps) -> list[Named]:
    cmd.actor.require(PERMISSION)
    if uow.catalog.brand(cmd.brand_id) is None:
        raise NotFound(f"brand {cmd.brand_id} not found", field="brand_id")
    return uow.catalog.models(cmd.brand_id)


@attrs.frozen
class ListYears:
    actor: Actor
    model_id: int


@read_only
def list_years(cmd: ListYears, uow: UnitOfWork, deps: Deps) -> list[YearRow]:
    cmd.actor.require(PERMISSION)
    if uow.catalog.model(cmd.model_id) is None:
        raise NotFound(f"model {cmd.model_id} not found", field="model_id")
    return uow.catalog.years(cmd.model_id)


@attrs.frozen
class ListEngines:
    actor: Actor
    model_id: int
    year_id: int


@read_only
def list_engines(cmd: ListEngines, uow: UnitOfWork, deps: Deps) -> list[EngineRow]:
    cmd.actor.require(PERMISSION)
    if uow.catalog.model(cmd.model_id) is None:
        raise NotFound(f"model {cmd.model_id} not found", field="model_id")
    if uow.catalog.year(cmd.year_id) is None:
        raise NotFound(f"year {cmd.year_id} not found", field="year_id")
    return uow.catalog.engines(cmd.model_id, cmd.year_id)


@attrs.frozen
class ListCategories:
    actor: Actor
    mye_id: int


@read_only
def list_categories(cmd: ListCategories, uow: UnitOfWork, deps: Deps) -> list[Named]:
    cmd.actor.require(PERMISSION)
    require_vehicle(uow, cmd.mye_id)
    return uow.catalog.categories(cmd.mye_id)


@attrs.frozen
class ListGroups:
    actor: Actor
    mye_id: int
    category_id: int


@read_only
def list_groups(cmd: ListGroups, uow: UnitOfWork, deps: Deps) -> list[Named]:
    cmd.actor.require(PERMISSION)
    require_vehicle(uow, cmd.mye_id)
    if uow.catalog.category(cmd.category_id) is None:
        raise NotFound(f"category {cmd.category_id} not found", field="category_id")
    return uow.catalog.groups(cmd.mye_id, cmd.category_id)


@attrs.frozen
class ListParts:
    actor: Actor
    mye_id: int
    group_id: int
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    branch_id: int | None = None


@attrs.frozen
class PartLine:
    part: Part
    stocked: Stocked
    alternatives: int


@attrs.frozen
class PartsPage:
    lines: list[PartLine]
    total: int
    page: Page


@read_only
def list_parts(cmd: ListParts, uow: UnitOfWork, deps: Deps) -> PartsPage:
    """One page of the parts of a group that fit a vehicle; the stock of the whole page is one query,
    the alternatives of the whole page another."""
    cmd.actor.require(PERMISSION)
    page = catalog_page(cmd.page, cmd.per_page)
    require_vehicle(uow, cmd.mye_id)
    if uow.catalog.group(cmd.group_id) is None:
        raise NotFound(f"group {cmd.group_id} not found", field="group_id")
    branch = stock_branch(uow, cmd.actor, cmd.branch_id)
    found: Paged[Part] = uow.catalog.parts_for(cmd.mye_id, cmd.group_id, page)
    stock = enrich(uow, found.rows, branch)
    sizes = uow.catalog.group_sizes([p.id for p in found.rows]) if found.rows else {}
    lines = [PartLine(p, stock[p.id], max(0, sizes.get(p.id, 1) - 1)) for p in found.rows]
    return PartsPage(lines, found.total, page)
