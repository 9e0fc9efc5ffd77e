"""Loading the parts catalog from a directory of CSV files (docs/catalog.md#files, ADR 25).

The files are streamed: rows are checked (:func:`nexus_core.domain.catalog_files.parse_row`) and
written in batches, one transaction per file, into a new *generation* beside the published one.
Readers keep reading the published generation the whole time; when every file is in, the interchange
groups and the brands' part counts are computed and the new generation is published in one short
transaction. A bad row stops the import: its file's transaction rolls back (nothing of that file is
written), the files loaded before it are deleted, the error names the file, line and column, and the
published catalog stays as it was.
What memory holds: the ids of the files loaded so far (to check references) and the union-find of the
cross-references, never a file's rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
from sqlalchemy import Connection, Engine, text

from nexus_adapters.persistence.catalog_tables import GENERATION_TABLES, catalog_generations, catalog_interchange
from nexus_adapters.persistence.catalog_terms import refresh_terms
from nexus_core.domain.catalog import CrossLink, CrossSource, Direction, InterchangeGroups
from nexus_core.domain.catalog_files import FILES, CatalogFile, CatalogRowError, parse_row
from nexus_core.errors import InvalidInput

Progress = Callable[[str, int, int], None]  # (file, bytes read, file size)
BATCH = 5000
_MERGED = {"fitments"}  # a repeated fitment line is merged, not refused


@attrs.frozen
class ImportReport:
    generation: int
    files: dict[str, int]  # rows written per file
    groups: int  # parts in interchange groups
    replaced: int | None  # the generation it replaced

    @property
    def rows(self) -> int:
        return sum(self.files.values())


def _columns(spec: CatalogFile) -> list[str]:
    """The row's values as written (``number_key`` computed; a fitment's ``vehicle_id`` is ``mye_id``)."""
    cols = [c.name for c in spec.columns]
    if spec.name == "parts":
        cols.insert(3, "number_key")
    return cols


class _Writer:
    """Batches of rows into one table of one generation, in the connection's transaction: SQLite's
    ``executemany``, PostgreSQL's ``COPY`` (through a temporary table when repeats are merged)."""

    def __init__(
        self, conn: Connection, table: str, columns: Sequence[str], generation: int, *, merge: bool = False
    ) -> None:
        self.conn, self.generation = conn, generation
        self.columns = list(columns)
        cols = ", ".join(["generation", *("mye_id" if c == "vehicle_id" else c for c in columns)])
        self.sqlite = conn.dialect.name == "sqlite"
        self.finish_sql: str | None = None
        if self.sqlite:
            marks = ", ".join("?" for _ in range(len(self.columns) + 1))
            self.sql = f"{'INSERT OR IGNORE' if merge else 'INSERT'} INTO {table} ({cols}) VALUES ({marks})"
            return
        target = f"catalog_load_{table}" if merge else table
        if merge:
            conn.exec_driver_sql(f"CREATE TEMP TABLE {target} (LIKE {table}) ON COMMIT DROP")
            self.finish_sql = f"INSERT INTO {table} SELECT * FROM {target} ON CONFLICT DO NOTHING"
        self.copy_sql = f"COPY {target} ({cols}) FROM STDIN"

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        values = [(self.generation, *(r[c] for c in self.columns)) for r in rows]
        if self.sqlite:
            self.conn.exec_driver_sql(self.sql, values)  # type: ignore[arg-type]
            return
        cursor = self.conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(self.copy_sql) as copy:
            for v in values:
                copy.write_row(v)

    def finish(self) -> None:
        if not self.sqlite and self.finish_sql:
            self.conn.exec_driver_sql(self.finish_sql)


def _lines(raw: io.BufferedReader, filename: str) -> Iterator[str]:
    """The file's lines as text, decoded one by one so a bad byte is named by its line."""
    for n, line in enumerate(raw, start=1):
        try:
            yield line.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError:
            raise CatalogRowError(filename, n, "-", "is not UTF-8 text") from None


def _rows(path: Path, spec: CatalogFile, progress: Progress | None) -> Iterator[tuple[int, dict[str, str | None]]]:
    size = path.stat().st_size
    with path.open("rb") as raw:
        reader = csv.reader(_lines(raw, spec.filename))
        try:
            header = next(reader, None)
            problem = spec.header_problem(header)
            if problem or header is None:
                raise InvalidInput(f"{spec.filename}: line 1: {problem}", field=spec.name)
            header = [h.strip() for h in header]
            for n, values in enumerate(reader, start=1):
                if not values or (len(values) == 1 and not values[0].strip()):
                    continue
                if len(values) > len(header):
                    raise CatalogRowError(
                        spec.filename, reader.line_num, f"{len(header) + 1}", "more values than the header names"
                    )
                yield reader.line_num, dict(zip(header, values, strict=False))
                if progress is not None and n % BATCH == 0:
                    progress(spec.name, raw.tell(), size)
        except csv.Error as error:
            raise CatalogRowError(spec.filename, reader.line_num, "-", f"is not valid CSV ({error})") from None
    if progress is not None:
        progress(spec.name, size, size)


def published_generation(engine: Engine) -> int | None:
    g = catalog_generations.c
    with engine.connect() as conn:
        found = conn.execute(catalog_generations.select().with_only_columns(g.id).where(g.status == "current"))
        return found.scalar()


def _drop_generations(conn: Connection, ids: Sequence[int]) -> None:
    for g in ids:
        for table in reversed(GENERATION_TABLES):
            conn.execute(table.delete().where(table.c.generation == g))
        conn.execute(catalog_generations.delete().where(catalog_generations.c.id == g))


def _start(engine: Engine, source: str) -> int:
    """A new generation, after clearing what earlier loads left (failed loads, the retired one)."""
    g = catalog_generations.c
    with engine.begin() as conn:
        stale = list(conn.execute(catalog_generations.select().with_only_columns(g.id).where(g.status != "current")))
        _drop_generations(conn, [r.id for r in stale])
        new_id = int(conn.execute(text("SELECT COALESCE(MAX(id), 0) + 1 FROM catalog_generations")).scalar_one())
        now = datetime.now(UTC)
        conn.execute(catalog_generations.insert().values(id=new_id, status="loading", source=source, started_at=now))
    return new_id


_PART_COUNTS = text(
    "UPDATE catalog_vehicle_brands SET part_count = ("
    " SELECT COUNT(DISTINCT f.part_id) FROM catalog_models m"
    " JOIN catalog_vehicles v ON v.generation = m.generation AND v.model_id = m.id"
    " JOIN catalog_fitments f ON f.generation = v.generation AND f.mye_id = v.id"
    " WHERE m.generation = :g AND m.brand_id = catalog_vehicle_brands.id"
    ") WHERE generation = :g"
)


def _finish(engine: Engine, generation: int, groups: InterchangeGroups, rows: int) -> tuple[int, int | None]:
    members = 0
    with engine.begin() as conn:
        writer = _Writer(conn, catalog_interchange.name, ["part_id", "group_id"], generation)
        batch: list[dict[str, Any]] = []
        for part, group in groups.groups():
            batch.append({"part_id": part, "group_id": group})
            members += 1
            if len(batch) >= BATCH:
                writer.write(batch)
                batch = []
        if batch:
            writer.write(batch)
        conn.execute(_PART_COUNTS, {"g": generation})
        refresh_terms(conn)
    g = catalog_generations.c
    with engine.begin() as conn:
        old = conn.execute(catalog_generations.select().with_only_columns(g.id).where(g.status == "current")).scalar()
        conn.execute(catalog_generations.update().where(g.status == "current").values(status="retired"))
        conn.execute(
            catalog_generations.update()
            .where(g.id == generation)
            .values(status="current", published_at=datetime.now(UTC), rows=rows)
        )
    with engine.begin() as conn:  # fresh statistics for the planner
        conn.exec_driver_sql("ANALYZE" if conn.dialect.name == "sqlite" else "ANALYZE catalog_fitments")
    return members, old


def _load_file(
    engine: Engine,
    spec: CatalogFile,
    path: Path,
    generation: int,
    known: dict[str, set[int]],
    groups: InterchangeGroups,
    progress: Progress | None,
    batch_size: int,
) -> int:
    """One file in one transaction; returns the rows written."""
    ids: set[int] = set()
    known[spec.name] = ids
    seen_links: set[tuple[int, int]] = set()
    written = 0
    with engine.begin() as conn:
        writer = _Writer(conn, spec.table, _columns(spec), generation, merge=spec.name in _MERGED)
        batch: list[dict[str, Any]] = []
        for line, values in _rows(path, spec, progress):
            row = parse_row(spec, line, values, known)
            if spec.key is not None:
                ids.add(row[spec.key])
            if spec.name == "cross_references":
                pair = (row["part_id"], row["other_part_id"])
                if pair in seen_links:
                    raise CatalogRowError(spec.filename, line, "other_part_id", "the same cross-reference twice")
                seen_links.add(pair)
                groups.link(CrossLink(*pair, CrossSource(row["source"]), Direction(row["direction"])))
            batch.append(row)
            if len(batch) >= batch_size:
                writer.write(batch)
                written += len(batch)
                batch = []
        if batch:
            writer.write(batch)
            written += len(batch)
        writer.finish()
    return written


_REFERENCED = {c.ref for f in FILES for c in f.columns if c.ref}


def import_catalog(
    engine: Engine, directory: Path, *, progress: Progress | None = None, batch_size: int = BATCH
) -> ImportReport:
    """Load every file of ``directory`` as the new catalog; :class:`InvalidInput` (a
    :class:`CatalogRowError` for a bad row) when one cannot be loaded, the published catalog untouched."""
    missing = [f.filename for f in FILES if not (directory / f.filename).is_file()]
    if missing:
        raise InvalidInput(f"{directory}: missing file(s) {', '.join(missing)}", field="directory")
    generation = _start(engine, str(directory)[:500])
    known: dict[str, set[int]] = {}
    counts: dict[str, int] = {}
    groups = InterchangeGroups(keep_chains=False)
    try:
        for spec in FILES:
            path = directory / spec.filename
            counts[spec.name] = _load_file(engine, spec, path, generation, known, groups, progress, batch_size)
            if spec.name not in _REFERENCED:
                known.pop(spec.name, None)  # no later file points here: free the memory
    except BaseException:
        with engine.begin() as conn:  # the abandoned load's earlier files
            _drop_generations(conn, [generation])
        raise
    members, old = _finish(engine, generation, groups, sum(counts.values()))
    return ImportReport(generation, counts, members, old)
