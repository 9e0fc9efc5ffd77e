"""``nexus tenants create --timezone`` and ``NEXUS_DEFAULT_TIMEZONE``: the tenant's business day."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nexus_adapters.bootstrap import build_services
from nexus_cli.main import app
from nexus_core.services.authz import Actor
from nexus_core.services.tenant_settings import GetBusinessSettings, get_business_settings

runner = CliRunner()
CREATE = ["tenants", "create", "--owner-name", "Ana", "--owner-pin", "4321"]


@pytest.fixture
def env(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEXUS_DATABASE_URL", f"sqlite:///{tmp_path / 'nexus.db'}")
    monkeypatch.setenv("NEXUS_PIN_PEPPER", "p" * 32)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0


def _zone(tenant_id: int) -> str:
    nexus = build_services()
    return nexus.run(tenant_id, get_business_settings, GetBusinessSettings(Actor.operator(tenant_id))).timezone


def test_a_tenant_takes_the_zone_given_or_the_installation_default(env, monkeypatch) -> None:
    made = runner.invoke(app, [*CREATE, "--name", "Tijuana", "--timezone", "America/Tijuana"])
    assert made.exit_code == 0, made.output
    assert _zone(json.loads(made.stdout)["tenant_id"]) == "America/Tijuana"
    monkeypatch.setenv("NEXUS_DEFAULT_TIMEZONE", "America/Bogota")
    made = runner.invoke(app, [*CREATE, "--name", "Bogota"])
    assert _zone(json.loads(made.stdout)["tenant_id"]) == "America/Bogota"


def test_an_unknown_zone_is_refused_with_one_line(env) -> None:
    result = runner.invoke(app, [*CREATE, "--name", "Marte", "--timezone", "Mars/Olympus"])
    assert result.exit_code == 1 and result.stdout == ""
    assert "timezone must be an IANA time zone" in result.stderr
