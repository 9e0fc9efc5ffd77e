"""Accounting: the chart of accounts (reads need ``accounting.view``, writes ``accounting.create``)."""

from __future__ import annotations

from typing import Any

import attrs

from nexus_core.domain.chart import AccountNature
from nexus_core.services import ledger
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import Reply
from nexus_http.routes.accounting_wire import PREFIX, AccountOut, account_json

routes = RouteTable("accounting")


@attrs.frozen
class AccountIn:
    code: str
    name: str
    sat_code: str | None = None
    type: AccountNature | None = None
    parent_id: int | None = None
    description: str | None = None


@attrs.frozen
class AccountList:
    data: list[AccountOut]


@attrs.frozen
class AccountCreated(AccountOut):
    message: str


@routes.get(
    f"{PREFIX}/accounts",
    summary="Chart of accounts (flat; the frontend builds the tree)",
    permission="accounting.view",
    response=AccountList,
    example={
        "data": [
            {
                "id": 1,
                "code": "100",
                "sat_code": "100",
                "name": "Activo",
                "type": "debit",
                "parent_id": None,
                "level": 1,
                "is_active": True,
            }
        ]
    },
)
def list_accounts(call: Call) -> dict[str, Any]:
    accounts = call.run(ledger.list_accounts, ledger.ListAccounts(call.actor))
    return {"data": [account_json(a) for a in accounts]}


@routes.post(
    f"{PREFIX}/accounts",
    summary="Create an account under an existing parent",
    permission="accounting.create",
    body=AccountIn,
    response=AccountCreated,
    status=201,
    idempotent=True,
    example={
        "id": 52,
        "code": "102.02",
        "sat_code": "102.02",
        "name": "Bancos extranjeros",
        "type": "debit",
        "parent_id": 4,
        "level": 3,
        "is_active": True,
        "message": "Account created",
    },
)
def create_account(call: Call) -> Reply:
    body: AccountIn = call.body
    cmd = ledger.CreateAccount(
        actor=call.actor,
        code=body.code,
        name=body.name,
        type=body.type,
        sat_code=body.sat_code,
        parent_id=body.parent_id,
        description=body.description,
    )
    return call.respond(
        ledger.create_account, cmd, lambda a: Reply({**account_json(a), "message": "Account created"}, 201)
    )
