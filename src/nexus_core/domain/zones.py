"""Sales zones of the supplier portal: a branch's postal code (código postal) and its state.

A branch keeps a free-text address; its zone is the 5-digit código postal written there ("C.P. 64000" or
a lone 5-digit group), and the state is the one SEPOMEX assigns to the code's first two digits (Mexican
postal codes are allocated by state in ranges). A branch without a postal code is zone ``"unknown"``.
Zones describe the shop, never a customer.
"""

from __future__ import annotations

import re

import attrs

_CP_MARKED = re.compile(r"\bC\.?\s*P\.?\s*:?\s*([0-9]{5})\b", re.IGNORECASE)
_FIVE_DIGITS = re.compile(r"(?<![0-9])([0-9]{5})(?![0-9])")

# First two digits of the código postal -> state (SEPOMEX allocation ranges).
_RANGES: tuple[tuple[int, int, str], ...] = (
    (1, 16, "Ciudad de México"),
    (20, 20, "Aguascalientes"),
    (21, 22, "Baja California"),
    (23, 23, "Baja California Sur"),
    (24, 24, "Campeche"),
    (25, 27, "Coahuila"),
    (28, 28, "Colima"),
    (29, 30, "Chiapas"),
    (31, 33, "Chihuahua"),
    (34, 35, "Durango"),
    (36, 38, "Guanajuato"),
    (39, 41, "Guerrero"),
    (42, 43, "Hidalgo"),
    (44, 49, "Jalisco"),
    (50, 57, "Estado de México"),
    (58, 61, "Michoacán"),
    (62, 62, "Morelos"),
    (63, 63, "Nayarit"),
    (64, 67, "Nuevo León"),
    (68, 71, "Oaxaca"),
    (72, 75, "Puebla"),
    (76, 76, "Querétaro"),
    (77, 77, "Quintana Roo"),
    (78, 79, "San Luis Potosí"),
    (80, 82, "Sinaloa"),
    (83, 85, "Sonora"),
    (86, 86, "Tabasco"),
    (87, 89, "Tamaulipas"),
    (90, 90, "Tlaxcala"),
    (91, 96, "Veracruz"),
    (97, 97, "Yucatán"),
    (98, 99, "Zacatecas"),
)

UNKNOWN = "unknown"


@attrs.frozen
class Zone:
    """``postal_code`` is the branch's CP (``None`` when its address has none); ``state`` from the CP."""

    postal_code: str | None
    state: str | None

    @property
    def key(self) -> str:
        return self.postal_code or UNKNOWN


def postal_code(address: str | None) -> str | None:
    """The código postal written in an address: after "C.P." if marked, else the last 5-digit group."""
    if not address:
        return None
    marked = _CP_MARKED.search(address)
    if marked:
        return marked.group(1)
    groups = _FIVE_DIGITS.findall(address)
    return groups[-1] if groups else None


def state_of(code: str) -> str | None:
    prefix = int(code[:2])
    for low, high, state in _RANGES:
        if low <= prefix <= high:
            return state
    return None


def zone_of(address: str | None) -> Zone:
    code = postal_code(address)
    return Zone(code, None if code is None else state_of(code))
