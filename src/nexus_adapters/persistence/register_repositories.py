"""SQL repositories of the counter's register: folio counters, register sessions with their running
totals, and cash movements. Every statement is filtered by ``tenant_id``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Select, bindparam, select, update

from nexus_adapters.persistence.fast import run
from nexus_adapters.persistence.prebuilt import once
from nexus_adapters.persistence.sales_tables import (
    PAYMENT_TOTALS,
    REGISTER_TOTALS,
    RETURN_TOTALS,
    folio_counters,
    register_movements,
    register_sessions,
)
from nexus_adapters.persistence.sql import check_tenant, dialect_insert, insert_row_id
from nexus_core.domain.register import (
    CashMovement,
    MovementDirection,
    RegisterSession,
    RegisterStatus,
    RegisterTotals,
)


class SqlFolioRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def allocate(self, document_type: str) -> int:
        # One statement on both databases: the row is created at 1 or incremented, and stays locked
        # (PostgreSQL row lock; SQLite's single writer) until the transaction ends.
        stmt = once(self._conn, "folio_counters.allocate", _allocate)
        return int(run(self._conn, stmt, {"tenant_id": self._tid, "document_type": document_type}).scalar_one())


def _allocate(conn: Connection) -> Any:
    insert = dialect_insert(conn, folio_counters).values(last_number=1)
    return insert.on_conflict_do_update(
        index_elements=["tenant_id", "document_type"],
        set_={"last_number": folio_counters.c.last_number + 1},
    ).returning(folio_counters.c.last_number)


_rc = register_sessions.c
# Built once (docs/adr/0033-counter-speed.md): every sale locks its register and saves its totals.
_BY_ID = select(register_sessions).where(_rc.tenant_id == bindparam("t"), _rc.id == bindparam("id"))
_LOCK_BY_ID = _BY_ID.with_for_update()
_OPEN_FOR = select(register_sessions).where(
    _rc.tenant_id == bindparam("t"), _rc.employee_id == bindparam("e"), _rc.status == RegisterStatus.OPEN.value
)
_LOCK_OPEN_FOR = _OPEN_FOR.with_for_update()
_SAVE = update(register_sessions).where(_rc.tenant_id == bindparam("w_t"), _rc.id == bindparam("w_id"))


class SqlRegisterRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id
        self._stored: dict[int, dict[str, Any]] = {}  # per session: its columns as this transaction has them

    def _values(self, s: RegisterSession) -> dict[str, Any]:
        return {
            "status": s.status.value,
            "closed_at": s.closed_at,
            "counted_amount": s.counted_amount,
            "difference": s.difference,
            "cut_folio": s.cut_folio,
            "sales_count": s.totals.sales_count,
            "cancelled_count": s.totals.cancelled_count,
            "returns_count": s.totals.returns_count,
            "closed_on": s.closed_on,
            **{name: getattr(s.totals, name) for name in (*REGISTER_TOTALS, *PAYMENT_TOTALS, *RETURN_TOTALS)},
        }

    def add(self, session: RegisterSession) -> int:
        check_tenant(session, self._tid)
        values = {
            "tenant_id": self._tid,
            "branch_id": session.branch_id,
            "employee_id": session.employee_id,
            "opening_amount": session.opening_amount,
            "opened_at": session.opened_at,
            "business_date": session.business_date,
            **self._values(session),
        }
        session.id = insert_row_id(self._conn, register_sessions, values)
        self._stored[session.id] = self._values(session)
        return session.id

    def _one(self, stmt: Select[Any], params: dict[str, Any]) -> RegisterSession | None:
        row = run(self._conn, stmt, params).mappings().first()
        if row is None:
            return None
        session = to_session(row)
        self._stored[row["id"]] = self._values(session)
        return session

    def get(self, register_id: int) -> RegisterSession | None:
        return self._one(_BY_ID, {"t": self._tid, "id": register_id})

    def lock(self, register_id: int) -> RegisterSession | None:
        return self._one(_LOCK_BY_ID, {"t": self._tid, "id": register_id})

    def open_for(self, employee_id: int) -> RegisterSession | None:
        return self._one(_OPEN_FOR, {"t": self._tid, "e": employee_id})

    def lock_open_for(self, employee_id: int) -> RegisterSession | None:
        return self._one(_LOCK_OPEN_FOR, {"t": self._tid, "e": employee_id})

    def save(self, session: RegisterSession) -> None:
        """Only the columns that differ from what this transaction read or wrote (a sale changes a few of
        the 30 totals); nothing when none does."""
        values = self._values(session)
        before = self._stored.get(session.id) if session.id is not None else None
        changed = values if before is None else {k: v for k, v in values.items() if before[k] != v}
        if changed:
            run(self._conn, _SAVE, {"w_t": self._tid, "w_id": session.id, **changed})
        if session.id is not None:
            self._stored[session.id] = values

    def add_movement(self, movement: CashMovement) -> int:
        check_tenant(movement, self._tid)
        values = {
            "tenant_id": self._tid,
            "register_id": movement.register_id,
            "direction": movement.direction.value,
            "amount": movement.amount,
            "reason": movement.reason,
            "employee_id": movement.employee_id,
            "at": movement.at,
        }
        return insert_row_id(self._conn, register_movements, values)

    def movements(self, register_id: int) -> list[CashMovement]:
        c = register_movements.c
        stmt = select(register_movements).where(c.tenant_id == self._tid, c.register_id == register_id).order_by(c.id)
        return [
            CashMovement(
                r["id"],
                r["tenant_id"],
                r["register_id"],
                MovementDirection(r["direction"]),
                r["amount"],
                r["reason"],
                r["employee_id"],
                r["at"],
            )
            for r in self._conn.execute(stmt).mappings()
        ]


def to_session(row: Mapping[str, Any]) -> RegisterSession:
    """A ``register_sessions`` row as the domain's session (also used by the selling queries)."""
    totals = RegisterTotals(
        **{name: row[name] for name in (*REGISTER_TOTALS, *PAYMENT_TOTALS, *RETURN_TOTALS)},
        sales_count=row["sales_count"],
        cancelled_count=row["cancelled_count"],
        returns_count=row["returns_count"],
    )
    return RegisterSession(
        id=row["id"],
        tenant_id=row["tenant_id"],
        branch_id=row["branch_id"],
        employee_id=row["employee_id"],
        opening_amount=row["opening_amount"],
        opened_at=row["opened_at"],
        totals=totals,
        status=RegisterStatus(row["status"]),
        closed_at=row["closed_at"],
        counted_amount=row["counted_amount"],
        difference=row["difference"],
        cut_folio=row["cut_folio"],
        business_date=row["business_date"],
        closed_on=row["closed_on"],
    )
