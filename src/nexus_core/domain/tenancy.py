"""Tenants (one shop or delivery business each) and their branches."""

from __future__ import annotations

import re
from datetime import datetime
from types import MappingProxyType
from typing import Mapping

import attrs

from nexus_core.domain.text import optional_text, require_text
from nexus_core.errors import InvalidInput

# Persona moral (12) or física (13): letters (incl. Ñ and &), six-digit date, three-character homoclave.
_RFC = re.compile(r"^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$")

DEFAULT_THEME = "default"
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


@attrs.define(eq=False)
class Tenant:
    """A customer business of this Nexus installation."""

    id: int | None
    name: str
    rfc: str | None
    theme: str
    created_at: datetime

    @classmethod
    def create(cls, *, name: object, rfc: object, now: datetime) -> Tenant:
        return cls(
            id=None,
            name=require_text(name, field="name", max_len=200),
            rfc=normalize_rfc(rfc),
            theme=DEFAULT_THEME,
            created_at=now,
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
