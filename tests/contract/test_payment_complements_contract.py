"""Pago 2.0 on the fakes, SQLite and PostgreSQL: payments on a credit sale with a stamped PPD invoice queue
CFDIs tipo P that follow SAT's XSD, name the invoice, count the instalments, carry the paid share of its
IVA and are stamped through the same queue; the stamp is copied onto the sale's journal lines; every
tenant's queue is processed; a global invoice takes one register session's tickets."""

from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from contract.credit_shop import add_customer
from contract.invoice_shop import WORKSHOP, InvoiceShop, line, make_invoice_shop, stocked_item
from nexus_adapters.cfdi.sat_files import cfdi_schema, schema_errors
from nexus_core.domain.invoicing import CfdiKind, CfdiStatus
from nexus_core.domain.sales import Sale
from nexus_core.errors import InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services import invoicing_complement_reads as CR
from nexus_core.services import invoicing_reads as R
from nexus_core.services.customer_payments import ReceivePayment, receive_payment
from nexus_core.services.invoicing_global import CreateGlobalInvoice, create_global_invoice
from nexus_core.services.invoicing_queue import process_all_queues

D = Decimal
P20 = "{http://www.sat.gob.mx/Pagos20}"
CUSTOMER = {"rfc": "CACX7605101P8", "razon_social": "Xochilt Casas Chavez", "regimen_fiscal": "612"}
CUSTOMER |= {"codigo_postal": "36257", "uso_cfdi": "G03"}


@pytest.fixture
def shop(uow_factory: UnitOfWorkFactory) -> InvoiceShop:
    s = make_invoice_shop(uow_factory)
    s.counter.open()
    return s


def _credit_sale(shop: InvoiceShop, customer_id: int) -> Sale:
    item = stocked_item(shop)
    other = stocked_item(shop, tax_rate="0.08")
    return shop.sell(
        line(item, "3", "116.50", discount_pct="5"),
        line(other, "2", "99.99"),
        method="credito",
        customer_id=customer_id,
    )


def _ppd_invoice(shop: InvoiceShop, sale: Sale) -> str:
    record = shop.invoice(sale.id, metodo_pago="PPD")
    assert [o.status for o in shop.process().outcomes] == ["stamped"]
    stamped = shop.run(R.get_cfdi, R.GetCfdi(shop.counter.owner, record.id))
    assert stamped.uuid
    return str(stamped.uuid)


def _docs(xml: str) -> list[etree._Element]:
    return etree.fromstring(xml.encode()).findall(f".//{P20}DoctoRelacionado")


def test_payments_on_a_stamped_ppd_invoice_queue_complements_that_settle_it(shop: InvoiceShop) -> None:
    customer_id = add_customer(shop.counter, **CUSTOMER)
    sale = _credit_sale(shop, customer_id)
    uuid = _ppd_invoice(shop, sale)
    total = sale.totals.total
    first = shop.run(receive_payment, ReceivePayment(shop.counter.cashier, customer_id, "100.00", "efectivo"))
    second = shop.run(
        receive_payment, ReceivePayment(shop.counter.cashier, customer_id, str(total - D("100.00")), "transferencia")
    )
    complements = [*first.complements, *second.complements]
    assert [(c.kind, c.serie, c.folio, c.status) for c in complements] == [
        (CfdiKind.PAYMENT, "P", "1", CfdiStatus.PENDING),
        (CfdiKind.PAYMENT, "P", "2", CfdiStatus.PENDING),
    ]
    docs = [_docs(c.xml)[0] for c in complements]
    assert [d.get("IdDocumento") for d in docs] == [uuid, uuid]
    assert [d.get("NumParcialidad") for d in docs] == ["1", "2"]
    assert [D(d.get("ImpPagado")) for d in docs] == [D("100.00"), total - D("100.00")]
    assert D(docs[0].get("ImpSaldoAnt")) == total and D(docs[1].get("ImpSaldoInsoluto")) == 0
    iva = sum((D(t.get("ImporteDR")) for d in docs for t in d.iter(f"{P20}TrasladoDR")), D("0"))
    assert iva == sale.totals.tax
    for c in complements:  # SAT's XSD (CFDI 4.0 + Pagos 2.0), tipo P's fixed shape
        root = etree.fromstring(c.xml.encode())
        assert schema_errors(root, cfdi_schema()) == []
        assert (root.get("TipoDeComprobante"), root.get("Total"), root.get("Moneda")) == ("P", "0", "XXX")
    forms = [etree.fromstring(c.xml.encode()).find(f".//{P20}Pago").get("FormaDePagoP") for c in complements]
    assert forms == ["01", "03"]
    assert [o.status for o in shop.process().outcomes] == ["stamped", "stamped"]
    listed = shop.run(CR.sale_complements, CR.SaleComplements(shop.counter.owner, sale.id))
    assert [(c.num_parcialidad, c.pagado, c.status, bool(c.uuid)) for c in listed] == [
        (1, D("100.00"), "stamped", True),
        (2, total - D("100.00"), "stamped", True),
    ]


def test_no_complement_for_a_pue_invoice_or_an_uninvoiced_sale(shop: InvoiceShop) -> None:
    customer_id = add_customer(shop.counter, **CUSTOMER)
    uninvoiced = _credit_sale(shop, customer_id)
    made = shop.run(receive_payment, ReceivePayment(shop.counter.cashier, customer_id, "50.00", "efectivo"))
    assert made.complements == ()
    pue = _credit_sale(shop, customer_id)
    shop.invoice(pue.id, metodo_pago="PUE")
    shop.process()
    rest = uninvoiced.totals.total - D("50.00") + D("10.00")
    made = shop.run(receive_payment, ReceivePayment(shop.counter.cashier, customer_id, str(rest), "efectivo"))
    assert made.complements == ()
    assert shop.run(CR.sale_complements, CR.SaleComplements(shop.counter.owner, pue.id)) == []


def test_a_stamped_invoice_marks_the_sale_journal_lines(shop: InvoiceShop) -> None:
    customer_id = add_customer(shop.counter, **CUSTOMER)
    sale = _credit_sale(shop, customer_id)
    uuid = _ppd_invoice(shop, sale)
    with shop.nexus.uows.tenant(shop.tenant_id, write=False) as uow:
        entry = uow.journal.get(sale.entry_id)
        assert entry is not None
        refs = {(ln.cfdi.uuid, ln.cfdi.rfc, ln.cfdi.total) for ln in entry.lines}
    assert refs == {(uuid, CUSTOMER["rfc"], sale.totals.total)}


def test_the_queue_of_every_tenant_is_processed(shop: InvoiceShop) -> None:
    customer_id = add_customer(shop.counter, **CUSTOMER)
    sale = _credit_sale(shop, customer_id)
    shop.invoice(sale.id, metodo_pago="PPD")
    runs = process_all_queues(shop.nexus)
    assert [(t, [o.status for o in run.outcomes]) for t, run in runs.items()] == [(shop.tenant_id, ["stamped"])]
    assert process_all_queues(shop.nexus) == {}


def test_a_global_invoice_of_one_register_session_takes_only_its_tickets(shop: InvoiceShop) -> None:
    item = stocked_item(shop)
    first = shop.sell(line(item, "1", "100.00"))
    second = shop.sell(line(item, "2", "50.00"))
    assert first.register_id is not None and first.register_id == second.register_id
    owner = shop.counter.owner
    with pytest.raises(InvalidInput, match="not both"):
        shop.run(create_global_invoice, CreateGlobalInvoice(owner, "2026-04-01", None, first.register_id))
    with pytest.raises(NotFound):
        shop.run(create_global_invoice, CreateGlobalInvoice(owner, register_id=999))
    shop.invoice(first.id, receptor=WORKSHOP)
    record = shop.run(create_global_invoice, CreateGlobalInvoice(owner, register_id=first.register_id))
    assert record.sale_ids == (second.id,) and record.totals.total == second.totals.total
    with pytest.raises(RuleViolation, match="register session"):
        shop.run(create_global_invoice, CreateGlobalInvoice(owner, register_id=first.register_id))
