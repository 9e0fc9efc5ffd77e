"""Fiscal identity of a party on a CFDI: RFC (with its check digit), régimen, postal code, uso CFDI.

SAT's catalogs as far as a shop needs them (Anexo 20, c_RegimenFiscal and c_UsoCFDI): which régimen a
natural person (RFC of 13 characters) or a company (12) may have, and which uso CFDI each régimen may
receive. Every refusal names the field and, where SAT has one, its error code.
"""

from __future__ import annotations

import re

import attrs

from nexus_core.errors import InvalidInput, RuleViolation

PUBLICO_RFC = "XAXX010101000"
FOREIGN_RFC = "XEXX010101000"
PUBLICO_NAME = "PUBLICO EN GENERAL"
PUBLICO_REGIMEN = "616"
PUBLICO_USO = "S01"
GENERIC_RFCS = frozenset({PUBLICO_RFC, FOREIGN_RFC})

_RFC = re.compile(r"^([A-ZÑ&]{3,4})([0-9]{2})([0-9]{2})([0-9]{2})([A-Z0-9]{2})([0-9A])$")
_CP = re.compile(r"^[0-9]{5}$")
_CHECK_ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"

# c_RegimenFiscal: code -> (natural person, company)
REGIMENES: dict[str, tuple[bool, bool]] = {
    "601": (False, True),
    "603": (False, True),
    "605": (True, False),
    "606": (True, False),
    "607": (True, False),
    "608": (True, False),
    "610": (True, True),
    "611": (True, False),
    "612": (True, False),
    "614": (True, False),
    "615": (True, False),
    "616": (True, False),
    "620": (False, True),
    "621": (True, False),
    "622": (False, True),
    "623": (False, True),
    "624": (False, True),
    "625": (True, False),
    "626": (True, True),
}

_BUSINESS = frozenset({"601", "603", "606", "612", "620", "621", "622", "623", "624", "625", "626"})
_PERSONAL = frozenset({"605", "606", "608", "611", "612", "614", "607", "615", "625"})
# c_UsoCFDI: code -> the receiver's régimenes it is valid for
USOS: dict[str, frozenset[str]] = {
    **{code: _BUSINESS for code in ("G01", "G02", "G03", "I01", "I02", "I03", "I04", "I05", "I06", "I07", "I08")},
    **{code: _PERSONAL for code in ("D01", "D02", "D03", "D04", "D05", "D06", "D07", "D08", "D09", "D10")},
    "S01": frozenset(REGIMENES),
    "CP01": frozenset(REGIMENES),
    "CN01": frozenset({"605"}),
}


def rfc_check_digit(rfc: str) -> str:
    """SAT's check digit (the last character) of an RFC: modulo 11 over the first 11 or 12 characters,
    a company's RFC padded with a leading space to 12."""
    body = rfc[:-1].rjust(12)
    total = sum(_CHECK_ALPHABET.index(c) * (13 - i) for i, c in enumerate(body))
    digit = 11 - total % 11
    return "0" if digit == 11 else "A" if digit == 10 else str(digit)


def parse_rfc(value: object, *, field: str = "rfc") -> str:
    """An RFC in upper case whose pattern, date and check digit are right (the generic RFCs pass)."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{field} is required", field=field)
    rfc = value.strip().upper()
    if rfc in GENERIC_RFCS:
        return rfc
    m = _RFC.match(rfc)
    if m is None:
        raise InvalidInput(f"{field} {rfc!r} is not an RFC (3-4 letters, yymmdd, 3 characters)", field=field)
    month, day = int(m.group(3)), int(m.group(4))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise InvalidInput(f"{field} {rfc!r} has no valid date", field=field)
    if rfc_check_digit(rfc) != rfc[-1]:
        raise InvalidInput(f"{field} {rfc!r}: its check digit is wrong (a typo?)", field=field)
    return rfc


def is_natural_person(rfc: str) -> bool:
    return len(rfc) == 13


def parse_regimen(value: object, rfc: str, *, field: str = "regimen_fiscal") -> str:
    code = str(value).strip() if value is not None else ""
    kinds = REGIMENES.get(code)
    if kinds is None:
        raise InvalidInput(f"{field} {code!r} is not in SAT's c_RegimenFiscal catalog", field=field)
    natural, company = kinds
    if (is_natural_person(rfc) and not natural) or (not is_natural_person(rfc) and not company):
        person = "a natural person (RFC of 13)" if is_natural_person(rfc) else "a company (RFC of 12)"
        raise RuleViolation(f"{field} {code} is not a régimen of {person}", field=field)
    return code


def parse_postal_code(value: object, *, field: str = "codigo_postal") -> str:
    code = str(value).strip() if value is not None else ""
    if not _CP.match(code):
        raise InvalidInput(f"{field} must be a postal code of 5 digits", field=field)
    return code


def parse_uso(value: object, regimen: str, *, field: str = "uso_cfdi") -> str:
    code = str(value).strip().upper() if value is not None else ""
    allowed = USOS.get(code)
    if allowed is None:
        raise InvalidInput(f"{field} {code!r} is not in SAT's c_UsoCFDI catalog", field=field)
    if regimen not in allowed:
        raise RuleViolation(f"CFDI40158: {field} {code} is not allowed for the régimen {regimen}", field=field)
    return code


@attrs.frozen
class FiscalParty:
    """Who receives (or issues) a CFDI, as SAT knows them."""

    rfc: str
    name: str
    regimen_fiscal: str
    codigo_postal: str
    uso_cfdi: str = "G03"

    @classmethod
    def create(
        cls, *, rfc: object, name: object, regimen_fiscal: object, codigo_postal: object, uso_cfdi: object = "G03"
    ) -> FiscalParty:
        """Checked field by field; each refusal names its field (the fiscal data of a customer)."""
        checked = parse_rfc(rfc)
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput("razon_social is required", field="razon_social")
        if "|" in name or len(name.strip()) > 300:
            raise InvalidInput("razon_social must be at most 300 characters, without '|'", field="razon_social")
        regimen = parse_regimen(regimen_fiscal, checked)
        return cls(
            rfc=checked,
            name=" ".join(name.strip().upper().split()),
            regimen_fiscal=regimen,
            codigo_postal=parse_postal_code(codigo_postal),
            uso_cfdi=parse_uso(uso_cfdi, regimen),
        )

    @classmethod
    def publico_en_general(cls, lugar_expedicion: str) -> FiscalParty:
        return cls(PUBLICO_RFC, PUBLICO_NAME, PUBLICO_REGIMEN, lugar_expedicion, PUBLICO_USO)

    @property
    def is_generic(self) -> bool:
        return self.rfc in GENERIC_RFCS

    def with_uso(self, uso: object) -> FiscalParty:
        """The same party receiving the CFDI for another use (checked against its régimen)."""
        if uso is None:
            return self
        return attrs.evolve(self, uso_cfdi=parse_uso(uso, self.regimen_fiscal))
