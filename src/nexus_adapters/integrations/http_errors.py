"""Mapping an HTTP exchange with a provider to the core's errors, the same way for every client."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from nexus_core.domain.outbox import PermanentDeliveryError
from nexus_core.errors import ExternalServiceError

# Statuses worth retrying: the provider is busy, limiting us, or briefly away.
RETRYABLE = {408, 409, 425, 429, 500, 502, 503, 504}


@contextmanager
def outbound(provider: str) -> Iterator[None]:
    """Timeouts and network failures become retryable :class:`ExternalServiceError` naming the provider."""
    try:
        yield
    except httpx.TimeoutException:
        raise ExternalServiceError(f"{provider}: no answer within the timeout") from None
    except httpx.TransportError as error:
        raise ExternalServiceError(f"{provider}: network error ({type(error).__name__})") from None


def checked(provider: str, response: httpx.Response, detail: str = "") -> Any:
    """The JSON body of a 2xx answer; otherwise the error, retryable or not by its status."""
    if response.is_success:
        try:
            return response.json()
        except ValueError:
            raise ExternalServiceError(f"{provider}: answered {response.status_code} without JSON") from None
    text = f"{provider}: HTTP {response.status_code}" + (f": {detail}" if detail else "")
    if response.status_code in RETRYABLE:
        raise ExternalServiceError(text)
    raise PermanentDeliveryError(text)


def error_detail(response: httpx.Response, *paths: tuple[str, ...]) -> str:
    """The first text found at one of ``paths`` in a JSON error body (``("error", "message")``)."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    for path in paths:
        value: Any = body
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str | int) and value != "":
            return str(value)[:300]
    return ""
