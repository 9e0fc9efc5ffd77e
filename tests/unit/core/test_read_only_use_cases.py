"""A use case declares once whether it writes; the runner honours it (ADR 12)."""

from __future__ import annotations

import pytest

from nexus_core.domain.tenancy import Branch
from nexus_core.ports.unit_of_work import ReadOnlyTransactionError, UnitOfWork
from nexus_core.services import auth, config, devices, employees, ledger, ledger_reports, sessions, tenant_settings
from nexus_core.services.config import CreateBranch, ListBranches, create_branch, list_branches
from nexus_core.services.runner import Deps, read_only, writes
from nexus_core.testing import in_memory_nexus
from nexus_core.testing.builders import create_shop, login


@read_only
def _sneaky_branch(cmd: str, uow: UnitOfWork, deps: Deps) -> int:
    """Declared read-only, but writes: the mistake this rule exists to catch."""
    return uow.branches.add(Branch.create(tenant_id=uow.tenant_id, name=cmd, address=None, phone=None))


def test_a_use_case_declared_read_only_that_writes_fails_and_changes_nothing() -> None:
    nexus = in_memory_nexus()
    shop = create_shop(nexus)
    _, owner = login(nexus, shop.tenant_id, "1234")
    with pytest.raises(ReadOnlyTransactionError, match="@read_only"):
        nexus.run(shop.tenant_id, _sneaky_branch, "Norte")
    assert [b.name for b in nexus.run(shop.tenant_id, list_branches, ListBranches(actor=owner))] == ["Matriz"]


def test_a_use_case_not_declared_read_only_writes() -> None:
    nexus = in_memory_nexus()
    shop = create_shop(nexus)
    _, owner = login(nexus, shop.tenant_id, "1234")
    nexus.run(shop.tenant_id, create_branch, CreateBranch(actor=owner, name="Norte"))
    assert len(nexus.run(shop.tenant_id, list_branches, ListBranches(actor=owner))) == 2


def test_a_before_commit_hook_gets_a_write_transaction_even_for_a_read() -> None:
    nexus = in_memory_nexus()
    shop = create_shop(nexus)
    _, owner = login(nexus, shop.tenant_id, "1234")

    def remember(uow: UnitOfWork, result: object) -> None:
        uow.login_attempts.record_failure("audit", nexus.deps.clock.now())

    nexus.run(shop.tenant_id, list_branches, ListBranches(actor=owner), before_commit=remember)


def test_the_queries_are_declared_read_only_and_the_changes_are_not() -> None:
    reads = [
        auth.who_am_i,
        auth.list_login_employees,
        config.list_branches,
        config.list_employees,
        config.get_theme,
        ledger.list_accounts,
        ledger.list_entries,
        ledger.get_entry,
        ledger.list_periods,
        ledger_reports.trial_balance,
        ledger_reports.income_statement,
        ledger_reports.balance_sheet,
        ledger_reports.aging,
        tenant_settings.get_business_settings,
        devices.list_devices,
        sessions.read_employee_state,
    ]
    changes = [
        auth.login_with_pin,
        config.create_branch,
        ledger.create_manual_entry,
        ledger.close_period,
        tenant_settings.update_business_settings,
        devices.enroll_device,
        devices.revoke_device,
        employees.update_employee,
        employees.reset_pin,
    ]
    assert [h.__name__ for h in reads if writes(h)] == []
    assert [h.__name__ for h in changes if not writes(h)] == []
