"""A customer's vehicles: what a shop looks up to sell the right part (brand, model, year, engine or
the parts catalog's ``mye_id``, plate and VIN). Child rows of a customer."""

from __future__ import annotations

import re
from datetime import datetime

import attrs

from nexus_core.domain.text import normalize_identifier, optional_text, require_text
from nexus_core.errors import InvalidInput

# ISO 3779: 17 characters, digits and capital letters except I, O and Q (read as 1 and 0).
_VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
_PLATE = re.compile(r"^[A-Z0-9\- ]{2,15}$")
MIN_YEAR, MAX_YEAR = 1900, 2100


def parse_vin(value: object, *, field: str = "vin") -> str | None:
    text = normalize_identifier(value) if value is not None else None
    if value is not None and text is None:
        raise InvalidInput(f"{field} must be a string", field=field)
    if not text:
        return None
    vin = text.upper()
    if not _VIN.match(vin):
        raise InvalidInput(f"{field} must be 17 letters and digits, without I, O or Q", field=field)
    return vin


def parse_plate(value: object, *, field: str = "plate") -> str | None:
    text = optional_text(value, field=field, max_len=15)
    if text is None:
        return None
    plate = text.upper()
    if not _PLATE.match(plate):
        raise InvalidInput(f"{field} must be 2-15 letters, digits, dashes or spaces", field=field)
    return plate


def parse_year(value: object, *, field: str = "year") -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_YEAR <= value <= MAX_YEAR:
        raise InvalidInput(f"{field} must be a year from {MIN_YEAR} to {MAX_YEAR}", field=field)
    return value


def parse_mye_id(value: object, *, field: str = "mye_id") -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**53:
        raise InvalidInput(f"{field} must be a positive integer", field=field)
    return value


@attrs.frozen
class Vehicle:
    id: int | None
    tenant_id: int
    customer_id: int
    brand: str
    model: str
    year: int | None
    engine: str | None
    mye_id: int | None
    plate: str | None
    vin: str | None
    created_at: datetime

    @classmethod
    def create(
        cls,
        *,
        tenant_id: int,
        customer_id: int,
        brand: object,
        model: object,
        year: object = None,
        engine: object = None,
        mye_id: object = None,
        plate: object = None,
        vin: object = None,
        now: datetime,
    ) -> Vehicle:
        """A vehicle: ``brand`` and ``model`` required; the engine as text or the catalog's ``mye_id``."""
        return cls(
            id=None,
            tenant_id=tenant_id,
            customer_id=customer_id,
            brand=require_text(brand, field="brand", max_len=60),
            model=require_text(model, field="model", max_len=60),
            year=parse_year(year),
            engine=optional_text(engine, field="engine", max_len=60),
            mye_id=parse_mye_id(mye_id),
            plate=parse_plate(plate),
            vin=parse_vin(vin),
            created_at=now,
        )
