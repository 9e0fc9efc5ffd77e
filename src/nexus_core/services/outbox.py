"""Delivering the outbox: claim in one transaction, call outside any, record the outcome in another.

A :class:`Topic` knows one kind of message: what request to build from the database (``prepare``, inside
the claim's transaction), how to make the call (``call``, through a port whose adapter does the I/O with
a timeout), and what the answer changes (``apply``) or what a final failure shows (``failed``).
:func:`deliver_due` is what the in-process worker and ``nexus integrations run`` call.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

import attrs

from nexus_core.domain.outbox import OutboxMessage, OutboxStatus, PermanentDeliveryError
from nexus_core.errors import ExternalServiceError, NexusError
from nexus_core.ports.unit_of_work import PlatformUnitOfWork, UnitOfWork
from nexus_core.services.runner import Deps, Nexus, read_only

DEFAULT_BATCH = 50


class Topic(Protocol):
    name: str

    def prepare(self, uow: UnitOfWork, message: OutboxMessage) -> Any:
        """The request to send, read in the claim's transaction. A :class:`NexusError` fails it for good."""
        ...

    def call(self, request: Any) -> Any:
        """The outside call (no transaction open). :class:`ExternalServiceError` is retried, unless
        it is a :class:`PermanentDeliveryError`."""
        ...

    def apply(self, uow: UnitOfWork, message: OutboxMessage, result: Any, now: datetime) -> None:
        """Record the answer on the subject, in the outcome's transaction."""
        ...

    def failed(self, uow: UnitOfWork, message: OutboxMessage, now: datetime) -> None:
        """Show the final failure on the subject (``message.last_error`` says why)."""
        ...


def enqueue(
    uow: UnitOfWork, *, topic: str, subject_id: int, now: datetime, payload: Mapping[str, str] | None = None
) -> OutboxMessage:
    """Write a message in the caller's transaction: it exists only if the business change commits."""
    message = OutboxMessage.create(
        tenant_id=uow.tenant_id, topic=topic, subject_id=subject_id, now=now, payload=payload
    )
    message.id = uow.outbox.add(message)
    return message


@attrs.frozen
class ListDue:
    limit: int = DEFAULT_BATCH


@read_only
def list_due(cmd: ListDue, uow: PlatformUnitOfWork, deps: Deps) -> list[tuple[int, int]]:
    return uow.outbox_queue.due(deps.clock.now(), cmd.limit)


@attrs.frozen
class Claim:
    message_id: int
    topics: Mapping[str, Topic]


@attrs.frozen
class Claimed:
    message: OutboxMessage
    request: Any


def claim(cmd: Claim, uow: UnitOfWork, deps: Deps) -> Claimed | None:
    """Take one attempt of a due message; ``None`` when another worker has it or it is no longer due.

    A message whose request cannot be built (unknown topic, subject gone, provider disabled) fails for
    good here, visibly, without any call."""
    now = deps.clock.now()
    message = uow.outbox.lock(cmd.message_id)
    if message is None or not message.is_due(now):
        return None
    message.claim(now)
    topic = cmd.topics.get(message.topic)
    try:
        if topic is None:
            raise PermanentDeliveryError(f"no deliverer for topic {message.topic!r}")
        request = topic.prepare(uow, message)
    except NexusError as error:
        message.fail(error.message, now, permanent=True)
        uow.outbox.save(message)
        if topic is not None:
            topic.failed(uow, message, now)
        return None
    uow.outbox.save(message)
    return Claimed(message, request)


@attrs.frozen
class Outcome:
    message_id: int
    topics: Mapping[str, Topic]
    result: Any = None
    error: str | None = None
    permanent: bool = False


def record_outcome(cmd: Outcome, uow: UnitOfWork, deps: Deps) -> OutboxMessage | None:
    now = deps.clock.now()
    message = uow.outbox.lock(cmd.message_id)
    if message is None or message.status is not OutboxStatus.PENDING:
        return message
    topic = cmd.topics[message.topic]
    if cmd.error is None:
        message.succeed(now)
        topic.apply(uow, message, cmd.result, now)
    else:
        message.fail(cmd.error, now, permanent=cmd.permanent)
        if message.is_failed:
            topic.failed(uow, message, now)
    uow.outbox.save(message)
    return message


@attrs.frozen
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


def deliver_due(nexus: Nexus, topics: Mapping[str, Topic], *, limit: int = DEFAULT_BATCH) -> DeliveryReport:
    """One pass over the due messages of every tenant. No transaction is open during a call."""
    counts = {OutboxStatus.DELIVERED: 0, OutboxStatus.PENDING: 0, OutboxStatus.FAILED: 0}
    for tenant_id, message_id in nexus.run_platform(list_due, ListDue(limit)):
        message = deliver_one(nexus, topics, tenant_id, message_id)
        if message is not None:
            counts[message.status] += 1
    return DeliveryReport(
        delivered=counts[OutboxStatus.DELIVERED],
        retrying=counts[OutboxStatus.PENDING],
        failed=counts[OutboxStatus.FAILED],
    )


def deliver_one(nexus: Nexus, topics: Mapping[str, Topic], tenant_id: int, message_id: int) -> OutboxMessage | None:
    """Try one message now if it is due (a request that just queued it wants the answer at once);
    ``None`` when it was not due or another worker has it."""
    claimed = nexus.run(tenant_id, claim, Claim(message_id, topics))
    if claimed is None:
        return None
    outcome = _call(topics[claimed.message.topic], claimed, message_id, topics)
    return nexus.run(tenant_id, record_outcome, outcome)


def _call(topic: Topic, claimed: Claimed, message_id: int, topics: Mapping[str, Topic]) -> Outcome:
    try:
        result = topic.call(claimed.request)
    except PermanentDeliveryError as error:
        return Outcome(message_id, topics, error=error.message, permanent=True)
    except ExternalServiceError as error:
        return Outcome(message_id, topics, error=error.message)
    except Exception as error:  # an adapter's bug must not stop the worker: retried, and visible
        return Outcome(message_id, topics, error=f"{type(error).__name__}: {error}")
    return Outcome(message_id, topics, result=result)
