"""SAT's rules report SAT's codes: each broken rule is named, RFCs carry their check digit, and a
régimen or uso CFDI is only accepted where SAT's catalogs allow it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs
import pytest

from nexus_core.domain.cfdi import Comprobante, Concept, GlobalInfo, MetodoPago, Transfer
from nexus_core.domain.cfdi_limits import importe_limits, transfer_limits
from nexus_core.domain.cfdi_rules import check, sat_errors
from nexus_core.domain.fiscal import FiscalParty, parse_rfc, rfc_check_digit
from nexus_core.domain.invoicing import verification_url
from nexus_core.domain.tax import line_figures
from nexus_core.errors import InvalidInput, RuleViolation

D = Decimal
EMISOR = FiscalParty("EKU9003173C9", "ESCUELA KEMPER URGATE", "601", "42501")
WORKSHOP = FiscalParty("CACX7605101P8", "XOCHILT CASAS", "612", "36257", "G01")
PUBLICO = FiscalParty.publico_en_general("42501")


def doc(receptor: FiscalParty = WORKSHOP, **changes: object) -> Comprobante:
    lines = [line_figures(D(2), D("350.00"), D(10), "0.16"), line_figures(D(1), D("99.99"), D(0), "exempt")]
    built = Comprobante.build(
        serie="F",
        folio="1",
        fecha=datetime(2026, 4, 1, 12),
        emisor=EMISOR,
        lugar_expedicion="42501",
        receptor=receptor,
        conceptos=[Concept.of_line(f, "Balata") for f in lines],
        forma_pago="01",
        metodo_pago=MetodoPago.PUE,
        informacion_global=GlobalInfo.for_period(date(2026, 4, 1), date(2026, 4, 1)) if receptor.is_generic else None,
    )
    return attrs.evolve(built, **changes)


def codes(c: Comprobante) -> list[str]:
    return sorted({e.code for e in sat_errors(c)})


def test_a_well_built_invoice_breaks_no_rule() -> None:
    assert sat_errors(doc()) == [] and sat_errors(doc(PUBLICO)) == []
    assert check(doc()).total == D("830.79")  # 630.00 + 100.80 IVA + 99.99 exempt


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"subtotal": D("800.00")}, "CFDI40108"),
        ({"descuento": D("71.00")}, "CFDI40111"),
        ({"total": D("830.80")}, "CFDI40119"),
        ({"metodo_pago": MetodoPago.PPD}, "CFDI40105"),
    ],
)
def test_each_broken_total_names_its_sat_code(changes: dict, code: str) -> None:
    assert code in codes(doc(**changes))
    with pytest.raises(RuleViolation, match=code):
        check(doc(**changes))


def test_publico_en_general_rules() -> None:
    assert codes(doc(PUBLICO, informacion_global=None)) == ["CFDI40130"]
    assert "CFDI40146" in codes(doc(attrs.evolve(WORKSHOP, name="PUBLICO EN GENERAL")))
    assert codes(doc(attrs.evolve(PUBLICO, codigo_postal="01000"))) == ["CFDI40149"]
    assert "CFDI40159" in codes(doc(attrs.evolve(PUBLICO, regimen_fiscal="601")))
    assert codes(doc(attrs.evolve(PUBLICO, uso_cfdi="G03"))) == ["CFDI40158"]


def test_rounding_limits_and_the_tax_summary() -> None:
    c = doc()
    k = c.conceptos[0]
    # Cantidad "2" is written without decimals, so SAT allows +-0.5 units: 900.00 is beyond even that
    assert "CFDI40167" in codes(attrs.evolve(c, conceptos=(attrs.evolve(k, importe=D("900.00")), *c.conceptos[1:])))
    bad_tax = attrs.evolve(k, transfers=(Transfer(D("630.00"), "Tasa", D("0.16"), D("100.82")),))
    assert "CFDI40180" in codes(attrs.evolve(c, conceptos=(bad_tax, *c.conceptos[1:])))
    summary = c.impuestos
    assert summary is not None
    wrong = attrs.evolve(
        summary, transfers=(attrs.evolve(summary.transfers[0], amount=D("100.81")), *summary.transfers[1:])
    )
    assert {"CFDI40221"} <= set(codes(attrs.evolve(c, impuestos=wrong)))
    assert importe_limits(D("1.5"), D("99.99")) == (D("144.97"), D("155.00"))
    assert transfer_limits(D("630.00"), D("0.16")) == (D("100.79"), D("100.81"))


def test_rfcs_carry_their_check_digit() -> None:
    for rfc in ("EKU9003173C9", "CACX7605101P8", "XIA190128J61", "H&E951128469"):
        assert parse_rfc(rfc.lower()) == rfc and rfc_check_digit(rfc) == rfc[-1]
    for bad, why in (("EKU9003173C8", "check digit"), ("EKU9013173C9", "date"), ("EK9003173C9", "not an RFC")):
        with pytest.raises(InvalidInput, match=why):
            parse_rfc(bad)


def test_regimen_and_uso_follow_sat_catalogs() -> None:
    with pytest.raises(RuleViolation, match="company"):
        FiscalParty.create(rfc="EKU9003173C9", name="X", regimen_fiscal="612", codigo_postal="42501")
    with pytest.raises(RuleViolation, match="CFDI40158"):
        FiscalParty.create(rfc="CACX7605101P8", name="X", regimen_fiscal="605", codigo_postal="42501", uso_cfdi="G03")
    with pytest.raises(InvalidInput, match="codigo_postal"):
        FiscalParty.create(rfc="CACX7605101P8", name="X", regimen_fiscal="612", codigo_postal="4250")
    party = FiscalParty.create(
        rfc="cacx7605101p8", name=" Xochilt  Casas ", regimen_fiscal="612", codigo_postal="36257"
    )
    assert (party.rfc, party.name, party.uso_cfdi) == ("CACX7605101P8", "XOCHILT CASAS", "G03")


def test_the_qr_carries_sats_verification_fields() -> None:
    url = verification_url(
        "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE", "H&E951128469", "XAXX010101000", D("812.50"), "x" * 40 + "ABCD1234"
    )
    assert url.endswith(
        "?id=AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE&re=H%26E951128469&rr=XAXX010101000&tt=812.5&fe=ABCD1234"
    )
