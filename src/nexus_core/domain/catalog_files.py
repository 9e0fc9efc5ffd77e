"""The catalog's file layout (docs/catalog.md#files): one CSV file per table, loaded in this order, each
row checked here before it is written: its type, its limits, and every id it points at (which must be
in a file loaded before it). A bad row is named by file, line and column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Set
from typing import Any

import attrs

from nexus_core.domain.catalog import CrossSource, Direction, normalize_part_number
from nexus_core.errors import InvalidInput

MAX_ID = 2**62
MAX_TEXT = 200


class CatalogRowError(InvalidInput):
    """A row of a catalog file that cannot be loaded: ``file:line: column: why``."""

    def __init__(self, file: str, line: int, column: str, why: str) -> None:
        super().__init__(f"{file}: line {line}, column {column}: {why}", field=column)
        self.file, self.line, self.column, self.why = file, line, column, why


Parse = Callable[[str], Any]


def _id(text: str) -> int:
    t = text.strip()
    if not t.isascii() or not t.isdigit():
        raise ValueError("must be a positive integer id")
    value = int(t)
    if not 0 < value < MAX_ID:
        raise ValueError("must be a positive integer id")
    return value


def _text(limit: int = MAX_TEXT) -> Parse:
    def parse(text: str) -> str:
        t = text.strip()
        if not t:
            raise ValueError("must not be empty")
        if len(t) > limit:
            raise ValueError(f"must be at most {limit} characters")
        return t

    return parse


def _optional_text(limit: int) -> Parse:
    def parse(text: str) -> str | None:
        t = text.strip()
        if len(t) > limit:
            raise ValueError(f"must be at most {limit} characters")
        return t or None

    return parse


def _year(text: str) -> int:
    t = text.strip()
    if not (t.isascii() and t.isdigit() and 1900 <= int(t) <= 2100):
        raise ValueError("must be a year between 1900 and 2100")
    return int(t)


_BOOLS = {"1": True, "0": False, "true": True, "false": False, "": False}


def _bool(text: str) -> bool:
    value = _BOOLS.get(text.strip().lower())
    if value is None:
        raise ValueError("must be 1, 0, true or false")
    return value


def _choice(values: Sequence[str], default: str | None = None) -> Parse:
    def parse(text: str) -> str:
        t = text.strip().lower() or (default or "")
        if t not in values:
            raise ValueError("must be one of: " + ", ".join(values))
        return t

    return parse


def _attributes(text: str) -> str | None:
    """``key=value;key=value`` (``Posicion=Delantera;Material=Ceramica``), kept as written."""
    t = text.strip()
    if not t:
        return None
    if len(t) > 1000:
        raise ValueError("must be at most 1000 characters")
    for pair in t.split(";"):
        key, sep, _ = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError("must be key=value pairs separated by ';'")
    return t


@attrs.frozen
class Column:
    name: str
    parse: Parse
    ref: str | None = None  # the file whose ids this column points at
    required: bool = True


@attrs.frozen
class CatalogFile:
    """One table's file: its name, its columns; ``key`` says which column is the row's id (if any)."""

    name: str
    table: str
    columns: tuple[Column, ...]
    key: str | None = "id"

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def header_problem(self, header: Sequence[str] | None) -> str | None:
        if not header:
            return "the file is empty: its first line must name the columns"
        known = {c.name for c in self.columns}
        unknown = [h for h in header if h not in known]
        if unknown:
            return f"unknown column(s) {', '.join(unknown)}; the columns are: {', '.join(sorted(known))}"
        missing = [c.name for c in self.columns if c.required and c.name not in header]
        if missing:
            return f"missing column(s) {', '.join(missing)}"
        return None


_SOURCES = tuple(s.value for s in CrossSource)
_DIRECTIONS = tuple(d.value for d in Direction)

FILES: tuple[CatalogFile, ...] = (
    CatalogFile("vehicle_brands", "catalog_vehicle_brands", (Column("id", _id), Column("name", _text(80)))),
    CatalogFile(
        "vehicle_models",
        "catalog_models",
        (Column("id", _id), Column("brand_id", _id, ref="vehicle_brands"), Column("name", _text(120))),
    ),
    CatalogFile("vehicle_years", "catalog_years", (Column("id", _id), Column("year", _year))),
    CatalogFile(
        "engines",
        "catalog_engines",
        (Column("id", _id), Column("code", _optional_text(40), required=False), Column("name", _text(120))),
    ),
    CatalogFile(
        "vehicles",
        "catalog_vehicles",
        (
            Column("id", _id),
            Column("model_id", _id, ref="vehicle_models"),
            Column("year_id", _id, ref="vehicle_years"),
            Column("engine_id", _id, ref="engines"),
        ),
    ),
    CatalogFile("part_categories", "catalog_categories", (Column("id", _id), Column("name", _text(120)))),
    CatalogFile(
        "part_groups",
        "catalog_groups",
        (Column("id", _id), Column("category_id", _id, ref="part_categories"), Column("name", _text(120))),
    ),
    CatalogFile(
        "parts",
        "catalog_parts",
        (
            Column("id", _id),
            Column("manufacturer", _text(80)),
            Column("part_number", _text(60)),
            Column("name", _text(200)),
            Column("is_oe", _bool, required=False),
            Column("attributes", _attributes, required=False),
        ),
    ),
    CatalogFile(
        "fitments",
        "catalog_fitments",
        (
            Column("part_id", _id, ref="parts"),
            Column("vehicle_id", _id, ref="vehicles"),
            Column("group_id", _id, ref="part_groups"),
        ),
        key=None,
    ),
    CatalogFile(
        "cross_references",
        "catalog_cross_refs",
        (
            Column("part_id", _id, ref="parts"),
            Column("other_part_id", _id, ref="parts"),
            Column("source", _choice(_SOURCES)),
            Column("direction", _choice(_DIRECTIONS, default="both"), required=False),
        ),
        key=None,
    ),
)

BY_NAME = {f.name: f for f in FILES}


def parse_row(
    spec: CatalogFile, line: int, values: Mapping[str, str | None], known: Mapping[str, Set[int]]
) -> dict[str, Any]:
    """The row as column -> value, or :class:`CatalogRowError` naming the first bad column. ``known``
    holds the ids of the files loaded before (and of this file's rows so far, to refuse repeats)."""
    row: dict[str, Any] = {}
    for col in spec.columns:
        raw = values.get(col.name)
        if raw is None:
            if col.required:
                raise CatalogRowError(spec.filename, line, col.name, "is missing (the line is too short)")
            raw = ""
        try:
            value = col.parse(raw)
        except ValueError as error:
            raise CatalogRowError(spec.filename, line, col.name, str(error)) from None
        if col.ref is not None and value not in known.get(col.ref, ()):
            raise CatalogRowError(spec.filename, line, col.name, f"{value} is not an id of {col.ref}.csv")
        row[col.name] = value
    if spec.key is not None and row[spec.key] in known.get(spec.name, ()):
        raise CatalogRowError(spec.filename, line, spec.key, f"id {row[spec.key]} appears twice")
    if spec.name == "parts":
        key = normalize_part_number(row["part_number"])
        if not key:
            raise CatalogRowError(spec.filename, line, "part_number", "has no letters or digits")
        row["number_key"] = key
    if spec.name == "cross_references" and row["part_id"] == row["other_part_id"]:
        raise CatalogRowError(spec.filename, line, "other_part_id", "a part cannot cross-reference itself")
    return row
