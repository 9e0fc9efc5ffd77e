"""Statements on the hot paths, run on SQLite's driver directly (docs/adr/0035-driver-lane.md).

A statement built once (a module constant, or :func:`nexus_adapters.persistence.prebuilt.once`) is
compiled once per parameter shape; :func:`run` then binds its values with the same type processors
SQLAlchemy would use, runs it on the connection's ``sqlite3`` cursor, and hands back the rows with
the same result processors: the same SQL, the same values, without SQLAlchemy's per-execution work
(execution context, parameter dictionaries, result metadata), which costs several times what SQLite
takes to run a short statement.

* Only on SQLite. On PostgreSQL :func:`run` is ``conn.execute``: a statement there waits a network
  round trip that dwarfs the per-execution work.
* The transaction is SQLAlchemy's: a statement outside one first begins it (``conn.begin()``), as
  SQLAlchemy's autobegin would.
* Driver errors leave as SQLAlchemy's ``DBAPIError`` subclasses (``IntegrityError``, ...), so the
  unit of work translates them as before; ``before_cursor_execute`` listeners still see every
  statement (statement counts in tests and ``bench.statement_count``).
* Statements SQLAlchemy must finish at execution time (column defaults computed in Python, an empty
  ``IN``) go through ``conn.execute``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Executable
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler

_MARK = "__[POSTCOMPILE_"
_REQUIRED = object()
_LIMIT = 4096  # prepared shapes kept; statements built per call must not come here


class _Rows:
    """What a query gave back, with the subset of SQLAlchemy's ``Result`` the repositories use."""

    __slots__ = ("_keys", "_rows", "rowcount")

    def __init__(self, rows: list[Any], keys: Sequence[str], rowcount: int) -> None:
        self._rows, self._keys, self.rowcount = rows, keys, rowcount

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)

    def all(self) -> list[Any]:
        return self._rows

    def first(self) -> Any:
        return self._rows[0] if self._rows else None

    def one(self) -> Any:
        if len(self._rows) != 1:
            raise LookupError(f"expected one row, got {len(self._rows)}")
        return self._rows[0]

    def scalar(self) -> Any:
        return self._rows[0][0] if self._rows else None

    def scalar_one(self) -> Any:
        return self.one()[0]

    def scalar_one_or_none(self) -> Any:
        if len(self._rows) > 1:
            raise LookupError(f"expected at most one row, got {len(self._rows)}")
        return self._rows[0][0] if self._rows else None

    def scalars(self) -> list[Any]:
        return [row[0] for row in self._rows]

    def mappings(self) -> _Mappings:
        return _Mappings([dict(zip(self._keys, row, strict=True)) for row in self._rows])


class _Mappings(list[dict[str, Any]]):
    def first(self) -> dict[str, Any] | None:
        return self[0] if self else None

    def one(self) -> dict[str, Any]:
        if len(self) != 1:
            raise LookupError(f"expected one row, got {len(self)}")
        return self[0]

    def all(self) -> list[dict[str, Any]]:
        return self


def _row_class(keys: Sequence[str]) -> type[tuple[Any, ...]]:
    """A tuple whose items are also attributes by column name (like SQLAlchemy's ``Row``)."""
    names = {k: property(itemgetter(i)) for i, k in enumerate(keys) if k.isidentifier() and not k.startswith("_")}
    names["_mapping"] = property(lambda row: dict(zip(keys, row, strict=True)))
    names["__slots__"] = ()
    return type("Row", (tuple,), names)


class _Plan:
    """One statement compiled for one parameter shape: SQL, how to bind, how to read."""

    __slots__ = ("binds", "fixed", "getter", "keys", "procs", "readers", "returns", "row", "sql")

    def __init__(self, compiled: SQLCompiler, lengths: Mapping[str, int], dialect: Any) -> None:
        sql = compiled.string
        binds: list[tuple[str, Any, int, Any]] = []  # (name, processor, expanded length or -1, default)
        processors = compiled._bind_processors
        for name in compiled.positiontup or ():
            n = lengths.get(name, -1)
            if n >= 0:
                sql = sql.replace(f"{_MARK}{name}]", ", ".join("?" * n), 1)
            param = compiled.binds[name]
            # A value written into the statement (``state == 'running'``, ``max(rowid) + 1``) is its default.
            default = _REQUIRED if param.required else param.value
            binds.append((name, processors.get(name), n, default))
        self.sql, self.binds = sql, tuple(binds)
        # Without IN lists (the usual case) the values are fetched in one call and only typed ones processed.
        names = [name for name, _, _, _ in binds]
        self.getter: Any = None
        if names and not lengths:
            one = names[0]
            self.getter = itemgetter(*names) if len(names) > 1 else (lambda p: (p[one],))
        self.fixed = {name: d for name, _, _, d in binds if d is not _REQUIRED}
        self.procs = tuple((i, proc) for i, (_, proc, _, _) in enumerate(binds) if proc is not None)
        columns = compiled._result_columns
        self.keys = tuple(c.keyname for c in columns)
        found = [c.type._cached_result_processor(dialect, None) for c in columns]
        self.readers = tuple((i, p) for i, p in enumerate(found) if p is not None)
        self.returns = bool(columns)
        self.row = _row_class(self.keys)

    def bind(self, params: Mapping[str, Any]) -> list[Any]:
        """The values in the statement's order, processed; ``KeyError`` names a missing one."""
        if self.getter is not None:
            values = list(self.getter({**self.fixed, **params} if self.fixed else params))
            for i, proc in self.procs:
                values[i] = proc(values[i])
            return values
        out: list[Any] = []
        for name, proc, n, default in self.binds:
            value = params.get(name, default)
            if value is _REQUIRED:
                raise KeyError(name)
            if n >= 0:
                out.extend(value if proc is None else map(proc, value))
            else:
                out.append(value if proc is None else proc(value))
        return out

    def rows(self, raw: list[Any]) -> list[Any]:
        make, readers = self.row, self.readers
        if not readers:
            return [make(r) for r in raw]
        out = []
        for r in raw:
            values = list(r)
            for i, p in readers:
                values[i] = p(values[i])
            out.append(make(values))
        return out


class _Compiled:
    """A statement compiled for one set of parameter names; its plans by the lengths of its ``IN`` lists."""

    __slots__ = ("compiled", "expanding", "plans", "stmt")

    def __init__(self, stmt: Executable, compiled: Any) -> None:
        self.stmt, self.compiled = stmt, compiled  # the statement is kept: its id() is the key
        names = () if compiled is None else (compiled.positiontup or ())
        self.expanding = tuple(n for n in names if compiled.binds[n].expanding)
        self.plans: dict[tuple[int, ...], _Plan] = {}


_COMPILED: dict[tuple[int, tuple[str, ...], bool], _Compiled] = {}


def _plan(conn: Connection, stmt: Executable, params: Mapping[str, Any], many: bool) -> _Plan | None:
    key = (id(stmt), tuple(params), many)
    try:
        found = _COMPILED[key]
    except KeyError:
        if len(_COMPILED) >= _LIMIT:
            return None
        found = _COMPILED[key] = _compile(conn, stmt, key[1], many)
    if found.compiled is None:
        return None  # SQLAlchemy must finish this one at execution time
    shape = tuple(len(params[n]) for n in found.expanding)
    plan = found.plans.get(shape)
    if plan is None:
        if 0 in shape or (many and shape):
            return None  # an empty IN, or an IN per row: SQLAlchemy renders those
        plan = found.plans[shape] = _Plan(found.compiled, dict(zip(found.expanding, shape, strict=True)), conn.dialect)
    return plan


def _compile(conn: Connection, stmt: Executable, keys: tuple[str, ...], many: bool) -> _Compiled:
    compiled: Any = stmt.compile(dialect=conn.dialect, column_keys=sorted(keys), for_executemany=many)  # type: ignore[attr-defined]
    late = any(p.callable is not None for p in compiled.binds.values())
    if late or compiled.insert_prefetch or compiled.update_prefetch or compiled.literal_execute_params:
        return _Compiled(stmt, None)
    return _Compiled(stmt, compiled)


def run(conn: Connection, stmt: Executable, params: Mapping[str, Any] | None = None) -> Any:
    """Execute a statement built once with these parameters; the rows as SQLAlchemy would give them."""
    params = params or {}
    if conn.dialect.name != "sqlite":
        return conn.execute(stmt, params)
    plan = _plan(conn, stmt, params, False)
    try:
        values = None if plan is None else plan.bind(params)
    except KeyError:
        values = None  # SQLAlchemy names what is missing
    if plan is None or values is None:
        return conn.execute(stmt, params)
    cursor = _cursor(conn)
    _announce(conn, cursor, plan.sql, values, False)
    try:
        cursor.execute(plan.sql, values)
        raw = cursor.fetchall() if plan.returns else []
    except sqlite3.Error as error:
        raise _wrapped(conn, plan.sql, values, error) from error
    return _Rows(plan.rows(raw), plan.keys, cursor.rowcount)


def run_many(conn: Connection, stmt: Executable, rows: Sequence[Mapping[str, Any]]) -> int:
    """Execute a statement built once for each of ``rows`` (one ``executemany``); the rows it changed."""
    if not rows:
        return 0
    if conn.dialect.name != "sqlite":
        return int(conn.execute(stmt, list(rows)).rowcount)
    plan = _plan(conn, stmt, rows[0], True)
    try:
        values = None if plan is None or plan.returns else [plan.bind(r) for r in rows]
    except KeyError:
        values = None
    if plan is None or values is None:
        return int(conn.execute(stmt, list(rows)).rowcount)
    cursor = _cursor(conn)
    _announce(conn, cursor, plan.sql, values, True)
    try:
        cursor.executemany(plan.sql, values)
    except sqlite3.Error as error:
        raise _wrapped(conn, plan.sql, values, error) from error
    return int(cursor.rowcount)


def run_sql(conn: Connection, sql: str) -> None:
    """A statement without parameters or rows (``BEGIN``, a ``PRAGMA``) on the driver, as it is; usable
    while SQLAlchemy is beginning the transaction (its ``begin`` event)."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    _announce(conn, cursor, sql, (), False)
    try:
        cursor.execute(sql)
    except sqlite3.Error as error:
        raise _wrapped(conn, sql, (), error) from error


def _cursor(conn: Connection) -> Any:
    if not conn.in_transaction():
        conn.begin()
    return conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]


def _announce(conn: Connection, cursor: Any, sql: str, values: Any, many: bool) -> None:
    listeners = conn.dispatch.before_cursor_execute
    if listeners:
        listeners(conn, cursor, sql, values, None, many)


def _wrapped(conn: Connection, sql: str, values: Any, error: sqlite3.Error) -> DBAPIError:
    return DBAPIError.instance(sql, values, error, sqlite3.Error, dialect=conn.dialect)  # type: ignore[return-value]
