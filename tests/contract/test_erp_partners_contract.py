"""ERP sync of customers and purchases on the fakes, SQLite and PostgreSQL: each customer is sent once
across runs, and a stock receipt is one purchase document (its lines grouped by reference)."""

from __future__ import annotations

import itertools

import pytest

from contract.credit_shop import add_customer
from contract.sell_shop import make_counter
from nexus_adapters.erp.registry import ErpExporterRegistry
from nexus_core.domain.erp import JobStatus
from nexus_core.errors import RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services.erp_sync import CreateSyncJob, GetSyncJob, create_job, run_job
from nexus_core.services.purchases import PurchaseLine, ReceivePurchase, receive_purchase
from nexus_core.services.runner import Nexus
from nexus_core.testing import in_memory_nexus

_SHOPS = itertools.count(1)


def test_a_customers_job_sends_each_customer_once_across_two_runs(uow_factory: UnitOfWorkFactory) -> None:
    counter = make_counter(Nexus(uows=uow_factory, deps=in_memory_nexus().deps), f"ERP C {next(_SHOPS)}")
    nexus, tid = counter.shop.nexus, counter.shop.tenant_id
    first = add_customer(counter, name="Taller Perez")
    job = counter.run(create_job, CreateSyncJob(counter.owner, "aspel_sae", "customers"))
    exporters = ErpExporterRegistry()

    done = run_job(nexus, tid, GetSyncJob(counter.owner, job.id), exporters)
    assert (done.status, done.sent_count) == (JobStatus.SUCCEEDED, 1)
    assert done.output is not None and f"NX-C{first}," in done.output.content.decode("utf-8-sig")

    second = add_customer(counter, name="Autos Garcia", rfc="AGA010101AA1")
    again = run_job(nexus, tid, GetSyncJob(counter.owner, job.id), exporters)
    assert again.sent_count == 2 and again.output is not None
    text = again.output.content.decode("utf-8-sig")
    assert f"NX-C{second}," in text and "AGA010101AA1" in text and f"NX-C{first}," not in text

    third = run_job(nexus, tid, GetSyncJob(counter.owner, job.id), exporters)
    assert third.sent_count == 2  # nothing new
    with nexus.uows.tenant(tid, write=False) as uow:
        ids = [f"customer:{first}", f"customer:{second}"]
        assert uow.erp_jobs.sent("aspel_sae", "customers", ids) == set(ids)


def test_a_stock_receipt_is_one_purchase_document(uow_factory: UnitOfWorkFactory) -> None:
    counter = make_counter(Nexus(uows=uow_factory, deps=in_memory_nexus().deps), f"ERP P {next(_SHOPS)}")
    nexus, tid = counter.shop.nexus, counter.shop.tenant_id
    balata = counter.shop.item("Balata", stock=0, cost="50.00")
    filtro = counter.shop.item("Filtro", stock=0, cost="30.00")
    lines = [PurchaseLine(balata, "4", "50.00"), PurchaseLine(filtro, "2", "30.00")]
    counter.run(receive_purchase, ReceivePurchase(counter.owner, lines, supplier="Frenos SA", invoice_number="F-77"))
    job = counter.run(create_job, CreateSyncJob(counter.owner, "aspel_sae", "purchases"))

    done = run_job(nexus, tid, GetSyncJob(counter.owner, job.id), ErpExporterRegistry())
    assert (done.status, done.sent_count) == (JobStatus.SUCCEEDED, 1)
    assert done.output is not None
    rows = done.output.content.decode("utf-8-sig").split("\r\n")
    assert rows[0].startswith("Clave,Proveedor,Fecha")
    assert [r.split(",")[:2] for r in rows[1:3]] == [["F-77", "Frenos SA"], ["F-77", "Frenos SA"]]
    assert rows[1].split(",")[7] == "200.00" and rows[2].split(",")[7] == "60.00"  # the lines' values

    again = run_job(nexus, tid, GetSyncJob(counter.owner, job.id), ErpExporterRegistry())
    assert again.sent_count == 1  # the receipt is not sent twice


@pytest.mark.parametrize(("provider", "kind"), [("contpaqi", "customers"), ("sat_contabilidad", "purchases")])
def test_a_provider_without_such_an_import_refuses_the_job(
    uow_factory: UnitOfWorkFactory, provider: str, kind: str
) -> None:
    counter = make_counter(Nexus(uows=uow_factory, deps=in_memory_nexus().deps), f"ERP R {next(_SHOPS)}")
    with pytest.raises(RuleViolation, match=f"{provider} syncs .*, not {kind}"):
        counter.run(create_job, CreateSyncJob(counter.owner, provider, kind, "2026-04-01", "2026-04-30"))
