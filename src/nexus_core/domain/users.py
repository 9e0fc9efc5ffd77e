"""Users of the parcels surface: they log in with email and password."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from nexus_core.domain.text import optional_text, require_email
from nexus_core.errors import InvalidInput


class UserRole(enum.StrEnum):
    ADMIN = "admin"
    SELLER = "seller"
    PROVIDER = "provider"


MIN_PASSWORD_LENGTH = 8


def parse_user_role(value: object) -> UserRole:
    if not isinstance(value, str) or value not in {r.value for r in UserRole}:
        raise InvalidInput("role must be one of: admin, seller, provider", field="role")
    return UserRole(value)


def validate_password(value: object, *, field: str = "password") -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be a string", field=field)
    if len(value) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"{field} must be at least {MIN_PASSWORD_LENGTH} characters", field=field)
    if len(value) > 1024:
        raise InvalidInput(f"{field} is too long", field=field)
    return value


@attrs.define(eq=False)
class User:
    """A delivery-desk user; the email is unique across the installation because login names no tenant."""

    id: int | None
    tenant_id: int
    email: str
    name: str | None
    role: UserRole
    password_hash: str
    is_active: bool
    created_at: datetime

    @classmethod
    def create(
        cls, *, tenant_id: int, email: object, name: object, role: UserRole, password_hash: str, now: datetime
    ) -> User:
        return cls(
            id=None,
            tenant_id=tenant_id,
            email=require_email(email),
            name=optional_text(name, field="name", max_len=120),
            role=role,
            password_hash=password_hash,
            is_active=True,
            created_at=now,
        )
