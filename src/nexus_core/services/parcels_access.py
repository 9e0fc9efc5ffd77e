"""Who acts on the parcels surface, and where its stock lives (docs/parcels.md).

A parcels user (email login) acts for their tenant while active; the operator (command line) may act
too. Products and orders use the tenant's default branch: its first active branch.
"""

from __future__ import annotations

from nexus_core.domain.stock import Actor as StockActor
from nexus_core.domain.users import User
from nexus_core.errors import RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, ActorKind, current_user
from nexus_core.services.business_day import business_today
from nexus_core.services.runner import Deps
from nexus_core.services.stock_records import StockContext


def acting_user(uow: UnitOfWork, actor: Actor) -> User | None:
    """The active parcels user acting (``None`` for the operator); anyone else is refused."""
    if actor.kind is ActorKind.OPERATOR:
        return None
    return current_user(uow, actor)


def user_context(uow: UnitOfWork, deps: Deps, user: User | None) -> StockContext:
    """The stock engine's context of a parcels user (``None``: the operator), now: movements record
    the user's id and ``user <email>`` as who moved the stock."""
    who = StockActor(None, "operator") if user is None else StockActor(user.id, f"user {user.email}")
    return StockContext(actor=who, at=deps.clock.now(), business_date=business_today(uow, deps))


def default_branch(uow: UnitOfWork) -> int:
    """The tenant's default branch: its first active branch."""
    active = sorted(b.id for b in uow.branches.list() if b.is_active and b.id is not None)
    if not active:
        raise RuleViolation("the tenant has no active branch to keep stock in")
    return active[0]
