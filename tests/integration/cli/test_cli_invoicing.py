"""``nexus invoicing set-csd`` and ``process-queue`` in process (CliRunner) against a real SQLite file:
the CSD is checked before it is kept, and the queue stamps what the counter invoiced."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from contract.invoice_shop import NAME, PASSWORD, RFC, csd
from nexus_adapters import bootstrap
from nexus_adapters.cfdi.selfsigned import make_csd
from nexus_cli.main import app
from nexus_core.services.invoicing import CreateInvoice, ReceptorInput, create_invoice
from nexus_core.services.items import CreateItem, create_item
from nexus_core.services.sales import CreateSale, SaleLineInput, create_sale
from nexus_core.testing.builders import login

runner = CliRunner()


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEXUS_DATABASE_URL", f"sqlite:///{tmp_path / 'nexus.db'}")
    monkeypatch.setenv("NEXUS_PIN_PEPPER", "p" * 32)
    monkeypatch.setenv("NEXUS_CSD_KEY", "cli-tests")
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    shop = ["tenants", "create", "--name", "Kemper", "--owner-name", "Ana", "--owner-pin", "4321", "--rfc", RFC]
    assert runner.invoke(app, shop).exit_code == 0, "tenant"
    cer, key = csd()
    (tmp_path / "csd.cer").write_bytes(cer)
    (tmp_path / "csd.key").write_bytes(key)
    (tmp_path / "password").write_bytes(PASSWORD + b"\n")
    (tmp_path / "wrong").write_text("nope")
    return tmp_path


def _set(files, *extra: str, cer: str = "csd.cer", password: str = "password"):
    args = ["invoicing", "set-csd", "--tenant-id", "1", "--cer", str(files / cer), "--key", str(files / "csd.key")]
    return runner.invoke(app, [*args, "--password-file", str(files / password), *extra])


def test_set_csd_keeps_a_valid_certificate_of_the_shops_rfc(files) -> None:
    r = _set(files, "--regimen-fiscal", "601", "--codigo-postal", "42501")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert (out["rfc"], out["no_certificado"], out["serie"], out["razon_social"]) == (
        RFC,
        "30001000000500003416",
        "F",
        NAME,
    )
    again = _set(files)  # régimen and postal code are kept from before
    assert again.exit_code == 0 and json.loads(again.stdout)["codigo_postal"] == "42501"


def test_set_csd_refuses_bad_certificates_and_changes_nothing(files) -> None:
    assert "regimen_fiscal is required" in _set(files).stderr
    wrong = _set(files, "--regimen-fiscal", "601", "--codigo-postal", "42501", password="wrong")
    assert wrong.exit_code == 1 and "password" in wrong.stderr
    other_cer, _ = make_csd("XIA190128J61", "OTRA")
    (files / "other.cer").write_bytes(other_cer)
    other = _set(files, "--regimen-fiscal", "601", "--codigo-postal", "42501", cer="other.cer")
    assert other.exit_code == 1 and "XIA190128J61" in other.stderr
    expired, _key = make_csd(
        RFC, NAME, valid_from=datetime(2019, 1, 1, tzinfo=UTC), valid_to=datetime(2023, 1, 1, tzinfo=UTC)
    )
    (files / "old.cer").write_bytes(expired)
    old = _set(files, "--regimen-fiscal", "601", "--codigo-postal", "42501", cer="old.cer")
    assert old.exit_code == 1 and "expired" in old.stderr
    missing = runner.invoke(
        app, ["invoicing", "set-csd", "--tenant-id", "1", "--cer", "x", "--key", "y", "--password-file", "z"]
    )
    assert missing.exit_code == 2
    with bootstrap.build_services().uows.tenant(1, write=False) as uow:
        assert uow.issuer.get() is None


def test_process_queue_stamps_what_was_invoiced(files) -> None:
    assert _set(files, "--regimen-fiscal", "601", "--codigo-postal", "42501").exit_code == 0
    nexus = bootstrap.build_services()
    _, owner = login(nexus, 1, "4321")
    item = nexus.run(1, create_item, CreateItem(owner, {"name": "Balata", "branch_id": 1}, cost="50", initial_stock=5))
    sale = nexus.run(1, create_sale, CreateSale(owner, [SaleLineInput(item.id, "1", "100.00")], "tarjeta"))
    workshop = ReceptorInput("CACX7605101P8", "Xochilt Casas", "612", "36257")
    nexus.run(1, create_invoice, CreateInvoice(owner, sale.id, receptor=workshop))
    r = runner.invoke(app, ["invoicing", "process-queue", "--tenant-id", "1"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert (out["processed"], out["stamped"]) == (1, 1) and out["results"][0]["uuid"]
    assert json.loads(runner.invoke(app, ["invoicing", "process-queue", "--tenant-id", "1"]).stdout)["processed"] == 0
    assert runner.invoke(app, ["invoicing", "process-queue", "--tenant-id", "9"]).exit_code == 1


def test_process_queue_without_a_tenant_stamps_every_tenants_pending_cfdis(files) -> None:
    assert _set(files, "--regimen-fiscal", "601", "--codigo-postal", "42501").exit_code == 0
    second = ["tenants", "create", "--name", "Sin CSD", "--owner-name", "Beto", "--owner-pin", "8765"]
    assert runner.invoke(app, second).exit_code == 0
    nexus = bootstrap.build_services()
    _, owner = login(nexus, 1, "4321")
    item = nexus.run(1, create_item, CreateItem(owner, {"name": "Balata", "branch_id": 1}, cost="50", initial_stock=5))
    workshop = ReceptorInput("CACX7605101P8", "Xochilt Casas", "612", "36257")
    for _ in range(2):
        sale = nexus.run(1, create_sale, CreateSale(owner, [SaleLineInput(item.id, "1", "100.00")], "tarjeta"))
        nexus.run(1, create_invoice, CreateInvoice(owner, sale.id, receptor=workshop))
    r = runner.invoke(app, ["invoicing", "process-queue"])
    assert r.exit_code == 0, r.output
    tenants = json.loads(r.stdout)["tenants"]
    assert [(t["tenant_id"], t["processed"], t["stamped"]) for t in tenants] == [(1, 2, 2)]  # tenant 2 has none
    assert json.loads(runner.invoke(app, ["invoicing", "process-queue"]).stdout) == {"tenants": []}
