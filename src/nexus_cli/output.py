"""How every command talks: one JSON object on stdout, messages on stderr, exit 0/1/2."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs
import orjson
import typer

from nexus_adapters.database_checks import describe_problem
from nexus_adapters.settings import DEFAULT_DATABASE_URL, Settings, SettingsError
from nexus_core.domain.days import instant_text
from nexus_core.errors import NexusError

EXIT_REFUSED = 1
EXIT_USAGE = 2


def timestamp(moment: datetime) -> str:
    """The API's spelling of an instant (docs/api.md#dates-and-times)."""
    return instant_text(moment)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        # A JSON number with exactly the digits computed (docs/api.md#money): never through float.
        return orjson.Fragment(format(value, "f"))
    if attrs.has(type(value)):
        return attrs.asdict(value)
    if isinstance(value, datetime):
        return timestamp(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot serialize {type(value).__name__}")


def emit(payload: Any) -> None:
    """Print the command's single JSON result."""
    if attrs.has(type(payload)):
        payload = attrs.asdict(payload)
    typer.echo(orjson.dumps(payload, default=_default, option=orjson.OPT_PASSTHROUGH_DATETIME).decode())


def say(message: str) -> None:
    typer.echo(message, err=True)


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Say ``error: message`` on stderr; the caller raises the returned exit."""
    say(f"error: {message}")
    return typer.Exit(code)


@contextmanager
def domain_errors() -> Iterator[None]:
    """A refusal of the domain exits 1 with its message; an unusable configuration or database exits 2
    with one line saying what is wrong (never a traceback)."""
    try:
        yield
    except NexusError as exc:
        raise fail(exc.message, EXIT_REFUSED) from None
    except SettingsError as exc:
        raise fail(str(exc)) from None
    except Exception as exc:
        problem = describe_problem(exc, _configured_url())
        if problem is None:
            raise
        raise fail(problem) from None


def _configured_url() -> str:
    try:
        return Settings.from_env().database_url
    except SettingsError:
        return DEFAULT_DATABASE_URL
