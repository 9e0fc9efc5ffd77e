"""How every command talks: one JSON object on stdout, messages on stderr, exit 0/1/2."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import attrs
import typer

from nexus_adapters.settings import SettingsError
from nexus_core.errors import NexusError

EXIT_REFUSED = 1
EXIT_USAGE = 2


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value == value.quantize(Decimal("0.01")) else str(value)
    if attrs.has(type(value)):
        return attrs.asdict(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot serialize {type(value).__name__}")


def emit(payload: Any) -> None:
    """Print the command's single JSON result."""
    if attrs.has(type(payload)):
        payload = attrs.asdict(payload)
    typer.echo(json.dumps(payload, default=_default, ensure_ascii=False))


def say(message: str) -> None:
    typer.echo(message, err=True)


@contextmanager
def domain_errors() -> Iterator[None]:
    """A refusal of the domain exits 1 with its message; a bad configuration exits 2."""
    try:
        yield
    except NexusError as exc:
        say(f"error: {exc.message}")
        raise typer.Exit(EXIT_REFUSED) from None
    except SettingsError as exc:
        say(f"error: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
