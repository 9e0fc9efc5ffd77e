"""Small builders for contract tests: valid entities with sensible defaults."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from nexus_core.domain.idempotency import IdempotencyRecord
from nexus_core.domain.staff import Employee, Role
from nexus_core.domain.tenancy import Branch, Tenant
from nexus_core.domain.users import User, UserRole
from nexus_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

NOW = datetime(2026, 4, 1, 15, 0, 0, 123456, tzinfo=UTC)


def new_tenant(uows: UnitOfWorkFactory, name: str = "Refaccionaria Uno") -> tuple[int, int]:
    """A committed tenant with one branch: ``(tenant_id, branch_id)``."""
    with uows.platform() as p:
        tenant_id = p.tenants.add(Tenant.create(name=name, rfc="AAA010101AAA", now=NOW))
        branch_id = p.for_tenant(tenant_id).branches.add(
            Branch.create(tenant_id=tenant_id, name="Matriz", address="Av. Juarez 1", phone=None)
        )
        p.commit()
    return tenant_id, branch_id


def employee(
    uow: UnitOfWork,
    branch_id: int,
    *,
    pin_lookup: str = "lookup-1234",
    name: str = "Ana Lopez",
    discount: Decimal = Decimal("12.50"),
) -> Employee:
    return Employee.create(
        tenant_id=uow.tenant_id,
        branch_id=branch_id,
        name=name,
        role=Role.CASHIER,
        email="Ana@Example.com",
        phone="5551234567",
        max_discount_pct=discount,
        pin_lookup=pin_lookup,
        pin_hash="hash$" + pin_lookup,
        now=NOW,
    )


def user(uow: UnitOfWork, email: str = "ops@example.com") -> User:
    return User.create(
        tenant_id=uow.tenant_id, email=email, name="Ops", role=UserRole.SELLER, password_hash="pw-hash", now=NOW
    )


def running(key: str, fingerprint: str = "fp-1", principal: str = "employee:1") -> IdempotencyRecord:
    return IdempotencyRecord.claim(key=key, principal=principal, fingerprint=fingerprint, owner="host:1:a", now=NOW)
