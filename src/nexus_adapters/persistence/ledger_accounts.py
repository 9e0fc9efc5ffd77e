"""The SQL account repository (the chart of accounts), bound to one connection and one tenant."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, RowMapping, bindparam, select, update

from nexus_adapters.persistence.fast import run
from nexus_adapters.persistence.ledger_tables import accounts
from nexus_adapters.persistence.sql import check_tenant, insert_id
from nexus_core.domain.accounts import Account, PostingAccount
from nexus_core.domain.chart import AccountNature
from nexus_core.errors import NotFound


def _account_values(account: Account) -> dict[str, Any]:
    return {
        "code": account.code,
        "sat_code": account.sat_code,
        "name": account.name,
        "nature": account.nature.value,
        "parent_id": account.parent_id,
        "level": account.level,
        "is_active": account.is_active,
        "description": account.description,
    }


def _to_account(row: RowMapping) -> Account:
    return Account(
        id=row["id"],
        tenant_id=row["tenant_id"],
        code=row["code"],
        sat_code=row["sat_code"],
        name=row["name"],
        nature=AccountNature(row["nature"]),
        parent_id=row["parent_id"],
        level=row["level"],
        is_active=row["is_active"],
        description=row["description"],
    )


# Built once (tenant and ids travel as parameters): postings and reports run these on every request.
_c = accounts.c
_TENANT = _c.tenant_id == bindparam("w_tid")
# The columns _account_of unpacks, in its order.
_ACCOUNT = select(
    _c.id, _c.tenant_id, _c.code, _c.sat_code, _c.name, _c.nature, _c.parent_id, _c.level, _c.is_active, _c.description
)
_LIST = _ACCOUNT.where(_TENANT).order_by(_c.code)
_BY_IDS = _ACCOUNT.where(_TENANT, _c.id.in_(bindparam("w_ids", expanding=True)))
_BY_CODES = _ACCOUNT.where(_TENANT, _c.code.in_(bindparam("w_codes", expanding=True)))
# The posting path's one read: the accounts and whether each has subaccounts (the parent-id index).
_child = accounts.alias("child")
_HAS_CHILDREN = select(_child.c.id).where(_child.c.tenant_id == _c.tenant_id, _child.c.parent_id == _c.id).exists()
_FOR_POSTING = _ACCOUNT.add_columns(_HAS_CHILDREN)
_POSTING_BY_IDS = _FOR_POSTING.where(_TENANT, _c.id.in_(bindparam("w_ids", expanding=True)))
_POSTING_BY_CODES = _FOR_POSTING.where(_TENANT, _c.code.in_(bindparam("w_codes", expanding=True)))
_PARENTS = select(_c.parent_id).distinct().where(_TENANT, _c.parent_id.in_(bindparam("w_ids", expanding=True)))


_NATURES = {n.value: n for n in AccountNature}


def _posting_account_of(row: Row[Any]) -> PostingAccount:
    return PostingAccount(_account_of(row[:-1]), bool(row[-1]))


def _account_of(row: Sequence[Any]) -> Account:
    """:func:`_to_account` for a row of ``_ACCOUNT``, by position (a chart is read whole, often)."""
    id_, tenant_id, code, sat_code, name, nature, parent_id, level, is_active, description = row
    return Account(
        id=id_,
        tenant_id=tenant_id,
        code=code,
        sat_code=sat_code,
        name=name,
        nature=_NATURES[nature],
        parent_id=parent_id,
        level=level,
        is_active=is_active,
        description=description,
    )


class SqlAccountRepository:
    def __init__(self, conn: Connection, tenant_id: int) -> None:
        self._conn, self._tid = conn, tenant_id

    def add(self, account: Account) -> int:
        check_tenant(account, self._tid)
        account.id = insert_id(
            self._conn, accounts.insert().values({**_account_values(account), "tenant_id": self._tid})
        )
        return account.id

    def get(self, account_id: int) -> Account | None:
        return self._one(accounts.c.id == account_id)

    def get_by_code(self, code: str) -> Account | None:
        return self._one(accounts.c.code == code)

    def list(self) -> list[Account]:
        return [_account_of(row) for row in self._conn.execute(_LIST, {"w_tid": self._tid})]

    def get_many(self, account_ids: Collection[int]) -> dict[int, Account]:
        if not account_ids:
            return {}
        rows = run(self._conn, _BY_IDS, {"w_tid": self._tid, "w_ids": list(account_ids)})
        return {a.id: a for a in map(_account_of, rows) if a.id is not None}

    def get_many_by_code(self, codes: Collection[str]) -> dict[str, Account]:
        if not codes:
            return {}
        rows = run(self._conn, _BY_CODES, {"w_tid": self._tid, "w_codes": list(codes)})
        return {a.code: a for a in map(_account_of, rows)}

    def with_children(self, account_ids: Collection[int]) -> set[int]:
        if not account_ids:
            return set()
        params = {"w_tid": self._tid, "w_ids": list(account_ids)}
        return {int(pid) for pid in self._conn.execute(_PARENTS, params).scalars()}

    def for_posting(self, account_ids: Collection[int]) -> dict[int, PostingAccount]:
        if not account_ids:
            return {}
        rows = run(self._conn, _POSTING_BY_IDS, {"w_tid": self._tid, "w_ids": list(account_ids)})
        return {p.account.id: p for p in map(_posting_account_of, rows) if p.account.id is not None}

    def for_posting_by_code(self, codes: Collection[str]) -> dict[str, PostingAccount]:
        if not codes:
            return {}
        rows = run(self._conn, _POSTING_BY_CODES, {"w_tid": self._tid, "w_codes": list(codes)})
        return {p.account.code: p for p in map(_posting_account_of, rows)}

    def update(self, account: Account) -> None:
        check_tenant(account, self._tid)
        stmt = (
            update(accounts)
            .where(accounts.c.tenant_id == self._tid, accounts.c.id == account.id)
            .values(_account_values(account))
        )
        if self._conn.execute(stmt).rowcount != 1:
            raise NotFound(f"account {account.id} not found")

    def _one(self, condition: ColumnElement[bool]) -> Account | None:
        stmt = select(accounts).where(accounts.c.tenant_id == self._tid, condition)
        row = self._conn.execute(stmt).mappings().first()
        return _to_account(row) if row else None
