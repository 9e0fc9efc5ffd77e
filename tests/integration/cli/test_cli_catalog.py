# ruff: noqa: E501  (each bad file and its message read best on one line)
"""`nexus catalog import DIR` and `nexus catalog demo`: a bad file is named by line and column and
nothing of it is loaded, the published catalog stays; a good load replaces it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from nexus_cli.main import app
from nexus_core.testing.catalog_base import TINY_CATALOG

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'nexus.db'}"
    monkeypatch.setenv("NEXUS_DATABASE_URL", url)
    monkeypatch.setenv("NEXUS_PIN_PEPPER", "p" * 32)
    return url


def _files(tmp_path: Path, name: str = "catalog", **changes: str) -> Path:
    directory = tmp_path / name
    directory.mkdir()
    for filename, content in {**TINY_CATALOG, **changes}.items():
        (directory / filename).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return directory


def _import(directory: Path) -> tuple[int, dict[str, Any], str]:
    r = runner.invoke(app, ["catalog", "import", str(directory)])
    return r.exit_code, json.loads(r.stdout) if r.stdout.strip() else {}, r.stderr


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(sql))]
    finally:
        engine.dispose()


def test_import_loads_and_a_second_import_replaces_the_catalog(db: str, tmp_path: Path) -> None:
    code, out, _ = _import(_files(tmp_path))
    assert code == 0
    assert (out["generation"], out["replaced_generation"]) == (1, None)
    assert out["files"]["parts"] == 10 and out["files"]["cross_references"] == 6
    assert out["parts_in_interchange_groups"] == 9
    renamed = TINY_CATALOG["parts.csv"].replace("Balatas delanteras Brembo", "Pastillas Brembo")
    code, out, _ = _import(_files(tmp_path, "second", **{"parts.csv": renamed}))
    assert code == 0 and (out["generation"], out["replaced_generation"]) == (2, 1)
    assert _rows(db, "SELECT id, status FROM catalog_generations ORDER BY id") == [(1, "retired"), (2, "current")]
    assert _rows(db, "SELECT name FROM catalog_parts WHERE id = 502 AND generation = 2") == [("Pastillas Brembo",)]
    code, out, _ = _import(_files(tmp_path, "third"))
    assert code == 0 and out["generation"] == 3
    # The retired load before the last one is gone.
    assert _rows(db, "SELECT DISTINCT generation FROM catalog_parts ORDER BY 1") == [(2,), (3,)]


BAD_CROSS = "part_id,other_part_id,source,direction\n501,500,supplier,both\n502,999,user,both\n"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cross_references.csv": BAD_CROSS}, "cross_references.csv: line 3, column other_part_id: 999 is not an id of parts.csv"),
        ({"parts.csv": "id,manufacturer,part_number,name\n1,BOSCH,X1,Balata\n1,BOSCH,X2,Balata\n"}, "parts.csv: line 3, column id: id 1 appears twice"),
        ({"vehicle_years.csv": "id,year\n1,2018\n2,dos mil\n"}, "vehicle_years.csv: line 3, column year: must be a year between 1900 and 2100"),
        ({"vehicles.csv": "id,model_id,year_id\n1000,10,1\n"}, "vehicles.csv: line 1: missing column(s) engine_id"),
        ({"engines.csv": "id,name,colour\n1,x,red\n"}, "engines.csv: line 1: unknown column(s) colour"),
        ({"vehicle_brands.csv": "id,name\n1,TOYOTA\n2\n"}, "vehicle_brands.csv: line 3, column name: is missing"),
        ({"vehicle_brands.csv": "id,name\n1,TOYOTA,extra\n"}, "vehicle_brands.csv: line 2, column 3: more values than the header names"),
        ({"fitments.csv": b"part_id,vehicle_id,group_id\n500,1000,10\n\xff\xfe,1,1\n"}, "fitments.csv: line 3, column -: is not UTF-8 text"),
        ({"cross_references.csv": "part_id,other_part_id,source\n501,500,magic\n"}, "cross_references.csv: line 2, column source: must be one of: oe, supplier, user"),
    ],
)  # fmt: skip
def test_a_bad_file_is_named_by_line_and_column_and_nothing_changes(
    db: str, tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    assert _import(_files(tmp_path))[0] == 0
    code, out, err = _import(_files(tmp_path, "bad", **changes))
    assert code == 1 and out == {}
    assert message in err
    assert _rows(db, "SELECT id, status FROM catalog_generations") == [(1, "current")]
    for table in ("catalog_vehicle_brands", "catalog_parts", "catalog_fitments", "catalog_cross_refs"):
        assert _rows(db, f"SELECT DISTINCT generation FROM {table}") == [(1,)]  # the abandoned load is gone


def test_a_missing_file_or_directory_is_refused(db: str, tmp_path: Path) -> None:
    directory = _files(tmp_path)
    (directory / "fitments.csv").unlink()
    code, _, err = _import(directory)
    assert code == 1 and "missing file(s) fitments.csv" in err
    assert runner.invoke(app, ["catalog", "import", str(tmp_path / "nowhere")]).exit_code == 2


def test_demo_writes_and_loads_the_small_base_once(db: str, tmp_path: Path) -> None:
    r = runner.invoke(app, ["catalog", "demo", "--size", "small", "--if-empty", "--out", str(tmp_path / "demo")])
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["loaded"] is True and out["files"]["parts"] > 1000 and out["files"]["fitments"] > 10_000
    assert (tmp_path / "demo" / "parts.csv").is_file()
    again = runner.invoke(app, ["catalog", "demo", "--if-empty"])
    assert again.exit_code == 0 and json.loads(again.stdout) == {"loaded": False}
    assert runner.invoke(app, ["catalog", "demo", "--size", "huge"]).exit_code == 2
