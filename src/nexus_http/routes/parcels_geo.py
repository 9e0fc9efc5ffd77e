"""GeoInfo of the parcels surface: ``GET /api/geoinfo/listar`` and, in the seed's ``?id=`` style,
GET/POST/PUT/DELETE on paises, departamentos, municipios, barrios and monedas (docs/parcels.md#geoinfo).

GET answers a list (every row, or only ``?id=``: 404 when it is not the tenant's); POST creates
(201), PUT replaces the row ``?id=`` names, DELETE removes it unless places or orders still use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from nexus_core.domain.geo import GeoLevel
from nexus_core.errors import InvalidInput
from nexus_core.services import geoinfo
from nexus_http.endpoints import Call, RouteTable
from nexus_http.envelope import parcels_ok
from nexus_http.reply import Reply
from nexus_http.routes.parcels_wire import (
    MONEDA_EXAMPLE,
    PLACE_EXAMPLE,
    PLACE_IN,
    PLACE_OUT,
    DoneOut,
    GeoInfoOut,
    IdQuery,
    MonedaIn,
    MonedaOut,
    SavedOut,
    currency_json,
    place_json,
)

routes = RouteTable("parcels geoinfo")
GEO = "/api/geoinfo"


@routes.get(
    f"{GEO}/listar",
    summary="Every country, department, municipality, neighbourhood and currency of the tenant",
    response=GeoInfoOut,
    example={
        "success": True,
        "message": "GeoInfo listed",
        "data": {
            **{level.value: [PLACE_EXAMPLE[level]] for level in GeoLevel},
            "monedas": [MONEDA_EXAMPLE],
        },
    },
)
def geoinfo_list(call: Call) -> dict[str, Any]:
    info = call.run(geoinfo.list_geoinfo, geoinfo.ListGeoInfo(call.actor))
    data: dict[str, Any] = {level.value: [place_json(p) for p in info.places[level]] for level in GeoLevel}
    data["monedas"] = [currency_json(c) for c in info.currencies]
    return parcels_ok("GeoInfo listed", data)


def _required_id(call: Call) -> int:
    place_id: int | None = call.params.id
    if place_id is None:
        raise InvalidInput("id is required: add ?id= to the URL", field="id")
    return place_id


def _list_class(name: str, row: type) -> type:
    """``{success, message, data: [row]}`` as an attrs class, for the OpenAPI document."""
    fields = {"success": attrs.field(type=bool), "message": attrs.field(type=str), "data": attrs.field(type=list[row])}  # type: ignore[valid-type]
    return attrs.make_class(name, fields, frozen=True)


def _named(handler: Callable[[Call], Any], name: str) -> Callable[[Call], Any]:
    handler.__name__ = handler.__qualname__ = name
    return handler


def _crud(
    collection: str,
    singular: str,
    *,
    body: type,
    row: type,
    example: dict[str, Any],
    listing: Callable[[Call], list[dict[str, Any]]],
    save: Callable[[Call, int | None], int],
    remove: Callable[[Call, int], None],
) -> None:
    path = f"{GEO}/{collection}"
    listed = _list_class(f"{row.__name__}List", row)

    def get(call: Call) -> dict[str, Any]:
        return parcels_ok(f"{collection} listed", listing(call))

    def post(call: Call) -> Reply:
        return Reply(parcels_ok(f"{singular} created", {"id": save(call, None)}), 201)

    def put(call: Call) -> dict[str, Any]:
        return parcels_ok(f"{singular} updated", {"id": save(call, _required_id(call))})

    def delete(call: Call) -> dict[str, Any]:
        remove(call, _required_id(call))
        return parcels_ok(f"{singular} deleted")

    saved = {"success": True, "message": f"{singular} created", "data": {"id": example["id"]}}
    routes.get(
        path,
        summary=f"List {collection} (?id= for one)",
        query=IdQuery,
        response=listed,
        example={"success": True, "message": f"{collection} listed", "data": [example]},
    )(_named(get, f"list_{collection}"))
    routes.post(path, summary=f"Create a {singular}", body=body, response=SavedOut, status=201, example=saved)(
        _named(post, f"create_{collection}")
    )
    routes.put(
        path,
        summary=f"Change the {singular} named by ?id=",
        query=IdQuery,
        body=body,
        response=SavedOut,
        errors=(404,),
        example={**saved, "message": f"{singular} updated"},
    )(_named(put, f"update_{collection}"))
    routes.delete(
        path,
        summary=f"Delete the {singular} named by ?id= (refused while places or orders use it)",
        query=IdQuery,
        response=DoneOut,
        errors=(404,),
        example={"success": True, "message": f"{singular} deleted"},
    )(_named(delete, f"delete_{collection}"))


def _place_routes(level: GeoLevel) -> None:
    def listing(call: Call) -> list[dict[str, Any]]:
        places = call.run(geoinfo.list_places, geoinfo.ListPlaces(call.actor, level, call.params.id))
        return [place_json(p) for p in places]

    def save(call: Call, place_id: int | None) -> int:
        fields = attrs.asdict(call.body)
        return call.run(geoinfo.save_place, geoinfo.SavePlace(call.actor, level, fields, place_id))

    def remove(call: Call, place_id: int) -> None:
        call.run(geoinfo.delete_place, geoinfo.DeletePlace(call.actor, level, place_id))

    _crud(
        level.value,
        level.singular,
        body=PLACE_IN[level],
        row=PLACE_OUT[level],
        example=PLACE_EXAMPLE[level],
        listing=listing,
        save=save,
        remove=remove,
    )


for _level in GeoLevel:
    _place_routes(_level)


def _currency_listing(call: Call) -> list[dict[str, Any]]:
    found = call.run(geoinfo.list_currencies, geoinfo.ListCurrencies(call.actor, call.params.id))
    return [currency_json(c) for c in found]


def _currency_save(call: Call, currency_id: int | None) -> int:
    fields = attrs.asdict(call.body)
    return call.run(geoinfo.save_currency, geoinfo.SaveCurrency(call.actor, fields, currency_id))


def _currency_remove(call: Call, currency_id: int) -> None:
    call.run(geoinfo.delete_currency, geoinfo.DeleteCurrency(call.actor, currency_id))


_crud(
    "monedas",
    "moneda",
    body=MonedaIn,
    row=MonedaOut,
    example=MONEDA_EXAMPLE,
    listing=_currency_listing,
    save=_currency_save,
    remove=_currency_remove,
)
