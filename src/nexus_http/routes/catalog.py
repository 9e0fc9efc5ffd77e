"""The parts catalog (docs/catalog.md): the 9 read endpoints of the seed's section 4, enriched with the
caller's tenant's stock. The catalog itself is never written through the API."""

from __future__ import annotations

from typing import Any

from nexus_core.services import catalog, catalog_search
from nexus_http.endpoints import Call, RouteTable
from nexus_http.routes.catalog_wire import (
    EXAMPLE_CROSS,
    EXAMPLE_HIT,
    EXAMPLE_PART,
    PREFIX,
    CatalogBrandList,
    CatalogCountedList,
    CatalogEngineList,
    CatalogHitList,
    CatalogNamedList,
    CatalogPartDetailOut,
    CatalogPartList,
    CatalogYearList,
    CategoriesQuery,
    EnginesQuery,
    GroupsQuery,
    ModelsQuery,
    PartQuery,
    PartsQuery,
    SearchQuery,
    YearsQuery,
    attributes_json,
    cross_json,
    hit_json,
    part_json,
    stock_json,
)
from nexus_http.routes.inventory_wire import pagination, qty

routes = RouteTable("catalog")
VIEW = catalog.PERMISSION


@routes.get(
    f"{PREFIX}/brands",
    summary="Vehicle brands that have parts, with how many parts fit their vehicles",
    permission=VIEW,
    response=CatalogBrandList,
    example={"data": [{"id": 1, "name": "TOYOTA", "part_count": 245000}]},
)
def brands(call: Call) -> dict[str, Any]:
    found = call.run(catalog.list_brands, catalog.ListBrands(call.actor))
    return {"data": [{"id": b.id, "name": b.name, "part_count": b.count} for b in found]}


@routes.get(
    f"{PREFIX}/models",
    summary="Models of a brand",
    permission=VIEW,
    query=ModelsQuery,
    response=CatalogNamedList,
    example={"data": [{"id": 10, "name": "Corolla"}]},
)
def models(call: Call) -> dict[str, Any]:
    found = call.run(catalog.list_models, catalog.ListModels(call.actor, call.params.brand_id))
    return {"data": [{"id": m.id, "name": m.name} for m in found]}


@routes.get(
    f"{PREFIX}/years",
    summary="Years a model was made, newest first",
    permission=VIEW,
    query=YearsQuery,
    response=CatalogYearList,
    example={"data": [{"id": 2, "year": 2019}]},
)
def years(call: Call) -> dict[str, Any]:
    found = call.run(catalog.list_years, catalog.ListYears(call.actor, call.params.model_id))
    return {"data": [{"id": y.id, "year": y.year} for y in found]}


@routes.get(
    f"{PREFIX}/engines",
    summary="Engines of a model in a year, each with its mye_id (the vehicle)",
    permission=VIEW,
    query=EnginesQuery,
    response=CatalogEngineList,
    example={"data": [{"mye_id": 1001, "engine_id": 100, "code": "2ZR-FE", "name": "1.8L 2ZR-FE"}]},
)
def engines(call: Call) -> dict[str, Any]:
    p: EnginesQuery = call.params
    found = call.run(catalog.list_engines, catalog.ListEngines(call.actor, p.model_id, p.year_id))
    return {"data": [{"mye_id": e.mye_id, "engine_id": e.engine_id, "code": e.code, "name": e.name} for e in found]}


@routes.get(
    f"{PREFIX}/categories",
    summary="Part categories with parts for a vehicle (mye_id)",
    permission=VIEW,
    query=CategoriesQuery,
    response=CatalogCountedList,
    example={"data": [{"id": 1, "name": "Frenos", "part_count": 4}]},
)
def categories(call: Call) -> dict[str, Any]:
    found = call.run(catalog.list_categories, catalog.ListCategories(call.actor, call.params.mye_id))
    return {"data": [{"id": c.id, "name": c.name, "part_count": c.count} for c in found]}


@routes.get(
    f"{PREFIX}/groups",
    summary="Groups (subcategories) of a category with parts for a vehicle",
    permission=VIEW,
    query=GroupsQuery,
    response=CatalogCountedList,
    example={"data": [{"id": 10, "name": "Balatas delanteras", "part_count": 3}]},
)
def groups(call: Call) -> dict[str, Any]:
    p: GroupsQuery = call.params
    found = call.run(catalog.list_groups, catalog.ListGroups(call.actor, p.mye_id, p.category_id))
    return {"data": [{"id": g.id, "name": g.name, "part_count": g.count} for g in found]}


@routes.get(
    f"{PREFIX}/parts",
    summary="Parts of a group that fit a vehicle, with local stock, price and number of alternatives",
    permission=VIEW,
    query=PartsQuery,
    response=CatalogPartList,
    example={
        "data": [{**EXAMPLE_PART, "alternatives_count": 3}],
        "pagination": {"page": 1, "per_page": 30, "total": 15, "total_pages": 1},
    },
)
def parts(call: Call) -> dict[str, Any]:
    p: PartsQuery = call.params
    cmd = catalog.ListParts(call.actor, p.mye_id, p.group_id, p.page, p.per_page, p.branch_id)
    found = call.run(catalog.list_parts, cmd)
    return {
        "data": [
            {**part_json(ln.part), **stock_json(ln.stocked), "alternatives_count": ln.alternatives}
            for ln in found.lines
        ],
        "pagination": pagination(found.page, found.total),
    }


@routes.get(
    f"{PREFIX}/part/{{part_id}}",
    summary="A part: local stock, stock in every branch, interchangeable alternatives and cross-references",
    permission=VIEW,
    query=PartQuery,
    response=CatalogPartDetailOut,
    example={
        **EXAMPLE_PART,
        "attributes": {"Posicion": "Delantera"},
        "branch_id": 1,
        "stock_by_branch": [{"branch_id": 1, "branch_name": "Sucursal Centro", "stock": 5}],
        "alternatives": [EXAMPLE_HIT],
        "cross_references": [EXAMPLE_CROSS],
    },
)
def part(call: Call) -> dict[str, Any]:
    cmd = catalog_search.GetPart(call.actor, call.path_int("part_id"), call.params.branch_id)
    d = call.run(catalog_search.part_detail, cmd)
    return {
        **part_json(d.part),
        "attributes": attributes_json(d.part.attributes),
        "branch_id": d.branch_id,
        **stock_json(d.stocked),
        "stock_by_branch": [
            {"branch_id": b, "branch_name": d.branch_names.get(b), "stock": qty(s)} for b, s in d.stocked.by_branch
        ],
        "alternatives": [hit_json(h) for h in d.alternatives],
        "cross_references": [cross_json(x) for x in d.cross_references],
    }


@routes.get(
    f"{PREFIX}/search",
    summary="Search by part number typed any way (with its interchangeable parts) or by name words",
    permission=VIEW,
    query=SearchQuery,
    response=CatalogHitList,
    example={"data": [{**EXAMPLE_PART, "matched_via": "number", "chain": [], "in_stock": True}, EXAMPLE_HIT]},
)
def search(call: Call) -> dict[str, Any]:
    p: SearchQuery = call.params
    found = call.run(catalog_search.search_catalog, catalog_search.SearchCatalog(call.actor, p.q, p.limit, p.branch_id))
    return {"data": [hit_json(h) for h in found]}
