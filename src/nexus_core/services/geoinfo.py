"""Geography and currencies of the tenant: list, create, change, delete (docs/parcels.md#geoinfo).

A place names an existing parent of the level above (another tenant's ids are missing ones); a place
or currency still used by places or orders is not deleted, and the refusal says what uses it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from nexus_core.domain.geo import Currency, GeoLevel, Place
from nexus_core.errors import NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.parcels_access import acting_user
from nexus_core.services.runner import Deps, read_only


@attrs.frozen
class GeoInfo:
    places: Mapping[GeoLevel, list[Place]]
    currencies: list[Currency]


@attrs.frozen
class ListGeoInfo:
    actor: Actor


@read_only
def list_geoinfo(cmd: ListGeoInfo, uow: UnitOfWork, deps: Deps) -> GeoInfo:
    by_level: dict[GeoLevel, list[Place]] = {level: [] for level in GeoLevel}
    for place in uow.places.list():
        by_level[place.level].append(place)
    return GeoInfo(by_level, uow.currencies.list())


def _place(uow: UnitOfWork, level: GeoLevel, place_id: int) -> Place:
    place = uow.places.get(place_id)
    if place is None or place.level is not level:
        raise NotFound(f"{level.singular} {place_id} not found", field="id")
    return place


@attrs.frozen
class ListPlaces:
    actor: Actor
    level: GeoLevel
    place_id: int | None = None


@read_only
def list_places(cmd: ListPlaces, uow: UnitOfWork, deps: Deps) -> list[Place]:
    """Every place of the level, or only ``place_id`` (404 when it is not one of them)."""
    if cmd.place_id is not None:
        return [_place(uow, cmd.level, cmd.place_id)]
    return uow.places.list(cmd.level)


@attrs.frozen
class SavePlace:
    """Create (``place_id`` None) or replace a place; ``fields`` are the client's (``nombre``,
    ``codigo_iso`` of a country, the parent's ``id_...`` field)."""

    actor: Actor
    level: GeoLevel
    fields: Mapping[str, Any]
    place_id: int | None = None


def save_place(cmd: SavePlace, uow: UnitOfWork, deps: Deps) -> int:
    acting_user(uow, cmd.actor)
    level, f = cmd.level, cmd.fields
    parent_id = f.get(level.parent_field) if level.parent_field else None
    if cmd.place_id is None:
        place = Place.create(
            tenant_id=uow.tenant_id, level=level, name=f.get("nombre"), parent_id=parent_id, code=f.get("codigo_iso")
        )
    else:
        place = _place(uow, level, cmd.place_id)
        place.apply(name=f.get("nombre"), parent_id=parent_id, code=f.get("codigo_iso"))
    if level.parent is not None and place.parent_id is not None:
        parent = uow.places.get(place.parent_id)
        if parent is None or parent.level is not level.parent:
            field = level.parent_field or "parent"
            what = f"{field} {place.parent_id} not found: create the {level.parent.singular} first"
            raise NotFound(what, field=field)
    if place.id is None:
        return uow.places.add(place)
    uow.places.update(place)
    return place.id


@attrs.frozen
class DeletePlace:
    actor: Actor
    level: GeoLevel
    place_id: int


def _uses(counts: list[tuple[int, str]]) -> str:
    return " and ".join(f"{n} {what}" for n, what in counts if n)


def delete_place(cmd: DeletePlace, uow: UnitOfWork, deps: Deps) -> None:
    acting_user(uow, cmd.actor)
    place = _place(uow, cmd.level, cmd.place_id)
    child = {GeoLevel.COUNTRY: "departamentos", GeoLevel.DEPARTMENT: "municipios", GeoLevel.MUNICIPALITY: "barrios"}
    counts = [
        (uow.places.children(cmd.place_id), child.get(cmd.level, "places")),
        (uow.orders.using_place(cmd.place_id), "orders"),
    ]
    if any(n for n, _ in counts):
        what = f"{cmd.level.singular} {cmd.place_id} ({place.name})"
        raise RuleViolation(f"{what} is still used by {_uses(counts)}: it cannot be deleted", field="id")
    uow.places.delete(cmd.place_id)


# --- currencies ------------------------------------------------------------------------------------


@attrs.frozen
class ListCurrencies:
    actor: Actor
    currency_id: int | None = None


def _currency(uow: UnitOfWork, currency_id: int) -> Currency:
    currency = uow.currencies.get(currency_id)
    if currency is None:
        raise NotFound(f"moneda {currency_id} not found", field="id")
    return currency


@read_only
def list_currencies(cmd: ListCurrencies, uow: UnitOfWork, deps: Deps) -> list[Currency]:
    if cmd.currency_id is not None:
        return [_currency(uow, cmd.currency_id)]
    return uow.currencies.list()


@attrs.frozen
class SaveCurrency:
    actor: Actor
    fields: Mapping[str, Any]
    currency_id: int | None = None


def save_currency(cmd: SaveCurrency, uow: UnitOfWork, deps: Deps) -> int:
    acting_user(uow, cmd.actor)
    f = cmd.fields
    if cmd.currency_id is None:
        currency = Currency.create(
            tenant_id=uow.tenant_id, code=f.get("codigo"), name=f.get("nombre"), rate=f.get("tasa_usd")
        )
    else:
        currency = _currency(uow, cmd.currency_id)
        currency.apply(code=f.get("codigo"), name=f.get("nombre"), rate=f.get("tasa_usd"))
    same = uow.currencies.get_by_code(currency.code)
    if same is not None and same.id != currency.id:
        raise RuleViolation(f"a moneda with codigo {currency.code} already exists (id {same.id})", field="codigo")
    if currency.id is None:
        return uow.currencies.add(currency)
    uow.currencies.update(currency)
    return currency.id


@attrs.frozen
class DeleteCurrency:
    actor: Actor
    currency_id: int


def delete_currency(cmd: DeleteCurrency, uow: UnitOfWork, deps: Deps) -> None:
    acting_user(uow, cmd.actor)
    currency = _currency(uow, cmd.currency_id)
    used = uow.orders.using_currency(cmd.currency_id)
    if used:
        raise RuleViolation(
            f"moneda {cmd.currency_id} ({currency.code}) is still used by {used} orders: it cannot be deleted",
            field="id",
        )
    uow.currencies.delete(cmd.currency_id)
