"""Invoicing on the fakes, SQLite and PostgreSQL: a sale becomes a CFDI the PAC stamps once, the ticket
total is the CFDI's and the journal's, a sale is invoiced once, the global invoice takes what is left, and
cancellation follows SAT's motives."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from lxml import etree

from contract.invoice_shop import WORKSHOP, InvoiceShop, line, make_invoice_shop, stocked_item
from nexus_core.domain.invoicing import CfdiStatus
from nexus_core.errors import InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services import invoicing_cancel as C
from nexus_core.services import invoicing_reads as R
from nexus_core.services.invoicing import ReceptorInput
from nexus_core.services.invoicing_global import CreateGlobalInvoice, create_global_invoice
from nexus_core.services.sales import CancelSale, cancel_sale

D = Decimal
TFD = "{http://www.sat.gob.mx/TimbreFiscalDigital}TimbreFiscalDigital"


@pytest.fixture
def shop(uow_factory: UnitOfWorkFactory) -> InvoiceShop:
    s = make_invoice_shop(uow_factory)
    s.counter.open()
    return s


def _journal_total(shop: InvoiceShop, entry_id: int) -> Decimal:
    """What the sale's entry debits to cash (101.01): the ticket's total."""
    with shop.nexus.uows.tenant(shop.tenant_id, write=False) as uow:
        cash = uow.accounts.get_many_by_code({"101.01"})["101.01"]
        entry = uow.journal.get(entry_id)
        assert entry is not None
        return sum((ln.debit for ln in entry.lines if ln.account_id == cash.id), D("0"))


def test_a_sale_is_invoiced_pending_then_stamped_once_with_the_ticket_total(shop: InvoiceShop) -> None:
    item = stocked_item(shop)
    sale = shop.sell(line(item, "3", "116.50", discount_pct="5"), amount_paid="400.00")
    record = shop.invoice(sale.id, receptor=WORKSHOP, uso_cfdi="G01")
    assert (record.status, record.uuid, record.serie, record.folio) == (CfdiStatus.PENDING, None, "F", "1")
    assert record.totals.total == sale.totals.total == _journal_total(shop, sale.entry_id)
    assert f'Total="{sale.totals.total}"' in record.xml
    run = shop.process()
    assert [o.status for o in run.outcomes] == ["stamped"]
    stamped = shop.run(R.get_cfdi, R.GetCfdi(shop.counter.owner, record.id))
    assert stamped.status is CfdiStatus.STAMPED and stamped.uuid
    tfd = etree.fromstring(stamped.stamped_xml.encode()).find(f".//{TFD}")
    assert tfd is not None and tfd.get("UUID") == stamped.uuid
    assert shop.process().outcomes == ()  # nothing left: never sent twice
    assert shop.pac.calls == 1
    pdf = shop.run(R.invoice_pdf, R.InvoicePdf(shop.counter.owner, sale.id))
    assert pdf.startswith(b"%PDF")


def test_a_sale_is_invoiced_once_and_a_cancelled_sale_not_at_all(shop: InvoiceShop) -> None:
    item = stocked_item(shop)
    sale = shop.sell(line(item), amount_paid="200.00")
    with pytest.raises(InvalidInput, match=r"receptor\.regimen_fiscal"):
        shop.invoice(sale.id, receptor=ReceptorInput("CACX7605101P8", "X", None, "36257"))
    with pytest.raises(InvalidInput, match="check digit"):
        shop.invoice(sale.id, receptor=ReceptorInput("CACX7605101P9", "X", "612", "36257"))
    shop.invoice(sale.id, receptor=WORKSHOP)
    with pytest.raises(RuleViolation, match="already invoiced"):
        shop.invoice(sale.id, receptor=WORKSHOP)
    with pytest.raises(NotFound):
        shop.invoice(9999)
    cancelled = shop.sell(line(item), amount_paid="200.00")
    shop.run(cancel_sale, CancelSale(shop.counter.owner, cancelled.id))
    with pytest.raises(RuleViolation, match="cancelled"):
        shop.invoice(cancelled.id, receptor=WORKSHOP)


def test_missing_fiscal_data_is_named_field_by_field(shop: InvoiceShop) -> None:
    item = stocked_item(shop)
    sale = shop.sell(line(item), amount_paid="200.00")
    with pytest.raises(InvalidInput) as refused:
        shop.invoice(sale.id, receptor=ReceptorInput(None, "Taller", None, None))
    assert "receptor.rfc, receptor.regimen_fiscal, receptor.codigo_postal" in str(refused.value)
    with pytest.raises(RuleViolation, match="CFDI40158"):
        shop.invoice(sale.id, receptor=WORKSHOP, uso_cfdi="CN01")  # nómina is not for a 612 workshop


def test_a_rejection_keeps_its_sat_code_and_frees_the_sale(shop: InvoiceShop) -> None:
    item = stocked_item(shop)
    sale = shop.sell(line(item), amount_paid="200.00")
    first = shop.invoice(sale.id, receptor=WORKSHOP)
    shop.pac.reject_with("CFDI40147", "el codigo postal del receptor no es el registrado")
    assert [o.status for o in shop.process().outcomes] == ["error"]
    refused = shop.run(R.get_cfdi, R.GetCfdi(shop.counter.owner, first.id))
    assert (refused.status, refused.error_code) == (CfdiStatus.ERROR, "CFDI40147")
    shop.pac.rules.clear()
    again = shop.invoice(sale.id, receptor=WORKSHOP)  # an error CFDI does not hold the sale
    assert again.folio == "2"


def test_after_a_lost_answer_the_queue_asks_the_pac_and_never_stamps_twice(shop: InvoiceShop) -> None:
    item = stocked_item(shop)
    record = shop.invoice(shop.sell(line(item), amount_paid="200.00").id, receptor=WORKSHOP)
    shop.pac.lost_answers = 1  # the PAC stamps, the answer never arrives
    assert [o.status for o in shop.process().outcomes] == ["pending"]
    assert shop.process().outcomes == ()  # leased: nobody resends it before the lease ends
    shop.counter.shop.nexus.deps.clock.advance(timedelta(minutes=3))
    run = shop.process()
    assert [o.status for o in run.outcomes] == ["stamped"]
    assert shop.pac.calls == 1  # looked up, not sent again
    assert shop.run(R.get_cfdi, R.GetCfdi(shop.counter.owner, record.id)).attempts == 2


def test_a_timeout_before_stamping_is_retried(shop: InvoiceShop) -> None:
    item = stocked_item(shop)
    shop.invoice(shop.sell(line(item), amount_paid="200.00").id, receptor=WORKSHOP)
    shop.pac.timeouts = 1
    assert [o.status for o in shop.process().outcomes] == ["pending"]
    shop.counter.shop.nexus.deps.clock.advance(timedelta(minutes=3))
    assert [o.status for o in shop.process().outcomes] == ["stamped"]
    assert shop.pac.calls == 2


def test_the_global_invoice_takes_the_tickets_nobody_invoiced(shop: InvoiceShop) -> None:
    item = stocked_item(shop)
    a = shop.sell(line(item, "2", "50.00"), amount_paid="200.00")
    b = shop.sell(line(item, "1", "80.00", tax_rate="0.08"), method="tarjeta")
    c = shop.sell(line(item), amount_paid="200.00")
    shop.invoice(c.id, receptor=WORKSHOP)
    owner = shop.counter.owner
    g = shop.run(create_global_invoice, CreateGlobalInvoice(owner, "2026-04-01", "2026-04-01"))
    assert sorted(g.sale_ids) == sorted([a.id, b.id])
    assert g.totals.total == a.totals.total + b.totals.total
    doc = etree.fromstring(g.xml.encode())
    ns = {"cfdi": "http://www.sat.gob.mx/cfd/4"}
    assert doc.find("cfdi:InformacionGlobal", ns).attrib == {"Periodicidad": "01", "Meses": "04", "Año": "2026"}
    assert {k.get("NoIdentificacion") for k in doc.iterfind("cfdi:Conceptos/cfdi:Concepto", ns)} == {a.folio, b.folio}
    with pytest.raises(RuleViolation, match="no ticket"):
        shop.run(create_global_invoice, CreateGlobalInvoice(owner, "2026-04-01", "2026-04-01"))
    with pytest.raises(RuleViolation, match="already invoiced"):
        shop.invoice(a.id, receptor=WORKSHOP)


def test_cancellation_follows_sat_motives(shop: InvoiceShop) -> None:
    item = stocked_item(shop)
    owner = shop.counter.owner
    sale = shop.sell(line(item), amount_paid="200.00")
    old = shop.invoice(sale.id, receptor=WORKSHOP)

    def cancel(cfdi_id: int, motivo: str, folio: str | None = None):
        return C.cancel_cfdi(shop.nexus, shop.tenant_id, C.CancelCfdi(owner, cfdi_id, motivo, folio))

    with pytest.raises(RuleViolation, match="only a stamped CFDI"):
        cancel(old.id, "02")
    shop.process()
    with pytest.raises(RuleViolation, match="motivo 01 needs folio_sustitucion"):
        cancel(old.id, "01")
    with pytest.raises(InvalidInput, match="motivo"):
        cancel(old.id, "05")
    new = shop.invoice(sale.id, receptor=WORKSHOP, replaces_cfdi_id=old.id)
    assert 'TipoRelacion="04"' in new.xml
    old_uuid = shop.run(R.get_cfdi, R.GetCfdi(owner, old.id)).uuid
    assert old_uuid in new.xml
    with pytest.raises(RuleViolation, match="stamped CFDI issued to replace"):
        cancel(old.id, "01", old_uuid)  # itself, not its replacement
    shop.process()
    new_uuid = shop.run(R.get_cfdi, R.GetCfdi(owner, new.id)).uuid
    done = cancel(old.id, "01", new_uuid)
    assert (done.status, done.cancel_motive, done.cancel_replacement_uuid) == (CfdiStatus.CANCELLED, "01", new_uuid)
    with pytest.raises(RuleViolation, match="only a stamped CFDI"):
        cancel(old.id, "02")


def test_a_large_invoice_to_a_named_receiver_waits_for_acceptance(shop: InvoiceShop) -> None:
    item = stocked_item(shop)
    sale = shop.sell(line(item, "10", "500.00"), method="tarjeta")
    record = shop.invoice(sale.id, receptor=WORKSHOP)
    shop.process()
    done = C.cancel_cfdi(shop.nexus, shop.tenant_id, C.CancelCfdi(shop.counter.owner, record.id, "02"))
    assert done.status is CfdiStatus.CANCELLATION_PENDING
    with pytest.raises(RuleViolation, match="already invoiced"):  # held while SAT waits for the receiver
        shop.invoice(sale.id, receptor=WORKSHOP)


def test_a_credit_sale_is_invoiced_to_its_customers_fiscal_data(shop: InvoiceShop) -> None:
    from contract.credit_shop import add_customer

    taller = add_customer(
        shop.counter,
        name="Xochilt Casas",
        rfc="CACX7605101P8",
        razon_social="Xochilt Casas Chavez",
        regimen_fiscal="612",
        codigo_postal="36257",
        uso_cfdi="G03",
        price_tier="mostrador",
    )
    item = stocked_item(shop)
    sale = shop.sell(line(item), customer_id=taller, sale_type="credit")
    record = shop.invoice(sale.id, metodo_pago="PPD", forma_pago="99")
    receptor = '<cfdi:Receptor Rfc="CACX7605101P8" Nombre="XOCHILT CASAS CHAVEZ" DomicilioFiscalReceptor="36257"'
    assert receptor + ' RegimenFiscalReceptor="612" UsoCFDI="G03"/>' in record.xml
    assert record.totals.total == sale.totals.total
    bare = add_customer(shop.counter, name="Sin datos", rfc="XAXX010101000", regimen_fiscal=None, codigo_postal=None)
    other = shop.sell(line(item), customer_id=bare, sale_type="credit")
    with pytest.raises(InvalidInput, match="customer's regimen_fiscal"):
        shop.invoice(other.id)
