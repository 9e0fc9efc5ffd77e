"""``nexus register cut-x|cut-z`` in process (CliRunner) against a real SQLite file."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nexus_adapters import bootstrap
from nexus_cli.main import app
from nexus_core.services.registers import OpenRegister, RecordCashMovement, open_register, record_cash_movement
from nexus_core.testing.builders import login

runner = CliRunner()


@pytest.fixture
def register_id(tmp_path, monkeypatch) -> int:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEXUS_DATABASE_URL", f"sqlite:///{tmp_path / 'nexus.db'}")
    monkeypatch.setenv("NEXUS_PIN_PEPPER", "p" * 32)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    shop = ["tenants", "create", "--name", "Refacciones Perez", "--owner-name", "Ana", "--owner-pin", "4321"]
    assert runner.invoke(app, shop).exit_code == 0
    nexus = bootstrap.build_services()
    _, owner = login(nexus, 1, "4321")
    session = nexus.run(1, open_register, OpenRegister(owner, "2000.00"))
    nexus.run(1, record_cash_movement, RecordCashMovement(owner, "out", "500.10", "Papeleria"))
    return int(session.id)


def _run(*args: str, table: bool = False):
    """JSON unless ``table``: the tests read figures; one test reads the table people see."""
    return runner.invoke(app, ["register", *args, *(() if table or args[-1] == "--json" else ("--json",))])


def test_cut_x_prints_the_figures_with_their_digits(register_id: int) -> None:
    r = _run("cut-x", "--tenant-id", "1", "--register-id", str(register_id))
    assert r.exit_code == 0, r.output
    assert '"expected_cash":1499.90' in r.stdout  # the money's digits, never through a float
    out = json.loads(r.stdout)
    assert out["register_id"] == register_id and out["movements_out"] == 500.1 and out["counted_amount"] is None


def test_cut_z_closes_once_and_posts_the_shortage(register_id: int) -> None:
    args = ("--tenant-id", "1", "--register-id", str(register_id))
    r = _run("cut-z", *args, "--counted-amount", "1480.00")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["folio"] == "Z-0001" and '"difference":-19.90' in r.stdout and out["entry_id"] is not None
    again = _run("cut-z", *args, "--counted-amount", "1480.00")
    assert again.exit_code == 1 and again.stdout == "" and "already closed" in again.stderr
    assert json.loads(_run("cut-x", *args).stdout)["counted_amount"] == 1480


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["cut-x", "--tenant-id", "1", "--register-id", "99"], "register 99 not found"),
        (["cut-x", "--tenant-id", "7", "--register-id", "1"], "tenant 7 not found"),
        (["cut-z", "--tenant-id", "1", "--register-id", "1", "--counted-amount", "abc"], "counted_amount"),
        (["cut-z", "--tenant-id", "1", "--register-id", "1", "--counted-amount", "-1"], "counted_amount"),
    ],
)
def test_refusals_exit_1_and_print_nothing_on_stdout(register_id: int, args: list[str], words: str) -> None:
    r = _run(*args)
    assert r.exit_code == 1 and r.stdout == "" and words in r.stderr, r.output
    assert json.loads(_run("cut-x", "--tenant-id", "1", "--register-id", str(register_id)).stdout)["difference"] is None


def test_missing_options_are_usage_errors(register_id: int) -> None:
    assert _run("cut-z", "--tenant-id", "1", "--register-id", str(register_id)).exit_code == 2


def test_by_default_the_cuts_print_a_readable_table(register_id: int) -> None:
    args = ("--tenant-id", "1", "--register-id", str(register_id))
    x = _run("cut-x", *args, table=True)
    assert x.exit_code == 0, x.output
    assert "X cut - register" in x.stdout and "Expected in the drawer" in x.stdout and "1,499.90" in x.stdout
    z = _run("cut-z", *args, "--counted-amount", "1480.00", table=True)
    assert z.exit_code == 0, z.output
    assert "Z-0001" in z.stdout and "-19.90" in z.stdout and "Counted" in z.stdout
    closed = _run("cut-x", *args, table=True)
    assert "closed (frozen Z figures)" in closed.stdout and "1,480.00" in closed.stdout
