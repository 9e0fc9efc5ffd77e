"""`nexus orders import`: JSON and CSV files streamed through the bulk path; per-order results on
stdout, exit 1 when any failed; --dry-run writes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from nexus_adapters.bootstrap import build_services
from nexus_cli import order_files
from nexus_cli.main import app
from nexus_core.domain.geo import GeoLevel
from nexus_core.services import geoinfo as G
from nexus_core.services import products as P
from nexus_core.services.authz import Actor

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'nexus.db'}"
    monkeypatch.setenv("NEXUS_DATABASE_URL", url)
    monkeypatch.setenv("NEXUS_PIN_PEPPER", "p" * 32)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    args = ["tenants", "create", "--name", "Envios Quito", "--owner-name", "Ana", "--owner-pin", "4321"]
    assert runner.invoke(app, args).exit_code == 0
    user = runner.invoke(
        app, ["users", "create", "--tenant-id", "1", "--email", "ops@x.example", "--password", "s3cret-pass"]
    )
    nexus = build_services(url)
    op = Actor.operator(1)
    pais = nexus.run(1, G.save_place, G.SavePlace(op, GeoLevel.COUNTRY, {"nombre": "Ecuador"}))
    depto = nexus.run(1, G.save_place, G.SavePlace(op, GeoLevel.DEPARTMENT, {"nombre": "Pichincha", "id_pais": pais}))
    muni = nexus.run(
        1, G.save_place, G.SavePlace(op, GeoLevel.MUNICIPALITY, {"nombre": "Quito", "id_departamento": depto})
    )
    a = nexus.run(1, P.create_product, P.CreateProduct(op, "A", stock=5)).id
    b = nexus.run(1, P.create_product, P.CreateProduct(op, "B", stock=5)).id
    return {"url": url, "user": json.loads(user.stdout)["user_id"], "geo": (pais, depto, muni), "a": a, "b": b}


def _order(db: dict[str, Any], number: int, *lines: tuple[int, int]) -> dict[str, Any]:
    pais, depto, muni = db["geo"]
    return {
        "numero_orden": number,
        "destinatario": "Cliente",
        "telefono": "099",
        "latitud": "-0.180653",
        "longitud": -78.467838,
        "id_pais": pais,
        "id_departamento": depto,
        "id_municipio": muni,
        "productos": [{"producto_id": i, "cantidad": q} for i, q in lines],
    }


def _run(db: dict[str, Any], path: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    args = ["orders", "import", str(path), "--tenant-id", "1", "--user-id", str(db["user"]), *extra]
    r = runner.invoke(app, args)
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return r.exit_code, json.loads(r.stdout) if r.stdout.strip() else {}, r.stderr


def _scalar(url: str, sql: str) -> Any:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(sql)).scalar_one()
    finally:
        engine.dispose()


def test_a_json_file_creates_its_orders_and_reports_each(db, tmp_path) -> None:
    path = tmp_path / "pedidos.json"
    orders = [_order(db, 1, (db["a"], 2)), _order(db, 2, (db["a"], 9)), _order(db, 3, (db["a"], 1), (db["b"], 1))]
    path.write_text(json.dumps({"pedidos": orders}, indent=2))
    code, out, _ = _run(db, path, "--batch-size", "2")
    assert code == 1  # order 2 was refused
    assert (out["orders"], out["created"], out["failed"]) == (3, 2, 1)
    assert [r["numero_orden"] for r in out["results"]] == [1, 2, 3]
    assert out["results"][1] == {
        "numero_orden": 2,
        "success": False,
        "error": f"Insufficient stock for product ID {db['a']}. Available: 3, required: 9",
    }
    assert _scalar(db["url"], "SELECT COUNT(*) FROM delivery_orders") == 2
    assert _scalar(db["url"], "SELECT MIN(latitude) FROM delivery_orders") == -180653  # six decimals, exact
    assert _scalar(db["url"], "SELECT DISTINCT created_by FROM delivery_orders") == db["user"]


def test_a_csv_file_groups_consecutive_rows_of_one_order(db, tmp_path) -> None:
    pais, depto, muni = db["geo"]
    path = tmp_path / "pedidos.csv"
    head = "numero_orden,destinatario,telefono,coordenadas,id_pais,id_departamento,id_municipio,producto_id,cantidad\n"
    rows = [
        f'10,Ana,099,"-0.1,-78.4",{pais},{depto},{muni},{db["a"]},1',
        f",,,,,,,{db['b']},2".replace(",,,,,,,", "10,,,,,,,", 1),
        f'11,Luis,098,"-0.2,-78.5",{pais},{depto},{muni},{db["b"]},1',
    ]
    path.write_text(head + "\n".join(rows) + "\n")
    code, out, _ = _run(db, path)
    assert code == 0, out
    assert [(r["numero_orden"], r["success"]) for r in out["results"]] == [(10, True), (11, True)]
    assert _scalar(db["url"], "SELECT COUNT(*) FROM delivery_order_lines") == 3
    assert _scalar(db["url"], "SELECT SUM(reserved) FROM stock_balances") == 4000  # thousandths


def test_dry_run_judges_everything_and_writes_nothing(db, tmp_path) -> None:
    path = tmp_path / "pedidos.json"
    path.write_text(json.dumps([_order(db, 1, (db["a"], 5)), _order(db, 2, (db["a"], 1))]))
    code, out, _ = _run(db, path, "--dry-run")
    assert code == 1 and [r["success"] for r in out["results"]] == [True, False]
    assert out["dry_run"] is True
    assert _scalar(db["url"], "SELECT COUNT(*) FROM delivery_orders") == 0
    assert _scalar(db["url"], "SELECT SUM(reserved) FROM stock_balances") == 0


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("bad.json", '{"orders": []}', "expected '\"pedidos\"'"),
        ("bad.json", '{"pedidos": [{"numero_orden": 1}, {oops', "not valid JSON"),
        ("bad.csv", "numero_orden,color\n1,red\n", "unknown column(s) color"),
    ],
)
def test_an_unreadable_file_is_a_clear_usage_error(db, tmp_path, name, content, words) -> None:
    path = tmp_path / name
    path.write_text(content)
    code, _, err = _run(db, path)
    assert code == 2 and words in err


def test_an_unknown_user_or_tenant_is_refused(db, tmp_path) -> None:
    path = tmp_path / "pedidos.json"
    path.write_text("[]")
    r = runner.invoke(app, ["orders", "import", str(path), "--tenant-id", "1", "--user-id", "999"])
    assert r.exit_code == 1 and "user is not active" in r.stderr
    r = runner.invoke(app, ["orders", "import", str(path), "--tenant-id", "9", "--user-id", "1"])
    assert r.exit_code == 1 and "tenant 9 not found" in r.stderr


def test_the_json_reader_streams_element_by_element(monkeypatch) -> None:
    import io

    monkeypatch.setattr(order_files, "CHUNK", 7)  # elements and numbers split across reads
    text = '{ "pedidos" : [ {"numero_orden": 123456789, "x": [1, 2.50]} , 42, 3.14159 ] }'
    assert list(order_files.json_orders(io.StringIO(text))) == [
        {"numero_orden": 123456789, "x": [1, order_files.Decimal("2.50")]},
        42,
        order_files.Decimal("3.14159"),
    ]
