"""Employees of the point of sale, their roles and what each role may do."""

from __future__ import annotations

import enum
import re
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Mapping

import attrs

from nexus_core.domain.money import parse_decimal
from nexus_core.domain.text import optional_email, optional_text, require_text
from nexus_core.errors import InvalidInput

ALL_PERMISSIONS: tuple[str, ...] = (
    "pos.sell",
    "pos.discount",
    "pos.view",
    "pos.cancel",
    "inventory.view",
    "inventory.create",
    "inventory.edit",
    "inventory.adjust",
    "inventory.transfer",
    "catalog.view",
    "customers.view",
    "customers.create",
    "customers.edit",
    "config.view",
    "config.edit",
    "invoicing.view",
    "invoicing.create",
    "invoicing.cancel",
    "accounting.view",
    "accounting.create",
    "supplier_portal.view",
)


class Role(enum.StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    CASHIER = "cashier"
    WAREHOUSE = "warehouse"
    ACCOUNTANT = "accountant"


ROLE_LABELS: Mapping[Role, str] = MappingProxyType(
    {
        Role.OWNER: "Dueno",
        Role.ADMIN: "Administrador",
        Role.CASHIER: "Cajero",
        Role.WAREHOUSE: "Almacenista",
        Role.ACCOUNTANT: "Contador",
    }
)

ROLE_PERMISSIONS: Mapping[Role, frozenset[str]] = MappingProxyType(
    {
        Role.OWNER: frozenset(ALL_PERMISSIONS),
        Role.ADMIN: frozenset(ALL_PERMISSIONS),
        Role.CASHIER: frozenset(
            {
                "pos.sell",
                "pos.discount",
                "pos.view",
                "customers.view",
                "customers.create",
                "customers.edit",  # takes customers' payments at the counter; credit terms need config.edit
                "catalog.view",
                "inventory.view",
            }
        ),
        Role.WAREHOUSE: frozenset(
            {
                "inventory.view",
                "inventory.create",
                "inventory.edit",
                "inventory.adjust",
                "inventory.transfer",
                "catalog.view",
            }
        ),
        Role.ACCOUNTANT: frozenset(
            {
                "pos.view",
                "inventory.view",
                "catalog.view",
                "customers.view",
                "config.view",
                "invoicing.view",
                "invoicing.create",
                "invoicing.cancel",
                "accounting.view",
                "accounting.create",
            }
        ),
    }
)

_ORDERED_PERMISSIONS: Mapping[Role, tuple[str, ...]] = MappingProxyType(
    {role: tuple(p for p in ALL_PERMISSIONS if p in granted) for role, granted in ROLE_PERMISSIONS.items()}
)

# Roles an owner or admin may hand out through the API; "owner" is given only at tenant creation.
ASSIGNABLE_ROLES: tuple[Role, ...] = (Role.ADMIN, Role.CASHIER, Role.WAREHOUSE, Role.ACCOUNTANT)

_PIN = re.compile(r"^[0-9]{4,8}$")  # ASCII digits only: \d also matches other scripts


def permissions_of(role: Role) -> list[str]:
    """The role's permissions in the canonical order of :data:`ALL_PERMISSIONS`."""
    return list(_ORDERED_PERMISSIONS[role])


def parse_role(value: object, *, allowed: tuple[Role, ...] = ASSIGNABLE_ROLES) -> Role:
    if not isinstance(value, str) or value not in {r.value for r in allowed}:
        names = ", ".join(r.value for r in allowed)
        raise InvalidInput(f"role must be one of: {names}", field="role")
    return Role(value)


def validate_pin(value: object, *, field: str = "pin") -> str:
    """A PIN is 4 to 8 digits, given as a string."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be a string of 4 to 8 digits", field=field)
    if not _PIN.match(value):
        raise InvalidInput(f"{field} must be 4 to 8 digits", field=field)
    return value


def parse_discount_pct(value: object, *, field: str = "max_discount_pct") -> Decimal:
    pct = parse_decimal(value, field=field)
    if pct < 0 or pct > 100:
        raise InvalidInput(f"{field} must be between 0 and 100", field=field)
    return pct.quantize(Decimal("0.01"))


def initials(name: str) -> str:
    """Two letters for the login screen: first letters of the first two words, else the first two letters."""
    words = [w for w in name.split() if w]
    if len(words) >= 2:
        return (words[0][0] + words[1][0]).upper()
    return name.strip()[:2].upper()


@attrs.define(eq=False)
class Employee:
    """A person who works the counter or the back office; logs in with a PIN.

    ``pin_lookup`` is a keyed digest used to find the employee by PIN through a unique index;
    ``pin_hash`` is a slow hash used to verify it. Neither reveals the PIN.
    """

    id: int | None
    tenant_id: int
    branch_id: int
    name: str
    role: Role
    email: str | None
    phone: str | None
    max_discount_pct: Decimal
    is_active: bool
    pin_lookup: str
    pin_hash: str
    created_at: datetime

    @classmethod
    def create(
        cls,
        *,
        tenant_id: int,
        branch_id: int,
        name: object,
        role: Role,
        email: object,
        phone: object,
        max_discount_pct: Decimal,
        pin_lookup: str,
        pin_hash: str,
        now: datetime,
    ) -> Employee:
        return cls(
            id=None,
            tenant_id=tenant_id,
            branch_id=branch_id,
            name=require_text(name, field="name", max_len=120),
            role=role,
            email=optional_email(email),
            phone=optional_text(phone, field="phone", max_len=40),
            max_discount_pct=max_discount_pct,
            is_active=True,
            pin_lookup=pin_lookup,
            pin_hash=pin_hash,
            created_at=now,
        )

    @property
    def permissions(self) -> list[str]:
        return permissions_of(self.role)

    def can(self, permission: str) -> bool:
        return self.is_active and permission in ROLE_PERMISSIONS[self.role]
