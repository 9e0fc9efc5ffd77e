"""Tenants (one shop or delivery business each) and their branches."""

from __future__ import annotations

import re
from datetime import datetime
from types import MappingProxyType
from typing import Callable, Mapping

import attrs

from nexus_core.domain.text import optional_text, require_text
from nexus_core.errors import InvalidInput

# Persona moral (12) or física (13): letters (incl. Ñ and &), six-digit date, three-character homoclave.
_RFC = re.compile(r"^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$")

DEFAULT_THEME = "default"
# The business day of a tenant is local to its IANA time zone (docs/adr/0016-tenant-business-day.md).
DEFAULT_TIMEZONE = "America/Mexico_City"
_ZONE_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}$")
THEMES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "default": MappingProxyType(
            {
                "--color-primary": "#1a73e8",
                "--color-secondary": "#5f6368",
                "--color-accent": "#ff6b35",
                "--color-bg": "#ffffff",
                "--color-surface": "#f8f9fa",
                "--color-text": "#202124",
                "--color-border": "#dadce0",
                "--font-display": "'Sora', sans-serif",
                "--font-body": "'Plus Jakarta Sans', sans-serif",
                "--font-mono": "'JetBrains Mono', monospace",
                "--radius": "8px",
            }
        ),
        "dark": MappingProxyType(
            {
                "--color-primary": "#8ab4f8",
                "--color-secondary": "#9aa0a6",
                "--color-accent": "#ff8a5c",
                "--color-bg": "#202124",
                "--color-surface": "#292a2d",
                "--color-text": "#e8eaed",
                "--color-border": "#5f6368",
                "--font-display": "'Sora', sans-serif",
                "--font-body": "'Plus Jakarta Sans', sans-serif",
                "--font-mono": "'JetBrains Mono', monospace",
                "--radius": "8px",
            }
        ),
    }
)


def normalize_rfc(value: object, *, field: str = "rfc") -> str | None:
    rfc = optional_text(value, field=field, max_len=13)
    if rfc is None:
        return None
    rfc = rfc.upper()
    if not _RFC.match(rfc):
        raise InvalidInput(f"{field} is not a valid RFC", field=field)
    return rfc


def parse_timezone(value: object, *, is_zone: Callable[[str], bool], field: str = "timezone") -> str:
    """An IANA time zone name such as ``America/Mexico_City``; ``is_zone`` (the business calendar
    port) says whether the installation knows it."""
    text = require_text(value, field=field, max_len=64)
    if not _ZONE_SHAPE.match(text) or not is_zone(text):
        raise InvalidInput(f"{field} must be an IANA time zone such as {DEFAULT_TIMEZONE}", field=field)
    return text


@attrs.define(eq=False)
class Tenant:
    """A customer business of this Nexus installation. ``timezone`` (IANA) fixes its business day:
    every date the business sees is local to it; instants are stored in UTC."""

    id: int | None
    name: str
    rfc: str | None
    theme: str
    created_at: datetime
    timezone: str = DEFAULT_TIMEZONE

    @classmethod
    def create(cls, *, name: object, rfc: object, now: datetime, timezone: str = DEFAULT_TIMEZONE) -> Tenant:
        """``timezone`` must already be checked with :func:`parse_timezone`."""
        return cls(
            id=None,
            name=require_text(name, field="name", max_len=200),
            rfc=normalize_rfc(rfc),
            theme=DEFAULT_THEME,
            created_at=now,
            timezone=timezone,
        )

    def theme_variables(self) -> Mapping[str, str]:
        return THEMES.get(self.theme, THEMES[DEFAULT_THEME])


@attrs.define(eq=False)
class Branch:
    """A physical shop (sucursal) of a tenant."""

    id: int | None
    tenant_id: int
    name: str
    address: str | None
    phone: str | None
    is_active: bool

    @classmethod
    def create(cls, *, tenant_id: int, name: object, address: object, phone: object) -> Branch:
        return cls(
            id=None,
            tenant_id=tenant_id,
            name=require_text(name, field="name", max_len=120),
            address=optional_text(address, field="address", max_len=300),
            phone=optional_text(phone, field="phone", max_len=40),
            is_active=True,
        )
