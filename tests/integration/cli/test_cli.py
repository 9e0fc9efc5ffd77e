"""The operators' command line, in process (CliRunner) against a real SQLite file."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nexus_cli.main import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path, monkeypatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    values = {"NEXUS_DATABASE_URL": f"sqlite:///{tmp_path / 'nexus.db'}", "NEXUS_PIN_PEPPER": "p" * 32}
    for k, v in values.items():
        monkeypatch.setenv(k, v)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    return values


def _json(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_db_upgrade_prints_json(env) -> None:
    out = _json(runner.invoke(app, ["db", "upgrade"]))
    assert out["schema"] == "up to date"


def test_tenants_create_prints_ids_and_refuses_duplicates(env) -> None:
    args = ["tenants", "create", "--name", "Refacciones Perez", "--owner-name", "Ana", "--owner-pin", "4321"]
    out = _json(runner.invoke(app, [*args, "--branch-name", "Centro", "--rfc", "EKU9003173C9"]))
    assert out == {"tenant_id": 1, "branch_id": 1, "employee_id": 1}
    again = runner.invoke(app, args)
    assert again.exit_code == 1 and again.stdout == "" and "already exists" in again.stderr


def test_bad_pin_is_a_domain_refusal(env) -> None:
    r = runner.invoke(app, ["tenants", "create", "--name", "X", "--owner-name", "A", "--owner-pin", "12"])
    assert r.exit_code == 1 and "pin" in r.stderr


def test_missing_option_is_usage_error(env) -> None:
    r = runner.invoke(app, ["tenants", "create", "--name", "X"])
    assert r.exit_code == 2


def test_users_create(env) -> None:
    _json(runner.invoke(app, ["tenants", "create", "--name", "Envios", "--owner-name", "A", "--owner-pin", "4321"]))
    out = _json(
        runner.invoke(
            app, ["users", "create", "--tenant-id", "1", "--email", "desk@example.com", "--password", "longenough"]
        )
    )
    assert out == {"user_id": 1}
    dup = runner.invoke(
        app, ["users", "create", "--tenant-id", "1", "--email", "DESK@example.com", "--password", "x" * 9]
    )
    assert dup.exit_code == 1 and "already exists" in dup.stderr
    unknown = runner.invoke(app, ["users", "create", "--tenant-id", "9", "--email", "a@b.co", "--password", "x" * 9])
    assert unknown.exit_code == 1 and "not found" in unknown.stderr
    bad_role = runner.invoke(
        app, ["users", "create", "--tenant-id", "1", "--email", "c@b.co", "--password", "x" * 9, "--role", "boss"]
    )
    assert bad_role.exit_code == 1 and "role" in bad_role.stderr


def test_demo_is_idempotent_and_if_empty_respects_existing_tenants(env) -> None:
    first = _json(runner.invoke(app, ["demo"]))
    assert first["created"] is True and first["pins"]["Admin"] == "1234"
    second = _json(runner.invoke(app, ["demo"]))
    assert second["created"] is False and second["tenant_id"] == first["tenant_id"]
    assert _json(runner.invoke(app, ["demo", "--if-empty"])) == {"created": False}


def test_bad_configuration_is_usage_error(env, monkeypatch) -> None:
    monkeypatch.setenv("NEXUS_TOKEN_TTL_HOURS", "soon")
    r = runner.invoke(app, ["demo"])
    assert r.exit_code == 2 and "NEXUS_TOKEN_TTL_HOURS" in r.stderr
