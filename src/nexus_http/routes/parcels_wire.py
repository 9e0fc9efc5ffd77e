"""Wire shapes of the parcels surface (docs/parcels.md): the seed's Spanish field names, answers in the
``{success, message, data}`` envelope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.geo import Currency, GeoLevel, Place


def number(amount: Decimal) -> Decimal | int:
    """A quantity as people write it: ``23``, ``2.5``."""
    if amount == amount.to_integral_value():
        return int(amount)
    return amount.normalize()


# --- geography -------------------------------------------------------------------------------------


@attrs.frozen
class IdQuery:
    id: int | None = None


@attrs.frozen
class PaisIn:
    nombre: str
    codigo_iso: str | None = None


@attrs.frozen
class DepartamentoIn:
    nombre: str
    id_pais: int


@attrs.frozen
class MunicipioIn:
    nombre: str
    id_departamento: int


@attrs.frozen
class BarrioIn:
    nombre: str
    id_municipio: int


@attrs.frozen
class MonedaIn:
    codigo: str
    nombre: str
    tasa_usd: Decimal


@attrs.frozen
class PaisOut:
    id: int
    nombre: str
    codigo_iso: str | None


@attrs.frozen
class DepartamentoOut:
    id: int
    nombre: str
    id_pais: int


@attrs.frozen
class MunicipioOut:
    id: int
    nombre: str
    id_departamento: int


@attrs.frozen
class BarrioOut:
    id: int
    nombre: str
    id_municipio: int


@attrs.frozen
class MonedaOut:
    id: int
    codigo: str
    nombre: str
    tasa_usd: str


PLACE_IN: dict[GeoLevel, type] = {
    GeoLevel.COUNTRY: PaisIn,
    GeoLevel.DEPARTMENT: DepartamentoIn,
    GeoLevel.MUNICIPALITY: MunicipioIn,
    GeoLevel.NEIGHBOURHOOD: BarrioIn,
}
PLACE_OUT: dict[GeoLevel, type] = {
    GeoLevel.COUNTRY: PaisOut,
    GeoLevel.DEPARTMENT: DepartamentoOut,
    GeoLevel.MUNICIPALITY: MunicipioOut,
    GeoLevel.NEIGHBOURHOOD: BarrioOut,
}
PLACE_EXAMPLE: dict[GeoLevel, dict[str, Any]] = {
    GeoLevel.COUNTRY: {"id": 1, "nombre": "Nicaragua", "codigo_iso": "NI"},
    GeoLevel.DEPARTMENT: {"id": 2, "nombre": "Managua", "id_pais": 1},
    GeoLevel.MUNICIPALITY: {"id": 3, "nombre": "Managua", "id_departamento": 2},
    GeoLevel.NEIGHBOURHOOD: {"id": 4, "nombre": "Altamira", "id_municipio": 3},
}
MONEDA_EXAMPLE = {"id": 1, "codigo": "USD", "nombre": "US Dollar", "tasa_usd": "1.0000"}


def place_json(place: Place) -> dict[str, Any]:
    row: dict[str, Any] = {"id": place.id, "nombre": place.name}
    if place.level is GeoLevel.COUNTRY:
        row["codigo_iso"] = place.code
    else:
        row[place.level.parent_field or "parent_id"] = place.parent_id
    return row


def currency_json(c: Currency) -> dict[str, Any]:
    return {"id": c.id, "codigo": c.code, "nombre": c.name, "tasa_usd": f"{c.rate:.4f}"}


@attrs.frozen
class GeoInfoData:
    paises: list[PaisOut]
    departamentos: list[DepartamentoOut]
    municipios: list[MunicipioOut]
    barrios: list[BarrioOut]
    monedas: list[MonedaOut]


@attrs.frozen
class GeoInfoOut:
    success: bool
    message: str
    data: GeoInfoData


@attrs.frozen
class SavedId:
    id: int


@attrs.frozen
class SavedOut:
    success: bool
    message: str
    data: SavedId


@attrs.frozen
class DoneOut:
    success: bool
    message: str


# --- products --------------------------------------------------------------------------------------
