"""Chart of accounts use cases: seeding a new tenant's SAT chart, listing and adding accounts."""

from __future__ import annotations

import attrs

from nexus_core.domain import chart
from nexus_core.domain.accounts import Account
from nexus_core.domain.chart import AccountNature
from nexus_core.domain.ids import require_id
from nexus_core.errors import InvalidInput, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.runner import Deps, read_only


def seed_chart(uow: UnitOfWork) -> None:
    """Write the SAT chart (:data:`chart.SAT_CHART`) for a new tenant."""
    by_code: dict[str, Account] = {}
    for code, sat_code, name in chart.SAT_CHART:
        parent_code = chart.parent_code(code)
        parent = None if parent_code is None else by_code[parent_code]
        account = Account.create(tenant_id=uow.tenant_id, code=code, sat_code=sat_code, name=name, parent=parent)
        account.id = uow.accounts.add(account)
        by_code[code] = account


def accounts_by_id(uow: UnitOfWork) -> dict[int, Account]:
    """The whole chart by id (one query): what views and reports name accounts with."""
    return {a.id: a for a in uow.accounts.list() if a.id is not None}


@attrs.frozen
class ListAccounts:
    actor: Actor


@read_only
def list_accounts(cmd: ListAccounts, uow: UnitOfWork, deps: Deps) -> list[Account]:
    """The flat chart ordered by code (the frontend builds the tree)."""
    cmd.actor.require("accounting.view")
    return uow.accounts.list()


@attrs.frozen
class CreateAccount:
    """A new account. ``code``, ``name``, ``sat_code`` and ``description`` are text the domain
    normalizes and checks once (:meth:`Account.create`); ``type`` must agree with the root class."""

    actor: Actor
    code: str
    name: str
    type: AccountNature | None = None
    sat_code: str | None = None
    parent_id: int | None = None
    description: str | None = None


def create_account(cmd: CreateAccount, uow: UnitOfWork, deps: Deps) -> Account:
    """A new account under an existing, active parent that has never taken postings itself.

    Without ``sat_code``, a level-4 account keeps its parent's SAT code (docs/accounting.md).
    """
    authorize(uow, cmd.actor, "accounting.create")
    parent = None
    if cmd.parent_id is not None:
        parent_id = require_id(cmd.parent_id, field="parent_id")
        parent = uow.accounts.get(parent_id)
        if parent is None:
            raise InvalidInput(f"parent account {parent_id} does not exist", field="parent_id")
    account = Account.create(
        tenant_id=uow.tenant_id,
        code=cmd.code,
        name=cmd.name,
        sat_code=cmd.sat_code,
        nature=cmd.type,
        parent=parent,
        description=cmd.description,
    )
    if uow.accounts.get_by_code(account.code) is not None:
        raise RuleViolation(f"an account with code {account.code} already exists", field="code")
    if parent is not None:
        assert parent.id is not None
        if not parent.is_active:
            raise RuleViolation(f"parent account {parent.code} is not active", field="parent_id")
        if uow.journal.has_postings(parent.id):
            raise RuleViolation(
                f"parent account {parent.code} already has postings and cannot take subaccounts", field="parent_id"
            )
    account.id = uow.accounts.add(account)
    return account
