"""Item search: ``items_fts`` with prefix indexes (docs/inventory.md#search, ADR 37).

SQLite only (PostgreSQL unchanged). Every word of a search is a prefix (``"fren"*``); without a prefix
index FTS5 loads the whole doclist of every term beginning with it before intersecting, so a common
word cost what its hits cost. ``prefix='2 3 4 5 6 7 8 9 10'`` keeps an index of the first 2-10 characters
of every token: a prefix query of up to 10 characters reads one doclist. Same column, same external
content on ``items``, same triggers (they write through the virtual table, so they keep working
with the new definition); the index is repopulated with ``'rebuild'``. Frozen SQL.

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CREATE = """CREATE VIRTUAL TABLE items_fts USING fts5(
        name, content='items', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'{prefix}
    )"""
_TRIGGERS = (
    """CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
        INSERT INTO items_fts(rowid, name) VALUES (new.rowid, new.name);
    END""",
    """CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
        INSERT INTO items_fts(items_fts, rowid, name) VALUES ('delete', old.rowid, old.name);
    END""",
    """CREATE TRIGGER items_fts_update AFTER UPDATE OF name ON items BEGIN
        INSERT INTO items_fts(items_fts, rowid, name) VALUES ('delete', old.rowid, old.name);
        INSERT INTO items_fts(rowid, name) VALUES (new.rowid, new.name);
    END""",
)
_DROP = (
    "DROP TRIGGER IF EXISTS items_fts_update",
    "DROP TRIGGER IF EXISTS items_fts_delete",
    "DROP TRIGGER IF EXISTS items_fts_insert",
    "DROP TABLE IF EXISTS items_fts",
)
_REBUILD = "INSERT INTO items_fts(items_fts) VALUES ('rebuild')"


def _recreate(prefix: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in (*_DROP, _CREATE.format(prefix=prefix), *_TRIGGERS, _REBUILD):
        op.execute(statement)


def upgrade() -> None:
    _recreate(", prefix='2 3 4 5 6 7 8 9 10'")


def downgrade() -> None:
    _recreate("")  # the definition of migration 0007
