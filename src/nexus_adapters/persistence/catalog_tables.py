"""The parts catalog's tables (docs/catalog.md, docs/adr/0025-parts-catalog.md), on the same ``metadata``.

Installation-wide reference data (``info=REFERENCE``: one copy on every Citus node), never written by
the tenant API. Every row belongs to a *generation* (one complete load): ``nexus catalog import`` writes
a new generation beside the current one and then switches ``catalog_generations.status`` in one short
transaction, so readers always see one whole load. Ids are the source files' own, stable across loads
(tenants' items point at parts by ``catalog_part_id``).

References inside a generation are checked by the importer (every id must be in a file loaded before);
there are no foreign keys, which would cost a lookup per row on the 2 million fitment links.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Column, Index, Integer, PrimaryKeyConstraint, String, Table

from nexus_adapters.persistence.inventory_tables import items
from nexus_adapters.persistence.tables import REFERENCE, metadata
from nexus_adapters.persistence.types import UtcDateTime

GENERATION_STATUSES = ("loading", "current", "retired")


def _generation() -> Column[int]:
    return Column("generation", Integer(), nullable=False)


def _id() -> Column[int]:
    return Column("id", BigInteger(), nullable=False)


catalog_generations = Table(
    "catalog_generations",
    metadata,
    Column("id", Integer(), primary_key=True, autoincrement=False),
    Column("status", String(10), nullable=False),
    Column("source", String(500), nullable=False),
    Column("started_at", UtcDateTime(), nullable=False),
    Column("published_at", UtcDateTime()),
    Column("rows", BigInteger(), nullable=False, server_default="0"),
    CheckConstraint("status IN ('loading', 'current', 'retired')", name="status"),
    info=REFERENCE,
)

catalog_vehicle_brands = Table(
    "catalog_vehicle_brands",
    metadata,
    _generation(),
    _id(),
    Column("name", String(80), nullable=False),
    Column("part_count", BigInteger(), nullable=False, server_default="0"),  # computed when a load ends
    PrimaryKeyConstraint("generation", "id"),
    info=REFERENCE,
)

catalog_models = Table(
    "catalog_models",
    metadata,
    _generation(),
    _id(),
    Column("brand_id", BigInteger(), nullable=False),
    Column("name", String(120), nullable=False),
    PrimaryKeyConstraint("generation", "id"),
    Index("ix_catalog_models_generation_brand_id", "generation", "brand_id"),
    info=REFERENCE,
)

catalog_years = Table(
    "catalog_years",
    metadata,
    _generation(),
    _id(),
    Column("year", Integer(), nullable=False),
    PrimaryKeyConstraint("generation", "id"),
    info=REFERENCE,
)

catalog_engines = Table(
    "catalog_engines",
    metadata,
    _generation(),
    _id(),
    Column("code", String(40)),
    Column("name", String(120), nullable=False),
    PrimaryKeyConstraint("generation", "id"),
    info=REFERENCE,
)

# A model-year-engine ("mye"): the vehicle parts fit.
catalog_vehicles = Table(
    "catalog_vehicles",
    metadata,
    _generation(),
    _id(),
    Column("model_id", BigInteger(), nullable=False),
    Column("year_id", BigInteger(), nullable=False),
    Column("engine_id", BigInteger(), nullable=False),
    PrimaryKeyConstraint("generation", "id"),
    Index("ix_catalog_vehicles_generation_model_id_year_id", "generation", "model_id", "year_id"),
    info=REFERENCE,
)

catalog_categories = Table(
    "catalog_categories",
    metadata,
    _generation(),
    _id(),
    Column("name", String(120), nullable=False),
    PrimaryKeyConstraint("generation", "id"),
    info=REFERENCE,
)

catalog_groups = Table(
    "catalog_groups",
    metadata,
    _generation(),
    _id(),
    Column("category_id", BigInteger(), nullable=False),
    Column("name", String(120), nullable=False),
    PrimaryKeyConstraint("generation", "id"),
    info=REFERENCE,
)

catalog_parts = Table(
    "catalog_parts",
    metadata,
    _generation(),
    _id(),
    Column("manufacturer", String(80), nullable=False),
    Column("part_number", String(60), nullable=False),
    Column("number_key", String(60), nullable=False),  # normalize_part_number(part_number)
    Column("name", String(200), nullable=False),
    Column("is_oe", Boolean(), nullable=False),
    Column("attributes", String(1000)),
    PrimaryKeyConstraint("generation", "id"),
    Index("ix_catalog_parts_generation_number_key", "generation", "number_key"),
    info=REFERENCE,
)

# Which parts of which group fit which vehicle: the big table (~10 links per part).
catalog_fitments = Table(
    "catalog_fitments",
    metadata,
    _generation(),
    Column("mye_id", BigInteger(), nullable=False),
    Column("group_id", BigInteger(), nullable=False),
    Column("part_id", BigInteger(), nullable=False),
    PrimaryKeyConstraint("generation", "mye_id", "group_id", "part_id"),
    sqlite_with_rowid=False,
    info=REFERENCE,
)

catalog_cross_refs = Table(
    "catalog_cross_refs",
    metadata,
    _generation(),
    Column("part_id", BigInteger(), nullable=False),
    Column("other_part_id", BigInteger(), nullable=False),
    Column("source", String(10), nullable=False),
    Column("direction", String(10), nullable=False),
    PrimaryKeyConstraint("generation", "part_id", "other_part_id"),
    Index("ix_catalog_cross_refs_generation_other_part_id", "generation", "other_part_id"),
    CheckConstraint("source IN ('oe', 'supplier', 'user')", name="source"),
    CheckConstraint("direction IN ('both', 'forward')", name="direction"),
    sqlite_with_rowid=False,
    info=REFERENCE,
)

# Interchange groups (union-find over the cross-references, computed when a load ends): only parts
# with at least one cross-reference have a row.
catalog_interchange = Table(
    "catalog_interchange",
    metadata,
    _generation(),
    Column("part_id", BigInteger(), nullable=False),
    Column("group_id", BigInteger(), nullable=False),
    PrimaryKeyConstraint("generation", "part_id"),
    Index("ix_catalog_interchange_generation_group_id", "generation", "group_id"),
    sqlite_with_rowid=False,
    info=REFERENCE,
)

# The tenant's items carrying a catalog part, found for a page of parts in one query.
ITEMS_BY_CATALOG_PART = Index("ix_items_tenant_id_catalog_part_id", items.c.tenant_id, items.c.catalog_part_id)

# Loaded in this order, deleted in the reverse.
GENERATION_TABLES = (
    catalog_vehicle_brands,
    catalog_models,
    catalog_years,
    catalog_engines,
    catalog_vehicles,
    catalog_categories,
    catalog_groups,
    catalog_parts,
    catalog_fitments,
    catalog_cross_refs,
    catalog_interchange,
)
