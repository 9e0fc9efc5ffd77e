"""Payment complements (Pago 2.0) of any PPD invoice paid in any instalments: each is valid against SAT's
XSD (CFDI 4.0 + Pagos 2.0) with a sello that verifies, satcfdi reads it, and when the invoice is paid off
the complements' ImpPagado sum to its Total and their paid shares of each tax sum to the invoice's own
taxes to the cent (and IVA equals what the journal moves from 209.01 to 208.01)."""

from __future__ import annotations

import base64
import itertools
from datetime import datetime
from decimal import Decimal

import attrs
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from satcfdi.cfdi import CFDI

from nexus_adapters.cfdi.sat_files import cadena_of, cfdi_cadena, cfdi_schema
from nexus_core.domain.cfdi import MetodoPago, TaxSummary
from nexus_core.domain.cfdi_pagos import Pago, PaidDocument, payment_comprobante
from nexus_core.domain.cfdi_rules import sat_errors
from nexus_core.domain.posting_basics import PaymentMethod
from nexus_core.domain.posting_rules import CustomerPayment, vat_collected_share
from unit.invoicing.test_cfdi_properties import EMISOR, ISSUER, SEALER, WORKSHOP, _document, baskets

UUID = "E437CC86-9579-400E-9DE6-1F6D68ACAE85"
P20 = "{http://www.sat.gob.mx/Pagos20}"
ZERO = Decimal("0.00")


def _instalments(total: Decimal, cuts: list[int]) -> list[Decimal]:
    """``total`` split at the given per-mille cut points into positive amounts that sum to it."""
    points = sorted({round(total * Decimal(c) / 1000, 2) for c in cuts} - {ZERO, total})
    points = [p for p in points if ZERO < p < total]
    bounds = [ZERO, *points, total]
    return [b - a for a, b in itertools.pairwise(bounds) if b > a]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(baskets(), st.lists(st.integers(1, 999), max_size=5))
def test_complements_of_a_paid_off_invoice_carry_its_total_and_its_taxes(lines: list, cuts: list[int]) -> None:
    invoice = _document(lines, WORKSHOP)
    invoice = attrs.evolve(invoice, metodo_pago=MetodoPago.PPD, forma_pago="99")
    taxes = invoice.impuestos
    assert isinstance(taxes, TaxSummary)
    paid_before, pagado, by_key, vat_journal = ZERO, ZERO, {}, ZERO
    tax_total = taxes.total_transferred or ZERO
    for n, amount in enumerate(_instalments(invoice.total, cuts), start=1):
        doc = PaidDocument.of_payment(
            uuid=UUID,
            serie="F",
            folio="7",
            invoice_total=invoice.total,
            invoice_taxes=taxes,
            paid_before=paid_before,
            amount=amount,
            num_parcialidad=n,
        )
        assert (doc.saldo_anterior, doc.saldo_insoluto) == (
            invoice.total - paid_before,
            invoice.total - paid_before - amount,
        )
        vat_journal += vat_collected_share(
            CustomerPayment(
                date=datetime(2026, 4, 2).date(),
                folio="PAG-0001",
                amount=amount,
                charge_total=invoice.total,
                charge_tax=tax_total,
                paid_before=paid_before,
                method=PaymentMethod.CASH,
            )
        )
        for t in doc.transfers:
            base, amt = by_key.get(t.key, (ZERO, ZERO))
            by_key[t.key] = (base + t.base, amt + (t.amount or ZERO))
        if n <= 2:  # sealing is the slow part: check the first complements of each example
            _check_sealed(doc, n)
        paid_before += amount
        pagado += doc.pagado
    assert pagado == invoice.total
    for t in taxes.transfers:
        assert by_key.get(t.key, (ZERO, ZERO)) == (t.base, t.amount or ZERO)
    assert sum((a for _, a in by_key.values()), ZERO) == tax_total == vat_journal


def _check_sealed(doc: PaidDocument, n: int) -> None:
    document = payment_comprobante(
        serie="P",
        folio=str(n),
        fecha=datetime(2026, 4, 2, 10, 0),
        emisor=EMISOR,
        lugar_expedicion="42501",
        receptor=WORKSHOP,
        pagos=[Pago(datetime(2026, 4, 2, 10, 0), "03", (doc,))],
    )
    assert sat_errors(document) == []
    sealed = SEALER.seal(document, ISSUER)
    root = etree.fromstring(sealed.xml.encode())
    assert cfdi_schema().validate(root), cfdi_schema().error_log
    cadena = cadena_of(root, cfdi_cadena())
    assert f"|{UUID}|" in cadena and "|2.0|" in cadena  # SAT's XSLT reads the complement
    cert = x509.load_der_x509_certificate(base64.b64decode(root.get("Certificado")))
    cert.public_key().verify(base64.b64decode(root.get("Sello")), cadena.encode(), padding.PKCS1v15(), hashes.SHA256())
    parsed = CFDI.from_string(sealed.xml.encode())
    pagos = parsed["Complemento"]["Pagos"]
    assert pagos["Totales"]["MontoTotalPagos"] == doc.pagado
    related = pagos["Pago"][0]["DoctoRelacionado"][0]
    assert (related["ImpPagado"], related["NumParcialidad"]) == (doc.pagado, n)
    assert root.find(f".//{P20}Pago").get("Monto") == f"{doc.pagado:.2f}"
