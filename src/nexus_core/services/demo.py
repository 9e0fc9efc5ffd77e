"""The demo tenant that `make run` seeds into an empty database, so a newcomer can log in at once."""

from __future__ import annotations

from decimal import Decimal

import attrs

from nexus_core.domain.staff import Role
from nexus_core.ports.unit_of_work import PlatformUnitOfWork
from nexus_core.services.config import add_employee
from nexus_core.services.runner import Deps
from nexus_core.services.tenants import CreateTenant, CreateUser, create_tenant, create_user

DEMO_TENANT = "Refaccionaria Demo"
DEMO_RFC = "EKU9003173C9"
DEMO_OWNER = ("Admin", "1234")
DEMO_STAFF = (
    ("Caja Uno", Role.CASHIER, "5678", Decimal("10")),
    ("Almacen Uno", Role.WAREHOUSE, "2468", None),
    ("Contadora Uno", Role.ACCOUNTANT, "1357", None),
)
DEMO_USER = ("demo@nexus.local", "demo-password")


@attrs.frozen
class SeedDemo:
    pass


@attrs.frozen
class DemoCredentials:
    created: bool
    tenant_id: int
    branch_id: int
    pins: dict[str, str]
    parcels_email: str
    parcels_password: str


def seed_demo(cmd: SeedDemo, uow: PlatformUnitOfWork, deps: Deps) -> DemoCredentials:
    """Create the demo tenant unless it exists; either way answer its credentials."""
    pins = {DEMO_OWNER[0]: DEMO_OWNER[1], **{name: pin for name, _, pin, _ in DEMO_STAFF}}
    existing = uow.tenants.find_by_name(DEMO_TENANT)
    if existing is not None:
        assert existing.id is not None
        branches = uow.for_tenant(existing.id).branches.list()
        branch_id = branches[0].id if branches and branches[0].id is not None else 0
        return DemoCredentials(False, existing.id, branch_id, pins, *DEMO_USER)
    created = create_tenant(
        CreateTenant(
            name=DEMO_TENANT,
            owner_name=DEMO_OWNER[0],
            owner_pin=DEMO_OWNER[1],
            branch_name="Sucursal Centro",
            rfc=DEMO_RFC,
        ),
        uow,
        deps,
    )
    tuow = uow.for_tenant(created.tenant_id)
    for name, role, pin, discount in DEMO_STAFF:
        add_employee(
            tuow,
            deps,
            name=name,
            role=role,
            pin=pin,
            branch_id=created.branch_id,
            email=None,
            phone=None,
            max_discount_pct=discount,
        )
    create_user(CreateUser(tenant_id=created.tenant_id, email=DEMO_USER[0], password=DEMO_USER[1]), uow, deps)
    return DemoCredentials(True, created.tenant_id, created.branch_id, pins, *DEMO_USER)
