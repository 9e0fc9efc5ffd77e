"""The outbox worker on the fakes: one transaction to claim, the call outside, one to record; retries
with exponential backoff, a final failure visible on the message and its subject."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nexus_core.domain.outbox import (
    BACKOFF_BASE,
    BACKOFF_CAP,
    MAX_ATTEMPTS,
    OutboxMessage,
    OutboxStatus,
    PermanentDeliveryError,
    backoff,
)
from nexus_core.errors import ExternalServiceError, NotFound
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.outbox import deliver_due, enqueue
from nexus_core.services.runner import Deps, Nexus
from nexus_core.testing import FakeClock, in_memory_nexus
from nexus_core.testing.builders import create_shop


@attrs.define
class Recorder:
    """A topic whose call answers from a script: a value, or an exception to raise."""

    script: list[Any]
    name: str = "test.topic"
    calls: list[Any] = attrs.Factory(list)
    applied: list[Any] = attrs.Factory(list)
    failures: list[str] = attrs.Factory(list)
    in_transaction: list[bool] = attrs.Factory(list)
    nexus: Nexus | None = None

    def prepare(self, uow: UnitOfWork, message: OutboxMessage) -> Any:
        if message.payload.get("gone"):
            raise NotFound("subject gone")
        return dict(message.payload)

    def call(self, request: Any) -> Any:
        self.calls.append(request)
        # No transaction is open: a write transaction on the fakes can start at once (lock is free).
        assert self.nexus is not None
        store = self.nexus.uows.store  # type: ignore[attr-defined]
        free = store.lock.acquire(blocking=False)
        if free:
            store.lock.release()
        self.in_transaction.append(not free)
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        return step

    def apply(self, uow: UnitOfWork, message: OutboxMessage, result: Any, now: Any) -> None:
        self.applied.append(result)

    def failed(self, uow: UnitOfWork, message: OutboxMessage, now: Any) -> None:
        self.failures.append(message.last_error or "")


def _enqueue(cmd: dict[str, str], uow: UnitOfWork, deps: Deps) -> int:
    return enqueue(uow, topic="test.topic", subject_id=1, now=deps.clock.now(), payload=cmd).id or 0


def _messages(nexus: Nexus) -> list[OutboxMessage]:
    return list(nexus.uows.store.tables.integrations.outbox.values())  # type: ignore[attr-defined]


@pytest.fixture
def setup() -> tuple[Nexus, FakeClock, int]:
    clock = FakeClock()
    nexus = in_memory_nexus(clock)
    shop = create_shop(nexus)
    return nexus, clock, shop.tenant_id


def test_a_message_is_delivered_once_outside_any_transaction(setup) -> None:
    nexus, _, tenant = setup
    topic = Recorder(script=[{"provider_id": "P-1"}], nexus=nexus)
    nexus.run(tenant, _enqueue, {"to": "5215512345678"})
    report = deliver_due(nexus, {topic.name: topic})
    assert (report.delivered, report.retrying, report.failed) == (1, 0, 0)
    assert topic.calls == [{"to": "5215512345678"}] and topic.in_transaction == [False]
    assert topic.applied == [{"provider_id": "P-1"}]
    [msg] = _messages(nexus)
    assert (msg.status, msg.attempts) == (OutboxStatus.DELIVERED, 1)
    assert deliver_due(nexus, {topic.name: topic}) == type(report)()  # nothing sent twice


def test_failures_are_retried_with_backoff_then_fail_visibly(setup) -> None:
    nexus, clock, tenant = setup
    topic = Recorder(script=[ExternalServiceError("timeout after 10 s")] * MAX_ATTEMPTS, nexus=nexus)
    nexus.run(tenant, _enqueue, {})
    for attempt in range(1, MAX_ATTEMPTS + 1):
        report = deliver_due(nexus, {topic.name: topic})
        [msg] = _messages(nexus)
        assert msg.attempts == attempt and msg.last_error == "timeout after 10 s"
        if attempt < MAX_ATTEMPTS:
            assert report.retrying == 1 and msg.status is OutboxStatus.PENDING
            assert deliver_due(nexus, {topic.name: topic}).retrying == 0  # not due before its backoff
            clock.advance(backoff(attempt))
    assert report.failed == 1 and msg.status is OutboxStatus.FAILED
    assert topic.failures == ["timeout after 10 s"]
    clock.advance(timedelta(days=1))
    assert len(topic.calls) == MAX_ATTEMPTS and deliver_due(nexus, {topic.name: topic}).failed == 0


def test_a_permanent_refusal_fails_at_once(setup) -> None:
    nexus, _, tenant = setup
    topic = Recorder(script=[PermanentDeliveryError("401 invalid api key")], nexus=nexus)
    nexus.run(tenant, _enqueue, {})
    assert deliver_due(nexus, {topic.name: topic}).failed == 1
    assert topic.failures == ["401 invalid api key"]


def test_an_adapter_bug_is_retried_and_recorded_not_raised(setup) -> None:
    nexus, _, tenant = setup
    topic = Recorder(script=[KeyError("id"), {"ok": "1"}], nexus=nexus)
    nexus.run(tenant, _enqueue, {})
    assert deliver_due(nexus, {topic.name: topic}).retrying == 1
    assert _messages(nexus)[0].last_error == "KeyError: 'id'"


def test_a_request_that_cannot_be_built_fails_without_a_call(setup) -> None:
    nexus, _, tenant = setup
    topic = Recorder(script=[], nexus=nexus)
    nexus.run(tenant, _enqueue, {"gone": "1"})
    deliver_due(nexus, {topic.name: topic})
    assert topic.calls == [] and topic.failures == ["subject gone"]
    nexus.run(tenant, _enqueue, {})
    deliver_due(nexus, {})  # no deliverer for the topic
    assert _messages(nexus)[1].last_error == "no deliverer for topic 'test.topic'"


@given(st.integers(min_value=1, max_value=60))
def test_backoff_doubles_up_to_its_cap(attempts: int) -> None:
    assert backoff(attempts) == min(BACKOFF_BASE * 2 ** min(attempts - 1, 20), BACKOFF_CAP)
    assert backoff(attempts + 1) >= backoff(attempts)
