"""The SQL fiscal period repository, with the books lock that orders postings and closes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, RowMapping, Select, bindparam, func, select, update

from nexus_adapters.persistence.fast import run
from nexus_adapters.persistence.ledger_tables import fiscal_periods
from nexus_adapters.persistence.sql import check_tenant, dialect_insert
from nexus_adapters.persistence.tables import tenants
from nexus_core.domain.periods import FiscalPeriod, PeriodStatus
from nexus_core.errors import NotFound


def _to_period(row: RowMapping) -> FiscalPeriod:
    return FiscalPeriod(
        tenant_id=row["tenant_id"],
        year=row["year"],
        month=row["month"],
        status=PeriodStatus(row["status"]),
        closed_at=row["closed_at"],
        closed_by=row["closed_by"],
    )


def _key_of(period: FiscalPeriod | None) -> tuple[int, int] | None:
    return None if period is None else period.key


# The posting path's statements, built once (tenant and month travel as parameters).
_p = fiscal_periods.c
_MONTH = select(fiscal_periods).where(
    _p.tenant_id == bindparam("w_tid"), _p.year == bindparam("w_year"), _p.month == bindparam("w_month")
)
_LOCKED_MONTH = {shared: _MONTH.with_for_update(read=shared) for shared in (True, False)}
# The posting's month with the latest close as year * 100 + month (a scalar subquery over another
# alias: FOR SHARE OF locks only the month's row).
_closed = fiscal_periods.alias("closed")
_LATEST_KEY = (
    select(func.max(_closed.c.year * 100 + _closed.c.month))
    .where(_closed.c.tenant_id == bindparam("w_tid"), _closed.c.status == PeriodStatus.CLOSED.value)
    .scalar_subquery()
    .label("latest_closed")
)
_POSTING_MONTH = _MONTH.add_columns(_LATEST_KEY).with_for_update(read=True, of=fiscal_periods)
_BOOKS = {
    shared: select(tenants.c.id).where(tenants.c.id == bindparam("w_tid")).with_for_update(read=shared)
    for shared in (True, False)
}
_LATEST_CLOSED = (
    select(fiscal_periods)
    .where(_p.tenant_id == bindparam("w_tid"), _p.status == PeriodStatus.CLOSED.value)
    .order_by(_p.year.desc(), _p.month.desc())
    .limit(1)
)


class SqlPeriodRepository:
    """Period rows; ``for_posting`` / ``for_closing`` lock theirs until the transaction ends.

    On PostgreSQL that is ``FOR SHARE`` (postings of one month do not wait for each other) and
    ``FOR UPDATE`` (a close waits for those postings, and they for it). SQLite renders neither:
    its ``BEGIN IMMEDIATE`` already lets one writer in at a time.
    """

    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def _select(self) -> Select[Any]:
        return select(fiscal_periods).where(fiscal_periods.c.tenant_id == self._tid)

    def get(self, year: int, month: int) -> FiscalPeriod | None:
        c = fiscal_periods.c
        row = self._conn.execute(self._select().where(c.year == year, c.month == month)).mappings().first()
        return _to_period(row) if row else None

    def list(self) -> list[FiscalPeriod]:
        c = fiscal_periods.c
        stmt = self._select().order_by(c.year.desc(), c.month.desc())
        return [_to_period(row) for row in self._conn.execute(stmt).mappings()]

    def latest_closed(self) -> FiscalPeriod | None:
        row = run(self._conn, _LATEST_CLOSED, {"w_tid": self._tid}).mappings().first()
        return _to_period(row) if row else None

    def for_posting(self, year: int, month: int) -> FiscalPeriod:
        return self._locked(year, month, shared=True)

    def for_posting_with_latest_close(self, year: int, month: int) -> tuple[FiscalPeriod, tuple[int, int] | None]:
        if self._conn.dialect.name != "sqlite":  # the books lock first, as in _locked
            self._conn.execute(_BOOKS[True], {"w_tid": self._tid})
        params = {"w_tid": self._tid, "w_year": year, "w_month": month}
        row = run(self._conn, _POSTING_MONTH, params).mappings().first()
        if row is None:  # the month's first posting: open its row (rare), then read the close apart
            return self._locked(year, month, shared=True), _key_of(self.latest_closed())
        latest = row["latest_closed"]
        return _to_period(row), None if latest is None else divmod(int(latest), 100)

    def for_closing(self, year: int, month: int) -> FiscalPeriod:
        return self._locked(year, month, shared=False)

    def _locked(self, year: int, month: int, *, shared: bool) -> FiscalPeriod:
        # The tenant's books lock: postings share it, a close takes it alone. Per-month locks are not
        # enough, because a first posting into an empty earlier month creates its period row while a
        # later month is being closed. (SQLite's BEGIN IMMEDIATE already serializes writers.)
        if self._conn.dialect.name != "sqlite":  # SQLite renders no lock: BEGIN IMMEDIATE has serialized us
            self._conn.execute(_BOOKS[shared], {"w_tid": self._tid})
        stmt, params = _LOCKED_MONTH[shared], {"w_tid": self._tid, "w_year": year, "w_month": month}
        row = run(self._conn, stmt, params).mappings().first()
        if row is None:
            # Concurrent first postings of a month both insert; the loser's insert does nothing.
            period = FiscalPeriod.open(tenant_id=self._tid, year=year, month=month)
            insert = dialect_insert(self._conn, fiscal_periods).values(
                tenant_id=self._tid, year=period.year, month=period.month, status=period.status.value
            )
            self._conn.execute(insert.on_conflict_do_nothing())
            row = self._conn.execute(stmt, params).mappings().one()
        return _to_period(row)

    def save(self, period: FiscalPeriod) -> None:
        check_tenant(period, self._tid)
        c = fiscal_periods.c
        stmt = (
            update(fiscal_periods)
            .where(c.tenant_id == self._tid, c.year == period.year, c.month == period.month)
            .values(status=period.status.value, closed_at=period.closed_at, closed_by=period.closed_by)
        )
        if self._conn.execute(stmt).rowcount != 1:
            raise NotFound(f"period {period.label} not found")
