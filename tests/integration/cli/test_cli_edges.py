"""What a newcomer hit on the command line: one clear line and the documented exit status, never a traceback."""

from __future__ import annotations

import json
import socket
import warnings
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from nexus_adapters.bootstrap import build_services
from nexus_cli.commands import serve as serve_module
from nexus_cli.main import app
from nexus_http import create_app

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the project ships
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

runner = CliRunner()


@pytest.fixture
def env(tmp_path, monkeypatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    values = {"NEXUS_DATABASE_URL": f"sqlite:///{tmp_path / 'nexus.db'}", "NEXUS_PIN_PEPPER": "p" * 32}
    for k, v in values.items():
        monkeypatch.setenv(k, v)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    return values


@pytest.fixture
def no_server(monkeypatch) -> None:
    """`nexus serve` must refuse before it starts anything; starting uvicorn here is a failure."""

    def refuse(*args, **kwargs):
        raise AssertionError("uvicorn.run was reached")

    monkeypatch.setattr(serve_module.uvicorn, "run", refuse)


def _one_line_error(result) -> str:
    assert result.stdout == "", result.stdout
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_closing_a_period_of_an_unknown_tenant_says_so(env) -> None:
    r = runner.invoke(app, ["period", "close", "--tenant-id", "99", "2026", "4"])
    assert r.exit_code == 1
    assert _one_line_error(r) == "error: tenant 99 not found"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("notaurl", "NEXUS_DATABASE_URL is not a database URL: 'notaurl'"),
        ("mysql://db.example/nexus", "unsupported database"),
        ("postgresql+psycopg://nexus:hunter2@127.0.0.1:1/nexus", "cannot use the database"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [["db", "upgrade"], ["demo"], ["tenants", "create", "--name", "X", "--owner-name", "A", "--owner-pin", "1234"]],
)
def test_an_unusable_database_is_one_line_and_exit_2(tmp_path, monkeypatch, url, says, command) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEXUS_DATABASE_URL", url)
    monkeypatch.setenv("NEXUS_PIN_PEPPER", "p" * 32)
    r = runner.invoke(app, command)
    assert r.exit_code == 2
    line = _one_line_error(r)
    assert says in line
    assert "hunter2" not in line


def test_a_database_without_schema_says_to_upgrade(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEXUS_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    monkeypatch.setenv("NEXUS_PIN_PEPPER", "p" * 32)
    r = runner.invoke(app, ["demo"])
    assert r.exit_code == 2
    assert "run `nexus db upgrade`" in _one_line_error(r)


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield int(s.getsockname()[1])


def test_serve_checks_the_port_before_announcing(env, no_server, busy_port) -> None:
    r = runner.invoke(app, ["serve", "--port", str(busy_port)])
    assert r.exit_code == 2
    assert "Nexus serving" not in r.output
    assert f"port {busy_port} on 127.0.0.1 is already in use" in _one_line_error(r)


def test_serve_refuses_several_workers_on_sqlite(env, no_server) -> None:
    r = runner.invoke(app, ["serve", "--workers", "2"])
    assert r.exit_code == 2
    line = _one_line_error(r)
    assert "--workers 2 needs PostgreSQL" in line and "NEXUS_DATABASE_URL" in line


def test_demo_if_empty_says_how_to_see_the_credentials_again(env) -> None:
    assert runner.invoke(app, ["demo"]).exit_code == 0
    again = runner.invoke(app, ["demo", "--if-empty"])
    assert again.exit_code == 0 and json.loads(again.stdout) == {"created": False}
    assert "`nexus demo`" in again.stderr and "credentials" in again.stderr
    shown = json.loads(runner.invoke(app, ["demo"]).stdout)
    assert shown["pins"]["Admin"] == "1234"


def test_closed_at_reads_the_same_in_the_cli_and_the_api(env) -> None:
    made = runner.invoke(app, ["tenants", "create", "--name", "Libros", "--owner-name", "Ana", "--owner-pin", "4321"])
    tenant_id = json.loads(made.stdout)["tenant_id"]
    r = runner.invoke(app, ["period", "close", "--tenant-id", str(tenant_id), "2020", "1"])
    assert r.exit_code == 0, r.output
    cli_closed_at = json.loads(r.stdout)["closed_at"]
    with TestClient(create_app(build_services(env["NEXUS_DATABASE_URL"]), metrics=False)) as client:
        login = client.post("/pos/api/auth/login", json={"tenant_id": tenant_id, "pin": "4321"})
        headers = {"Authorization": f"Bearer {login.json()['token']}"}
        periods = client.get("/pos/api/accounting/periods", headers=headers).json()["data"]
    api_closed_at = next(p["closed_at"] for p in periods if (p["year"], p["month"]) == (2020, 1))
    assert cli_closed_at == api_closed_at


def test_money_is_printed_with_its_own_digits_never_through_float(capsys) -> None:
    from datetime import UTC, datetime
    from decimal import Decimal

    from nexus_cli.output import emit

    emit({"total": Decimal("10.50"), "big": Decimal("9999999.99"), "at": datetime(2026, 4, 5, 10, 0, tzinfo=UTC)})
    assert capsys.readouterr().out.strip() == '{"total":10.50,"big":9999999.99,"at":"2026-04-05T10:00:00"}'
