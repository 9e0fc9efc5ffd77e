from datetime import UTC, datetime
from decimal import Decimal

import pytest

from nexus_core.domain.staff import (
    ALL_PERMISSIONS,
    ROLE_PERMISSIONS,
    Role,
    initials,
    parse_discount_pct,
    parse_role,
    permissions_of,
    validate_pin,
)
from nexus_core.domain.tenancy import Branch, Tenant, normalize_rfc
from nexus_core.errors import InvalidInput

NOW = datetime(2026, 4, 1, tzinfo=UTC)


def test_owner_and_admin_hold_every_permission_in_canonical_order() -> None:
    assert permissions_of(Role.OWNER) == list(ALL_PERMISSIONS)
    assert permissions_of(Role.ADMIN) == list(ALL_PERMISSIONS)


def test_cashier_cannot_edit_config_or_post_to_the_ledger() -> None:
    cashier = ROLE_PERMISSIONS[Role.CASHIER]
    assert "pos.sell" in cashier
    assert not {"config.edit", "config.view", "accounting.create", "pos.cancel"} & cashier


def test_accountant_does_invoicing_and_accounting_but_does_not_sell() -> None:
    acc = ROLE_PERMISSIONS[Role.ACCOUNTANT]
    assert {"invoicing.create", "invoicing.cancel", "accounting.create"} <= acc
    assert "pos.sell" not in acc


def test_owner_is_not_assignable_through_the_api() -> None:
    with pytest.raises(InvalidInput, match="role must be one of"):
        parse_role("owner")
    assert parse_role("cashier") is Role.CASHIER


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", 1234, "", " 1234"])
def test_bad_pins(pin: object) -> None:
    with pytest.raises(InvalidInput) as err:
        validate_pin(pin)
    assert err.value.field == "pin"


def test_discount_bounds() -> None:
    assert parse_discount_pct(10) == Decimal("10.00")
    for bad in (-1, 101, 1.5):
        with pytest.raises(InvalidInput):
            parse_discount_pct(bad)


@pytest.mark.parametrize(("name", "expected"), [("Admin", "AD"), ("Juan Lopez", "JL"), ("  ana  maria ", "AM")])
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


def test_rfc_is_normalized_and_validated() -> None:
    assert normalize_rfc("eku9003173c9") == "EKU9003173C9"
    assert normalize_rfc(None) is None
    with pytest.raises(InvalidInput):
        normalize_rfc("NOT-AN-RFC")


def test_tenant_and_branch_constructors_validate_names() -> None:
    with pytest.raises(InvalidInput, match="name is required"):
        Tenant.create(name="  ", rfc=None, now=NOW)
    with pytest.raises(InvalidInput, match="name must be a string"):
        Branch.create(tenant_id=1, name=5, address=None, phone=None)
    t = Tenant.create(name=" Refacciones Perez ", rfc=None, now=NOW)
    assert t.name == "Refacciones Perez"
    assert t.theme_variables()["--color-primary"] == "#1a73e8"
