"""The words of the catalog's full-text index, so a search by words costs what its first page costs
(docs/catalog.md#search, ADR 25).

An FTS5 prefix query (``"balata"*``) merges the whole doclist of every term with that prefix before
it can return its first row: its cost grows with the number of names holding the word. A query of
exact terms (``"balatas"``) is read lazily, newest rowid first, and stops at the ``LIMIT``. So on
SQLite each word is first expanded into the index's terms that begin with it, read from
``catalog_parts_fts_terms`` (one row per term of ``catalog_parts_fts``, a few hundred: rebuilt when a
load is published and by migration 0023), and the query asks for any of them:
``("balata" OR "balatas") AND ("delantera" OR "delanteras")``. The same rows match.

A word that is not plain ASCII letters and digits once accents are folded (``straße``, ``a_b``), or
that begins more than :data:`MAX_TERMS` terms, stays a prefix query: FTS5 then tokenizes it itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import Connection, text

from nexus_adapters.persistence.inventory_search import ACCENTED, PLAIN, fold_accents

# The newest hits first: on SQLite the full-text index walks rowids backwards and stops at the limit,
# and a new load's rows have the highest rowids (rows are loaded in file order, so also by id
# descending, as PostgreSQL orders them).
SQLITE_WORDS = text(
    "SELECT p.generation, p.id, p.manufacturer, p.part_number, p.number_key, p.name, p.is_oe, p.attributes "
    "FROM catalog_parts_fts f JOIN catalog_parts p ON p.rowid = f.rowid "
    "WHERE catalog_parts_fts MATCH :match AND p.generation = :g ORDER BY f.rowid DESC LIMIT :limit"
)
POSTGRES_WORDS = text(
    "SELECT generation, id, manufacturer, part_number, number_key, name, is_oe, attributes FROM catalog_parts "
    f"WHERE to_tsvector('simple'::regconfig, translate(name, '{ACCENTED}', '{PLAIN}')) "
    "@@ to_tsquery('simple'::regconfig, :tsq) AND generation = :g ORDER BY id DESC LIMIT :limit"
)


TERMS_TABLE = "catalog_parts_fts_terms"
MAX_TERMS = 64
_PLAIN = re.compile(r"[a-z0-9]+")
# Rebuilt from the index's own vocabulary (a temporary fts5vocab table), so a term is spelled exactly
# as the tokenizer spells it. The vocabulary may hold words of a replaced load still in the index: a
# term with no current row only costs an empty doclist.
REFRESH = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.catalog_parts_fts_vocab USING fts5vocab(main, catalog_parts_fts, row)",
    f"DELETE FROM {TERMS_TABLE}",
    f"INSERT INTO {TERMS_TABLE} (term) SELECT term FROM temp.catalog_parts_fts_vocab",
    "DROP TABLE temp.catalog_parts_fts_vocab",
)
_STARTING = text(f"SELECT term FROM {TERMS_TABLE} WHERE term >= :lo AND term < :hi ORDER BY term LIMIT :limit")


def refresh_terms(conn: Connection) -> None:
    """Rebuild the term list from the full-text index (SQLite; nothing to do on PostgreSQL)."""
    if conn.dialect.name == "sqlite":
        for statement in REFRESH:
            conn.exec_driver_sql(statement)


def _quoted(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


def expanded_match(conn: Connection, words: Sequence[str]) -> str:
    """The FTS5 ``MATCH`` text for ``words``: each word the exact terms it begins (or a prefix query)."""
    clauses = []
    for word in words:
        plain = fold_accents(word).lower()
        if not _PLAIN.fullmatch(plain):
            clauses.append(_quoted(word) + "*")
            continue
        rows = conn.execute(_STARTING, {"lo": plain, "hi": plain + "\U0010ffff", "limit": MAX_TERMS + 1})
        terms = [r.term for r in rows]
        if len(terms) > MAX_TERMS:
            clauses.append(_quoted(plain) + "*")
        elif not terms:
            return ""
        else:
            clauses.append("(" + " OR ".join(_quoted(t) for t in terms) + ")")
    return " AND ".join(clauses)
