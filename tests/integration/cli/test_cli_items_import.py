"""`nexus items import`: rows in batches, refused rows reported by line, nothing half-written,
initial stock through the engine with its posting; --dry-run writes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from nexus_cli.main import app

runner = CliRunner()

GOOD = """part_number,name,brand,cost,price_1,min_stock,initial_stock,category,barcode
04465-02220,Pastillas de freno delanteras,Toyota,150.00,350.00,5,10,Frenos,
90915-YZZD2,Filtro de aceite,Toyota,45.50,95.00,2,,Filtros,7501234567893
"""


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'nexus.db'}"
    monkeypatch.setenv("NEXUS_DATABASE_URL", url)
    monkeypatch.setenv("NEXUS_PIN_PEPPER", "p" * 32)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    args = ["tenants", "create", "--name", "Refacciones Perez", "--owner-name", "Ana", "--owner-pin", "4321"]
    assert runner.invoke(app, args).exit_code == 0
    return url


def _import(tmp_path: Path, content: str, *extra: str) -> tuple[int, dict[str, Any], str]:
    path = tmp_path / "items.csv"
    path.write_text(content, encoding="utf-8")
    r = runner.invoke(app, ["items", "import", str(path), "--tenant-id", "1", *extra])
    return r.exit_code, json.loads(r.stdout) if r.stdout.strip() else {}, r.stderr


def _count(url: str, sql: str) -> Any:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(sql)).scalar_one()
    finally:
        engine.dispose()


def test_import_creates_items_categories_stock_and_the_posting(db: str, tmp_path: Path) -> None:
    code, out, _ = _import(tmp_path, GOOD)
    assert code == 0, out
    assert (out["rows"], out["imported"], out["refused"], out["errors"]) == (2, 2, 0, [])
    assert out["initial_stock_units"] == 10 and out["initial_stock_value"] == 1500
    assert _count(db, "SELECT COUNT(*) FROM items") == 2
    assert _count(db, "SELECT COUNT(*) FROM inventory_categories") == 2
    assert _count(db, "SELECT SUM(on_hand) FROM stock_balances") == 10_000  # thousandths
    assert _count(db, "SELECT COUNT(*) FROM stock_movements WHERE kind = 'purchase'") == 1
    assert _count(db, "SELECT COUNT(*) FROM journal_entries") == 1
    assert _count(db, "SELECT barcode FROM items WHERE part_number = '04465-02220'").startswith("750")
    # the same file again: every row is a duplicate now
    code, out, _ = _import(tmp_path, GOOD)
    assert code == 1 and out["imported"] == 0
    assert [(e["line"], e["field"]) for e in out["errors"]] == [(2, "part_number"), (3, "barcode")]


def test_refused_rows_are_reported_by_line_and_write_nothing(db: str, tmp_path: Path) -> None:
    content = (
        "part_number,name,cost,price_1,initial_stock,branch_id\n"
        "A-1,Balata buena,10.00,20.00,5,\n"
        "A-2,,10.00,20.00,5,\n"  # no name
        "A-3,Precio malo,10.00,20.005,5,\n"
        "A-4,Sucursal ajena,10.00,20.00,5,99\n"
        "a 1,Parte repetida,10.00,20.00,5,\n"  # same part number as line 2, typed another way
        "A-6,Stock malo,10.00,20.00,-1,\n"
    )
    code, out, _ = _import(tmp_path, content, "--batch-size", "2")
    assert code == 1
    assert out["imported"] == 1 and out["refused"] == 5
    assert [(e["line"], e["field"]) for e in out["errors"]] == [
        (3, "name"),
        (4, "price_1"),
        (5, "branch_id"),
        (6, "part_number"),
        (7, "initial_stock"),
    ]
    assert "20.005" not in out["errors"][1]["error"] and "2 decimals" in out["errors"][1]["error"]
    assert _count(db, "SELECT COUNT(*) FROM items") == 1
    assert _count(db, "SELECT COUNT(*) FROM stock_movements") == 1


def test_dry_run_reports_the_same_and_writes_nothing(db: str, tmp_path: Path) -> None:
    content = GOOD + "04465 02220,Repetida en el archivo,1.00,2.00,,,,,\n"
    code, out, _ = _import(tmp_path, content, "--dry-run", "--batch-size", "1")
    assert code == 1 and out["dry_run"] is True
    assert out["imported"] == 2 and [(e["line"], e["field"]) for e in out["errors"]] == [(4, "part_number")]
    assert _count(db, "SELECT COUNT(*) FROM items") == 0
    assert _count(db, "SELECT COUNT(*) FROM inventory_categories") == 0
    assert _count(db, "SELECT COUNT(*) FROM journal_entries") == 0


def test_unknown_columns_and_tenants_are_refused(db: str, tmp_path: Path) -> None:
    code, _, err = _import(tmp_path, "name,prce_1\nBalata,10\n")
    assert code == 2 and "prce_1" in err
    path = tmp_path / "ok.csv"
    path.write_text("name\nBalata\n", encoding="utf-8")
    r = runner.invoke(app, ["items", "import", str(path), "--tenant-id", "42"])
    assert r.exit_code == 1 and "tenant 42 not found" in r.stderr
