"""The parts catalog (docs/catalog.md, docs/adr/0025-parts-catalog.md): reference tables keyed by load
generation, the full-text index of part names, and the index that finds a tenant's items by
``catalog_part_id``.

SQLite: an FTS5 table ``catalog_parts_fts`` with external content on ``catalog_parts`` (kept by insert
and delete triggers: a load never updates a name). PostgreSQL: a GIN index on the accent-folded
``to_tsvector('simple', name)``.

Revision ID: 0013
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACCENTED = "ÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇáàâäãéèêëíìîïóòôöõúùûüñç"
PLAIN = "AAAAAEEEEIIIIOOOOOUUUUNCaaaaaeeeeiiiiooooouuuunc"

SQLITE_UP = (
    """CREATE VIRTUAL TABLE catalog_parts_fts USING fts5(
        name, content='catalog_parts', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER catalog_parts_fts_insert AFTER INSERT ON catalog_parts BEGIN
        INSERT INTO catalog_parts_fts(rowid, name) VALUES (new.rowid, new.name);
    END""",
    """CREATE TRIGGER catalog_parts_fts_delete AFTER DELETE ON catalog_parts BEGIN
        INSERT INTO catalog_parts_fts(catalog_parts_fts, rowid, name) VALUES ('delete', old.rowid, old.name);
    END""",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS catalog_parts_fts_delete",
    "DROP TRIGGER IF EXISTS catalog_parts_fts_insert",
    "DROP TABLE IF EXISTS catalog_parts_fts",
)
POSTGRES_UP = (
    "CREATE INDEX ix_catalog_parts_name_search ON catalog_parts USING gin "
    f"(to_tsvector('simple'::regconfig, translate(name, '{ACCENTED}', '{PLAIN}')))",
)
POSTGRES_DOWN = ("DROP INDEX IF EXISTS ix_catalog_parts_name_search",)


def _generation() -> sa.Column[int]:
    return sa.Column("generation", sa.Integer(), nullable=False)


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.BigInteger(), nullable=False)


def _big(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger(), nullable=nullable)


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("generation", *columns, name=op.f(f"pk_{table}"))


def _no_rowid() -> dict[str, bool]:
    return {"sqlite_with_rowid": False} if op.get_bind().dialect.name == "sqlite" else {}


def upgrade() -> None:
    op.create_table(
        "catalog_generations",
        sa.Column("id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("rows", sa.BigInteger(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_generations")),
        sa.CheckConstraint("status IN ('loading', 'current', 'retired')", name=op.f("ck_catalog_generations_status")),
    )
    op.create_table(
        "catalog_vehicle_brands",
        _generation(),
        _id(),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("part_count", sa.BigInteger(), nullable=False, server_default="0"),
        _pk("catalog_vehicle_brands", "id"),
    )
    op.create_table(
        "catalog_models",
        _generation(),
        _id(),
        _big("brand_id"),
        sa.Column("name", sa.String(120), nullable=False),
        _pk("catalog_models", "id"),
    )
    op.create_index("ix_catalog_models_generation_brand_id", "catalog_models", ["generation", "brand_id"])
    op.create_table(
        "catalog_years",
        _generation(),
        _id(),
        sa.Column("year", sa.Integer(), nullable=False),
        _pk("catalog_years", "id"),
    )
    op.create_table(
        "catalog_engines",
        _generation(),
        _id(),
        sa.Column("code", sa.String(40)),
        sa.Column("name", sa.String(120), nullable=False),
        _pk("catalog_engines", "id"),
    )
    op.create_table(
        "catalog_vehicles",
        _generation(),
        _id(),
        _big("model_id"),
        _big("year_id"),
        _big("engine_id"),
        _pk("catalog_vehicles", "id"),
    )
    op.create_index(
        "ix_catalog_vehicles_generation_model_id_year_id", "catalog_vehicles", ["generation", "model_id", "year_id"]
    )
    op.create_table(
        "catalog_categories",
        _generation(),
        _id(),
        sa.Column("name", sa.String(120), nullable=False),
        _pk("catalog_categories", "id"),
    )
    op.create_table(
        "catalog_groups",
        _generation(),
        _id(),
        _big("category_id"),
        sa.Column("name", sa.String(120), nullable=False),
        _pk("catalog_groups", "id"),
    )
    op.create_table(
        "catalog_parts",
        _generation(),
        _id(),
        sa.Column("manufacturer", sa.String(80), nullable=False),
        sa.Column("part_number", sa.String(60), nullable=False),
        sa.Column("number_key", sa.String(60), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("is_oe", sa.Boolean(), nullable=False),
        sa.Column("attributes", sa.String(1000)),
        _pk("catalog_parts", "id"),
    )
    op.create_index("ix_catalog_parts_generation_number_key", "catalog_parts", ["generation", "number_key"])
    op.create_table(
        "catalog_fitments",
        _generation(),
        _big("mye_id"),
        _big("group_id"),
        _big("part_id"),
        _pk("catalog_fitments", "mye_id", "group_id", "part_id"),
        **_no_rowid(),
    )
    op.create_table(
        "catalog_cross_refs",
        _generation(),
        _big("part_id"),
        _big("other_part_id"),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("direction", sa.String(10), nullable=False),
        _pk("catalog_cross_refs", "part_id", "other_part_id"),
        sa.CheckConstraint("source IN ('oe', 'supplier', 'user')", name=op.f("ck_catalog_cross_refs_source")),
        sa.CheckConstraint("direction IN ('both', 'forward')", name=op.f("ck_catalog_cross_refs_direction")),
        **_no_rowid(),
    )
    op.create_index(
        "ix_catalog_cross_refs_generation_other_part_id", "catalog_cross_refs", ["generation", "other_part_id"]
    )
    op.create_table(
        "catalog_interchange",
        _generation(),
        _big("part_id"),
        _big("group_id"),
        _pk("catalog_interchange", "part_id"),
        **_no_rowid(),
    )
    op.create_index("ix_catalog_interchange_generation_group_id", "catalog_interchange", ["generation", "group_id"])
    op.create_index("ix_items_tenant_id_catalog_part_id", "items", ["tenant_id", "catalog_part_id"])
    for statement in SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    for statement in SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)
    op.drop_index("ix_items_tenant_id_catalog_part_id", table_name="items")
    for table in (
        "catalog_interchange",
        "catalog_cross_refs",
        "catalog_fitments",
        "catalog_parts",
        "catalog_groups",
        "catalog_categories",
        "catalog_vehicles",
        "catalog_engines",
        "catalog_years",
        "catalog_models",
        "catalog_vehicle_brands",
        "catalog_generations",
    ):
        op.drop_table(table)
