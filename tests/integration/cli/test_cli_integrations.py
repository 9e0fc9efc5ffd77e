"""``nexus integrations configure`` and ``run`` in process (CliRunner) against a real SQLite file."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from nexus_cli.main import app

runner = CliRunner()


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "nexus.db"
    monkeypatch.setenv("NEXUS_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("NEXUS_PIN_PEPPER", "p" * 32)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    shop = ["tenants", "create", "--name", "Refacciones Perez", "--owner-name", "Ana", "--owner-pin", "4321"]
    assert runner.invoke(app, shop).exit_code == 0
    return str(path)


def _configure(*args: str):
    return runner.invoke(app, ["integrations", "configure", "--tenant-id", "1", *args])


def test_configure_stores_sealed_credentials_and_prints_only_their_names(db: str) -> None:
    r = _configure("--provider", "kueski", "--set", "api_key=sk_kueski_9", "--set", "secret=s3cr3t=x")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {
        "tenant_id": 1,
        "provider": "kueski",
        "enabled": True,
        "configured": ["api_key", "secret"],
        "missing": [],
    }
    with sqlite3.connect(db) as conn:
        [(sealed,)] = conn.execute("SELECT credentials FROM provider_settings").fetchall()
    assert "sk_kueski_9" not in sealed and "s3cr3t" not in sealed
    r = _configure("--provider", "kueski", "--disabled")
    assert r.exit_code == 0 and json.loads(r.stdout)["configured"] == ["api_key", "secret"]


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--provider", "aplazo", "--set", "api_key=k"], 1, "aplazo needs credentials: merchant_id"),
        (["--provider", "paypal", "--set", "api_key=k"], 1, "unknown provider 'paypal'"),
        (["--provider", "clip", "--set", "api_key"], 2, "--set takes key=value"),
    ],
)
def test_configure_refusals(db: str, args: list[str], code: int, says: str) -> None:
    r = _configure(*args)
    assert r.exit_code == code and says in r.output


def test_an_unknown_tenant_is_refused(db: str) -> None:
    r = runner.invoke(
        app, ["integrations", "configure", "--tenant-id", "9", "--provider", "clip", "--set", "api_key=k"]
    )
    assert r.exit_code == 1 and "tenant 9 not found" in r.output


def test_run_with_nothing_due_prints_zero_counts(db: str) -> None:
    r = runner.invoke(app, ["integrations", "run"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {"delivered": 0, "retrying": 0, "failed": 0}
