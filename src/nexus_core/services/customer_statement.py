"""A customer's statement (estado de cuenta): the account's movements between two business days with
the balance after each, newest first as the seed shows it; the balance before ``date_from`` is
carried in, so every line's balance is the account's true balance at that point."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from nexus_core.domain.customer_accounts import StatementLine, statement_lines
from nexus_core.domain.customers import Customer
from nexus_core.domain.days import check_day
from nexus_core.domain.money import ZERO
from nexus_core.errors import InvalidInput
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.customers import find_customer
from nexus_core.services.runner import Deps, read_only


@attrs.frozen
class GetStatement:
    actor: Actor
    customer_id: Any
    date_from: date | None = None
    date_to: date | None = None


@attrs.frozen
class Statement:
    customer: Customer
    opening_balance: Decimal  # before date_from (0 without one)
    lines: list[StatementLine]


@read_only
def customer_statement(cmd: GetStatement, uow: UnitOfWork, deps: Deps) -> Statement:
    cmd.actor.require("customers.view")
    start = None if cmd.date_from is None else check_day(cmd.date_from, field="date_from")
    end = None if cmd.date_to is None else check_day(cmd.date_to, field="date_to")
    if start is not None and end is not None and start > end:
        raise InvalidInput("date_from must not be after date_to", field="date_from")
    customer = find_customer(uow, cmd.customer_id)
    assert customer.id is not None
    opening = ZERO if start is None else uow.customer_accounts.balance_before(customer.id, start)
    entries = uow.customer_accounts.entries(customer.id, start, end)
    return Statement(customer, opening, statement_lines(opening, entries))
