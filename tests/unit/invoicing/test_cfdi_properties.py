"""Every CFDI built from a basket (discounts, several IVA rates, exempt lines, large quantities) is one SAT
accepts: its figures keep SAT's rules, it is valid against SAT's XSD, its sello verifies with the
certificate, satcfdi reads it back with the same totals, and its Total is the ticket's to the cent."""

from __future__ import annotations

import base64
from datetime import date, datetime
from decimal import Decimal

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from satcfdi.cfdi import CFDI

from contract.invoice_shop import NAME, PASSWORD, RFC, csd
from nexus_adapters.cfdi.certificates import CsdReader
from nexus_adapters.cfdi.keys import KeyVault
from nexus_adapters.cfdi.sat_files import cadena_of, cfdi_cadena, cfdi_schema
from nexus_adapters.cfdi.sealer import LxmlSealer
from nexus_core.domain.cfdi import Comprobante, Concept, GlobalInfo, MetodoPago
from nexus_core.domain.cfdi_concepts import global_concepts
from nexus_core.domain.cfdi_rules import sat_errors
from nexus_core.domain.fiscal import FiscalParty
from nexus_core.domain.sales import Payment, Sale, SaleLine, SaleMethod
from nexus_core.domain.tax import line_figures, ticket_figures

VAULT = KeyVault(b"properties")
ISSUER = CsdReader(VAULT).read(
    1, *csd(), PASSWORD, regimen_fiscal="601", codigo_postal="42501", serie="F", legal_name=None
)
SEALER = LxmlSealer(VAULT)
EMISOR = FiscalParty(RFC, NAME, "601", "42501")
WORKSHOP = FiscalParty.create(
    rfc="CACX7605101P8", name="Xochilt Casas", regimen_fiscal="612", codigo_postal="36257", uso_cfdi="G01"
)

quantities = st.one_of(
    st.integers(1, 20).map(Decimal),
    st.decimals(Decimal("0.001"), Decimal("999999.999"), places=3),
)
prices = st.decimals(Decimal("0.01"), Decimal("99999.99"), places=2)
discounts = st.one_of(st.just(Decimal(0)), st.decimals(Decimal(0), Decimal(100), places=2))
rates = st.sampled_from(["0", "0.08", "0.16", "exempt"])


@st.composite
def baskets(draw: st.DrawFn) -> list:
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        qty, price = draw(quantities), draw(prices)
        if qty * price < Decimal("0.01") or qty * price > Decimal("1000000"):
            continue
        figures = line_figures(qty, price, draw(discounts), draw(rates))
        if figures.subtotal > 0:
            lines.append(figures)
    if not lines:
        lines.append(line_figures(Decimal(1), Decimal("10.00"), Decimal(0), "0.16"))
    return lines


def _document(lines: list, receptor: FiscalParty, concepts: list[Concept] | None = None) -> Comprobante:
    return Comprobante.build(
        serie="F",
        folio="7",
        fecha=datetime(2026, 4, 1, 12, 30),
        emisor=EMISOR,
        lugar_expedicion="42501",
        receptor=receptor,
        conceptos=concepts or [Concept.of_line(f, f"Articulo {i}", code=f"P-{i}") for i, f in enumerate(lines)],
        forma_pago="01",
        metodo_pago=MetodoPago.PUE,
        informacion_global=GlobalInfo.for_period(date(2026, 4, 1), date(2026, 4, 1)) if receptor.is_generic else None,
    )


def _check_sealed(document: Comprobante) -> CFDI:
    sealed = SEALER.seal(document, ISSUER)
    root = etree.fromstring(sealed.xml.encode())
    assert cfdi_schema().validate(root), cfdi_schema().error_log
    cert = x509.load_der_x509_certificate(base64.b64decode(root.get("Certificado")))
    cadena = cadena_of(root, cfdi_cadena())
    assert cadena == sealed.cadena
    cert.public_key().verify(base64.b64decode(root.get("Sello")), cadena.encode(), padding.PKCS1v15(), hashes.SHA256())
    parsed = CFDI.from_string(sealed.xml.encode())
    importes = sum((k["Importe"] for k in parsed["Conceptos"]), Decimal(0))
    descuentos = sum((k.get("Descuento", Decimal(0)) for k in parsed["Conceptos"]), Decimal(0))
    taxes = parsed.get("Impuestos", {}).get("TotalImpuestosTrasladados", Decimal(0))
    assert parsed["SubTotal"] == importes
    assert parsed.get("Descuento", Decimal(0)) == descuentos
    assert parsed["Total"] == importes - descuentos + taxes
    return parsed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(baskets())
def test_an_invoice_of_any_basket_is_accepted_and_totals_the_ticket(lines: list) -> None:
    ticket = ticket_figures(lines)
    document = _document(lines, WORKSHOP)
    assert sat_errors(document) == []
    assert (document.total, document.subtotal - document.descuento) == (ticket.total, ticket.subtotal)
    taxes = document.impuestos.total_transferred if document.impuestos else None
    assert (taxes or Decimal(0)) == ticket.tax
    parsed = _check_sealed(document)
    assert parsed["Total"] == ticket.total


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(baskets(), min_size=1, max_size=4))
def test_a_global_invoice_of_any_tickets_is_accepted_and_totals_them(tickets: list) -> None:
    sales = [_sale(i, lines) for i, lines in enumerate(tickets, start=1)]
    document = _document([], FiscalParty.publico_en_general("42501"), global_concepts(sales))
    assert sat_errors(document) == []
    assert document.total == sum((s.totals.total for s in sales), Decimal(0))
    _check_sealed(document)


def _sale(n: int, lines: list) -> Sale:
    totals = ticket_figures(lines)
    payment = Payment(SaleMethod.CARD, (), totals.total, Decimal(0), Decimal(0), Decimal(0))
    return Sale(
        id=n,
        tenant_id=1,
        folio=f"V-{n:04d}",
        branch_id=1,
        employee_id=1,
        register_id=None,
        customer_id=None,
        lines=tuple(SaleLine(1, f) for f in lines),
        totals=totals,
        payment=payment,
        business_date=date(2026, 4, 1),
        created_at=datetime(2026, 4, 1, 18, 0),
    )
