"""The term list of the catalog's full-text index (SQLite only), so a search by words reads exact
terms lazily instead of merging whole prefix doclists (docs/catalog.md#search, ADR 25).

``catalog_parts_fts_terms``: one row per term of ``catalog_parts_fts``, filled here from the index's
vocabulary and rebuilt by every catalog import when it publishes. Reference data, not tenant-owned;
outside the metadata like the FTS5 table itself. PostgreSQL: nothing.

Revision ID: 0023
Revises: 0017
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = (
    "CREATE TABLE catalog_parts_fts_terms (term TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID",
    "CREATE VIRTUAL TABLE temp.catalog_parts_fts_vocab USING fts5vocab(main, catalog_parts_fts, row)",
    "INSERT INTO catalog_parts_fts_terms (term) SELECT term FROM temp.catalog_parts_fts_vocab",
    "DROP TABLE temp.catalog_parts_fts_vocab",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS catalog_parts_fts_terms")
