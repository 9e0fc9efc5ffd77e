"""Inventory items (productos) and their categories, tenant-level; stock lives per branch
(:mod:`nexus_core.domain.stock`).

An item's ``cost`` is its weighted average unit cost and ``stock_value`` the value of all its units
on hand in every branch (docs/adr/0019-stock-engine.md); both change only through stock movements.
Part numbers are compared by :func:`part_number_key` (case, spaces, dashes and dots ignored), so
``04465-02220``, ``0446502220`` and ``04465 02220`` are one part. Generated barcodes are EAN-13
with the ``750`` prefix (GS1 Mexico) by default.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

import attrs

from nexus_core.domain.money import MAX_QUANTITY, ZERO, money_strict, parse_decimal, quantity
from nexus_core.domain.text import normalize_identifier, optional_text, require_text
from nexus_core.errors import InvalidInput

DEFAULT_BARCODE_PREFIX = "750"
DEFAULT_UNIT = "PZA"
DEFAULT_TAX_RATE = Decimal("0.16")
QTY_ZERO = Decimal("0.000")

_PART_NUMBER_IGNORED = re.compile(r"[\s.\-]+")
_BARCODE = re.compile(r"^[A-Za-z0-9.\-]{1,32}$")
_UNIT = re.compile(r"^[A-Z0-9.]{1,10}$")
_URL = re.compile(r"^https?://[^\s]{1,490}$")
_MAX_CATALOG_ID = 2**53


def part_number_key(part_number: str) -> str:
    """The part number as compared and searched: upper case, without spaces, dashes or dots."""
    return _PART_NUMBER_IGNORED.sub("", part_number).upper()


def ean13_check_digit(first12: str) -> int:
    """The GS1 check digit of 12 digits: weights 1, 3, 1, 3 ... from the left."""
    if len(first12) != 12 or not first12.isascii() or not first12.isdigit():
        raise ValueError("an EAN-13 body is exactly 12 ASCII digits")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def is_valid_ean13(code: str) -> bool:
    return len(code) == 13 and code.isascii() and code.isdigit() and ean13_check_digit(code[:12]) == int(code[12])


def ean13(serial: int, prefix: str = DEFAULT_BARCODE_PREFIX) -> str:
    """The EAN-13 code ``prefix`` + ``serial`` (zero-padded) + check digit."""
    width = 12 - len(prefix)
    if not prefix.isdigit() or width < 1 or not 0 <= serial < 10**width:
        raise ValueError(f"serial {serial} does not fit after prefix {prefix!r}")
    body = f"{prefix}{serial:0{width}d}"
    return body + str(ean13_check_digit(body))


def parse_barcode(value: object, *, field: str = "barcode") -> str | None:
    """A barcode as given (EAN, UPC, Code 128 ...); 13 digits must carry a valid EAN-13 check digit."""
    text = normalize_identifier(value) if value is not None else None
    if value is not None and text is None:
        raise InvalidInput(f"{field} must be a string", field=field)
    if not text:
        return None
    if not _BARCODE.match(text):
        raise InvalidInput(f"{field} must be 1-32 letters, digits, dots or dashes", field=field)
    if len(text) == 13 and text.isdigit() and not is_valid_ean13(text):
        raise InvalidInput(f"{field} {text} has a wrong EAN-13 check digit", field=field)
    return text


def parse_part_number(value: object, *, field: str = "part_number") -> str | None:
    text = normalize_identifier(value) if value is not None else None
    if value is not None and text is None:
        raise InvalidInput(f"{field} must be a string", field=field)
    if not text:
        return None
    if len(text) > 60:
        raise InvalidInput(f"{field} must be at most 60 characters", field=field)
    if not part_number_key(text):
        raise InvalidInput(f"{field} must contain letters or digits", field=field)
    return text


def parse_price(value: object, *, field: str) -> Decimal:
    amount = money_strict(value, field=field)
    if amount < 0:
        raise InvalidInput(f"{field} must not be negative", field=field)
    return amount


def parse_tax_rate(value: object, *, field: str = "tax_rate") -> Decimal:
    """A rate as a fraction (0.16), at most 4 decimals, between 0 and 1."""
    rate = parse_decimal(value, field=field)
    if not ZERO <= rate <= 1:
        raise InvalidInput(f"{field} must be between 0 and 1 (0.16 is 16%)", field=field)
    if rate != rate.quantize(Decimal("0.0001")):
        raise InvalidInput(f"{field} must have at most 4 decimals", field=field)
    return rate.quantize(Decimal("0.0001"))


def parse_stock_level(value: object, *, field: str) -> Decimal:
    level = quantity(value, field=field)
    if level < 0:
        raise InvalidInput(f"{field} must not be negative", field=field)
    return level


def parse_unit(value: object, *, field: str = "unit") -> str:
    if value is None:
        return DEFAULT_UNIT
    text = require_text(value, field=field, max_len=10).upper()
    if not _UNIT.match(text):
        raise InvalidInput(f"{field} must be 1-10 letters or digits such as PZA, KG, LT", field=field)
    return text


def parse_image_url(value: object, *, field: str = "image_url") -> str | None:
    text = optional_text(value, field=field, max_len=500)
    if text is not None and not _URL.match(text):
        raise InvalidInput(f"{field} must be an http(s) URL", field=field)
    return text


def parse_optional_id(value: object, *, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < _MAX_CATALOG_ID:
        raise InvalidInput(f"{field} must be a positive integer", field=field)
    return value


@attrs.define(eq=False)
class Category:
    id: int | None
    tenant_id: int
    name: str

    @classmethod
    def create(cls, *, tenant_id: int, name: object) -> Category:
        return cls(id=None, tenant_id=tenant_id, name=require_text(name, field="name", max_len=100))


# The fields a client may set, with their parsers; ``branch_id`` and ``category_id`` are checked
# against the tenant's rows by the use case.
_PARSERS = {
    "part_number": parse_part_number,
    "barcode": parse_barcode,
    "name": lambda v, field: require_text(v, field=field, max_len=200),
    "description": lambda v, field: optional_text(v, field=field, max_len=2000),
    "branch_id": lambda v, field: parse_optional_id(v, field=field),
    "category_id": lambda v, field: parse_optional_id(v, field=field),
    "brand": lambda v, field: optional_text(v, field=field, max_len=80),
    "unit": parse_unit,
    "price_1": parse_price,
    "price_2": parse_price,
    "price_3": parse_price,
    "tax_rate": parse_tax_rate,
    "min_stock": parse_stock_level,
    "max_stock": lambda v, field: None if v is None else parse_stock_level(v, field=field),
    "location": lambda v, field: optional_text(v, field=field, max_len=40),
    "image_url": parse_image_url,
    "catalog_part_id": lambda v, field: parse_optional_id(v, field=field),
    "is_active": lambda v, field: _parse_bool(v, field),
}
EDITABLE_FIELDS = frozenset(_PARSERS)


def _parse_bool(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(f"{field} must be true or false", field=field)
    return value


def parse_item_fields(changes: Mapping[str, object]) -> dict[str, object]:
    """Every given field parsed (an unknown name is a programming error); nothing is applied."""
    parsed: dict[str, object] = {}
    for name, value in changes.items():
        if name not in _PARSERS:
            raise ValueError(f"unknown item field {name!r}")
        parsed[name] = _PARSERS[name](value, field=name)  # type: ignore[operator]
    if parsed.get("branch_id", 1) is None:
        raise InvalidInput("branch_id is required", field="branch_id")
    if "name" in parsed and parsed["name"] is None:
        raise InvalidInput("name is required", field="name")
    return parsed


@attrs.define(eq=False)
class Item:
    """A product of the tenant. ``branch_id`` is its home branch (where ``stock`` is read when no
    branch is asked); ``cost`` and ``stock_value`` are kept by the stock engine."""

    id: int | None
    tenant_id: int
    part_number: str | None
    barcode: str
    name: str
    description: str | None
    branch_id: int
    category_id: int | None
    brand: str | None
    unit: str
    cost: Decimal
    price_1: Decimal
    price_2: Decimal
    price_3: Decimal
    tax_rate: Decimal
    min_stock: Decimal
    max_stock: Decimal | None
    location: str | None
    image_url: str | None
    catalog_part_id: int | None
    is_active: bool
    created_at: datetime
    updated_at: datetime
    stock_value: Decimal = ZERO

    @property
    def part_number_key(self) -> str | None:
        return None if self.part_number is None else part_number_key(self.part_number)

    @classmethod
    def create(cls, *, tenant_id: int, fields: Mapping[str, object], barcode: str, cost: object, now: datetime) -> Item:
        """A new item from client fields (``name`` and ``branch_id`` required); ``barcode`` is the
        one given or generated; ``cost`` the initial unit cost (the average until stock arrives)."""
        parsed = parse_item_fields(fields)
        for required in ("name", "branch_id"):
            if parsed.get(required) is None:
                raise InvalidInput(f"{required} is required", field=required)
        unit_cost = parse_price(ZERO if cost is None else cost, field="cost")
        max_stock = parsed.get("max_stock")
        min_stock = parsed.get("min_stock", QTY_ZERO)
        item = cls(
            id=None,
            tenant_id=tenant_id,
            part_number=parsed.get("part_number"),  # type: ignore[arg-type]
            barcode=parse_barcode(barcode) or "",
            name=parsed["name"],  # type: ignore[arg-type]
            description=parsed.get("description"),  # type: ignore[arg-type]
            branch_id=parsed["branch_id"],  # type: ignore[arg-type]
            category_id=parsed.get("category_id"),  # type: ignore[arg-type]
            brand=parsed.get("brand"),  # type: ignore[arg-type]
            unit=parsed.get("unit", DEFAULT_UNIT),  # type: ignore[arg-type]
            cost=unit_cost,
            price_1=parsed.get("price_1", ZERO),  # type: ignore[arg-type]
            price_2=parsed.get("price_2", ZERO),  # type: ignore[arg-type]
            price_3=parsed.get("price_3", ZERO),  # type: ignore[arg-type]
            tax_rate=parsed.get("tax_rate", DEFAULT_TAX_RATE),  # type: ignore[arg-type]
            min_stock=min_stock,  # type: ignore[arg-type]
            max_stock=max_stock,  # type: ignore[arg-type]
            location=parsed.get("location"),  # type: ignore[arg-type]
            image_url=parsed.get("image_url"),  # type: ignore[arg-type]
            catalog_part_id=parsed.get("catalog_part_id"),  # type: ignore[arg-type]
            is_active=parsed.get("is_active", True),  # type: ignore[arg-type]
            created_at=now,
            updated_at=now,
        )
        if not item.barcode:
            raise InvalidInput("barcode is required", field="barcode")
        item.check_levels()
        return item

    def apply(self, changes: Mapping[str, object], *, now: datetime) -> set[str]:
        """Apply a partial update: every field is judged before any changes; returns the changed names."""
        parsed = parse_item_fields(changes)
        if "barcode" in parsed and parsed["barcode"] is None:
            raise InvalidInput("barcode cannot be removed", field="barcode")
        candidate = attrs.evolve(self, **parsed)  # type: ignore[arg-type]
        candidate.check_levels()
        changed = {name for name, value in parsed.items() if getattr(self, name) != value}
        for name in changed:
            setattr(self, name, parsed[name])
        if changed:
            self.updated_at = now
        return changed

    def check_levels(self) -> None:
        if self.max_stock is not None and self.max_stock < self.min_stock:
            raise InvalidInput(
                f"max_stock {self.max_stock} must not be below min_stock {self.min_stock}", field="max_stock"
            )
        if self.min_stock > MAX_QUANTITY:
            raise InvalidInput(f"min_stock must be at most {MAX_QUANTITY:,}", field="min_stock")
