"""Inventory search: the full-text index of item names (docs/inventory.md#search).

SQLite: an FTS5 table with external content on ``items`` (no copy of the names beyond the index),
kept in sync by triggers, tokenizer ``unicode61`` with diacritics removed. PostgreSQL: a GIN index on
``to_tsvector('simple', name)``. Part numbers and barcodes already have their unique indexes
(``(tenant_id, part_number_key)``, ``(tenant_id, barcode)``, migration 0006). An index on movements by
``(tenant_id, item_id, business_date)`` makes an item's last movement one seek (no-movement report).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Both databases: an item's last movement is one index seek (the no-movement report).
ITEM_DAY_UP = "CREATE INDEX ix_stock_movements_item_day ON stock_movements (tenant_id, item_id, business_date)"
ITEM_DAY_DOWN = "DROP INDEX IF EXISTS ix_stock_movements_item_day"

SQLITE_UP = (
    """CREATE VIRTUAL TABLE items_fts USING fts5(
        name, content='items', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    )""",
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
    "INSERT INTO items_fts(items_fts) VALUES ('rebuild')",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS items_fts_update",
    "DROP TRIGGER IF EXISTS items_fts_delete",
    "DROP TRIGGER IF EXISTS items_fts_insert",
    "DROP TABLE IF EXISTS items_fts",
)
POSTGRES_UP = ("CREATE INDEX ix_items_name_search ON items USING gin (to_tsvector('simple'::regconfig, name))",)
POSTGRES_DOWN = ("DROP INDEX IF EXISTS ix_items_name_search",)


def _run(statements: Sequence[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    _run(SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP)
    op.execute(ITEM_DAY_UP)


def downgrade() -> None:
    op.execute(ITEM_DAY_DOWN)
    _run(SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN)
