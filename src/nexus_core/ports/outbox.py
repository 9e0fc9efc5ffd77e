"""The outbox's repositories: a tenant's messages, and the queue of due messages across tenants."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from nexus_core.domain.outbox import OutboxMessage


class OutboxRepository(Protocol):
    """Reached as ``uow.outbox``."""

    def add(self, message: OutboxMessage) -> int:
        """Insert and set ``message.id``."""
        ...

    def lock(self, message_id: int) -> OutboxMessage | None:
        """The message, its row locked until the transaction ends (a claim or an outcome)."""
        ...

    def save(self, message: OutboxMessage) -> None:
        """Store ``status``, ``attempts``, ``next_attempt_at``, ``last_error`` and ``delivered_at``."""
        ...

    def for_subject(self, topic: str, subject_id: int) -> list[OutboxMessage]:
        """The messages of one subject (an application, a message), oldest first."""
        ...


class OutboxQueue(Protocol):
    """Reached as ``platform_uow.outbox_queue``: what the worker should try next, every tenant."""

    def due(self, now: datetime, limit: int) -> list[tuple[int, int]]:
        """``(tenant_id, message_id)`` of pending messages whose next attempt is due, oldest due first."""
        ...
