"""What the Odoo and SAP Business One clients share: one httpx client per export (with its timeouts), and
the mapping of transport failures to :class:`~nexus_core.errors.ExternalServiceError`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

from nexus_core.errors import ExternalServiceError

TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def client(base_url: str, transport: httpx.BaseTransport | None, timeout: httpx.Timeout = TIMEOUT) -> httpx.Client:
    return httpx.Client(base_url=base_url.rstrip("/"), transport=transport, timeout=timeout)


def call(provider: str, send: Callable[[], httpx.Response]) -> httpx.Response:
    """Send; an unreachable or timed-out provider, or a server error (5xx), is an ExternalServiceError."""
    try:
        response = send()
    except httpx.TimeoutException:
        raise ExternalServiceError(f"{provider} did not answer in time") from None
    except httpx.HTTPError as error:
        raise ExternalServiceError(f"{provider} is unreachable: {type(error).__name__}") from None
    if response.status_code >= 500:
        raise ExternalServiceError(f"{provider} answered {response.status_code}")
    return response


def json_of(provider: str, response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise ExternalServiceError(f"{provider} answered something that is not JSON") from None


def need(credentials: Mapping[str, str], *names: str) -> tuple[str, ...]:
    return tuple(credentials[n] for n in names)
