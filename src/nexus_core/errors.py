"""Error categories. Every adapter maps each category to its own status once."""

from __future__ import annotations


class NexusError(Exception):
    """Base of every error the domain raises on purpose.

    ``field`` names the offending input when there is one, so adapters can say
    which field is wrong without parsing the message.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(NexusError):
    """A value is missing, of the wrong type or out of range."""


class NotFound(NexusError):
    """The thing does not exist *for this tenant* (foreign ids look exactly like missing ones)."""


class RuleViolation(NexusError):
    """The input is well formed but a business rule refuses it."""


class Conflict(NexusError):
    """A concurrent or repeated operation collides with another one."""


class Unauthorized(NexusError):
    """No valid credentials."""


class Forbidden(NexusError):
    """Valid credentials that lack the permission."""


class RateLimited(NexusError):
    """Too many attempts; ``retry_after`` is in whole seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ExternalServiceError(NexusError):
    """An outside service (PAC, BNPL, ERP, ...) failed or refused."""


class KeyReused(Conflict):
    """An idempotency key sent again with a different request."""
