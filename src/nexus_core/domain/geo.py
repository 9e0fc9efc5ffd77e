"""Geography and currencies of a delivery business (the parcels seed's "GeoInfo"), per tenant.

Places form one tree: a country (pais) holds departments (departamentos), a department holds
municipalities (municipios), a municipality holds neighbourhoods (barrios). Every place but a
country names an existing parent of the level above. A place or a currency still used by a child
or by a delivery order cannot be deleted (docs/parcels.md).
"""

from __future__ import annotations

import enum
import re
from decimal import ROUND_HALF_UP, Decimal

import attrs

from nexus_core.domain.money import parse_decimal
from nexus_core.domain.text import normalize_identifier, optional_text, require_text
from nexus_core.errors import InvalidInput

RATE_PLACES = 4
MAX_RATE = Decimal("100000000")
_ISO = re.compile(r"^[A-Z]{2,3}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class GeoLevel(enum.StrEnum):
    """The four levels, named as the API names their collections."""

    COUNTRY = "paises"
    DEPARTMENT = "departamentos"
    MUNICIPALITY = "municipios"
    NEIGHBOURHOOD = "barrios"

    @property
    def parent(self) -> GeoLevel | None:
        return _PARENT[self]

    @property
    def parent_field(self) -> str | None:
        """The wire field naming the parent (``id_pais`` of a department)."""
        parent = self.parent
        return None if parent is None else parent.id_field

    @property
    def id_field(self) -> str:
        """The wire field naming a place of this level (``id_pais``)."""
        return _ID_FIELD[self]

    @property
    def singular(self) -> str:
        return _SINGULAR[self]


_PARENT = {
    GeoLevel.COUNTRY: None,
    GeoLevel.DEPARTMENT: GeoLevel.COUNTRY,
    GeoLevel.MUNICIPALITY: GeoLevel.DEPARTMENT,
    GeoLevel.NEIGHBOURHOOD: GeoLevel.MUNICIPALITY,
}
_ID_FIELD = {
    GeoLevel.COUNTRY: "id_pais",
    GeoLevel.DEPARTMENT: "id_departamento",
    GeoLevel.MUNICIPALITY: "id_municipio",
    GeoLevel.NEIGHBOURHOOD: "id_barrio",
}
_SINGULAR = {
    GeoLevel.COUNTRY: "pais",
    GeoLevel.DEPARTMENT: "departamento",
    GeoLevel.MUNICIPALITY: "municipio",
    GeoLevel.NEIGHBOURHOOD: "barrio",
}


def parse_level(value: str) -> GeoLevel:
    try:
        return GeoLevel(value)
    except ValueError:
        raise InvalidInput(f"unknown geography level {value!r}") from None


def _iso_code(value: object) -> str | None:
    text = optional_text(value, field="codigo_iso", max_len=3)
    if text is None:
        return None
    code = (normalize_identifier(text) or "").upper()
    if not _ISO.match(code):
        raise InvalidInput("codigo_iso must be 2 or 3 letters (ISO 3166), such as NI", field="codigo_iso")
    return code


@attrs.define(eq=False)
class Place:
    """A country, department, municipality or neighbourhood of one tenant."""

    id: int | None
    tenant_id: int
    level: GeoLevel
    name: str
    parent_id: int | None
    code: str | None = None  # codigo_iso, countries only

    @classmethod
    def create(
        cls, *, tenant_id: int, level: GeoLevel, name: object, parent_id: object = None, code: object = None
    ) -> Place:
        place = cls(id=None, tenant_id=tenant_id, level=level, name="", parent_id=None)
        place.apply(name=name, parent_id=parent_id, code=code)
        return place

    def apply(self, *, name: object, parent_id: object = None, code: object = None) -> None:
        """Set every field from the client's values (a PUT replaces the row's fields)."""
        name_text = require_text(name, field="nombre", max_len=120)
        parent = None
        if self.level.parent is not None:
            field = self.level.parent_field or "parent"
            if parent_id is None:
                raise InvalidInput(f"{field} is required", field=field)
            if isinstance(parent_id, bool) or not isinstance(parent_id, int) or parent_id <= 0:
                raise InvalidInput(f"{field} must be a positive integer", field=field)
            parent = parent_id
        self.name = name_text
        self.parent_id = parent
        self.code = _iso_code(code) if self.level is GeoLevel.COUNTRY else None


def parse_rate(value: object, *, field: str = "tasa_usd") -> Decimal:
    """Units of the currency per US dollar, more than zero, at most four decimals."""
    if value is None:
        raise InvalidInput(f"{field} is required", field=field)
    rate = parse_decimal(value, field=field)
    if rate <= 0 or rate > MAX_RATE:
        raise InvalidInput(f"{field} must be greater than 0 and at most {MAX_RATE:,}", field=field)
    places = Decimal(1).scaleb(-RATE_PLACES)
    if rate != rate.quantize(places, rounding=ROUND_HALF_UP):
        raise InvalidInput(f"{field} must have at most {RATE_PLACES} decimals", field=field)
    return rate.quantize(places)


@attrs.define(eq=False)
class Currency:
    """A currency orders may be priced in (moneda): ``rate`` units of it buy one US dollar."""

    id: int | None
    tenant_id: int
    code: str
    name: str
    rate: Decimal

    @classmethod
    def create(cls, *, tenant_id: int, code: object, name: object, rate: object) -> Currency:
        currency = cls(id=None, tenant_id=tenant_id, code="", name="", rate=Decimal(1))
        currency.apply(code=code, name=name, rate=rate)
        return currency

    def apply(self, *, code: object, name: object, rate: object) -> None:
        text = require_text(code, field="codigo", max_len=3)
        code_text = (normalize_identifier(text) or "").upper()
        if not _CURRENCY.match(code_text):
            raise InvalidInput("codigo must be 3 letters (ISO 4217), such as USD", field="codigo")
        name_text = require_text(name, field="nombre", max_len=60)
        self.code, self.name, self.rate = code_text, name_text, parse_rate(rate)
