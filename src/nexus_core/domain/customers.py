"""Customers of the counter: fiscal data for CFDI 4.0, a price tier, a credit limit and the balance
on their account (docs/selling.md "Customers and credit", docs/adr/0021-customer-accounts.md).

Fiscal fields are checked at the edge against SAT's catalogs: the RFC's shape (12 characters for a
company, 13 for a person, the generic ``XAXX010101000`` and ``XEXX010101000`` included), the régimen
from ``c_RegimenFiscal``, the postal code (5 digits) and the use from ``c_UsoCFDI``. The invoicing code
reads ``rfc, razon_social, regimen_fiscal, codigo_postal, uso_cfdi, email`` by these names.

``balance`` is what the customer owes: credit sales raise it, payments and cancellations lower it,
never below zero, and a credit sale never takes it above ``credit_limit``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, Callable

import attrs

from nexus_core.domain.money import ZERO, check_amount, money_strict
from nexus_core.domain.text import normalize_identifier, optional_email, optional_text, require_text
from nexus_core.errors import InvalidInput, RuleViolation

GENERIC_RFC = "XAXX010101000"  # público en general
FOREIGN_RFC = "XEXX010101000"  # residentes en el extranjero
# 3 (company) or 4 (person) letters, the date YYMMDD, a 3-character homoclave. ASCII only, plus Ñ and &.
_RFC = re.compile(r"^([A-ZÑ&]{3,4})([0-9]{2})([0-9]{2})([0-9]{2})([A-Z0-9]{3})$")
_POSTAL_CODE = re.compile(r"^[0-9]{5}$")

# SAT c_RegimenFiscal (CFDI 4.0)
REGIMENES_FISCALES = frozenset(
    f"6{n:02d}" for n in (1, 3, 5, 6, 7, 8, 10, 11, 12, 14, 15, 16, 20, 21, 22, 23, 24, 25, 26)
)
# SAT c_UsoCFDI (CFDI 4.0)
USOS_CFDI = frozenset(
    ("G01", "G02", "G03", "S01", "CP01", "CN01", *(f"I0{n}" for n in range(1, 9)), *(f"D{n:02d}" for n in range(1, 11)))
)
SEARCH_SEPARATOR = "\x1f"  # ASCII unit separator
MAX_CREDIT_DAYS = 365
DEFAULT_CREDIT_DAYS = 30


class PriceTier(enum.StrEnum):
    """Which of an item's prices the customer pays when a line omits ``unit_price``."""

    MOSTRADOR = "mostrador"  # price_1
    TALLER = "taller"  # price_2
    MAYOREO = "mayoreo"  # price_3

    def price_of(self, item: Any) -> Decimal:
        """The item's price for this tier (``price_1``, ``price_2`` or ``price_3``)."""
        price: Decimal = getattr(item, _TIER_PRICE[self])
        return price


_TIER_PRICE = {PriceTier.MOSTRADOR: "price_1", PriceTier.TALLER: "price_2", PriceTier.MAYOREO: "price_3"}


def parse_rfc(value: object, *, field: str = "rfc") -> str | None:
    """An RFC in upper case, or ``None`` when absent; a wrong shape or date is refused."""
    text = normalize_identifier(value) if value is not None else None
    if value is not None and text is None:
        raise InvalidInput(f"{field} must be a string", field=field)
    if not text:
        return None
    rfc = text.upper()
    m = _RFC.match(rfc)
    if m is None:
        raise InvalidInput(f"{field} must be 12 characters (company) or 13 (person), e.g. {GENERIC_RFC}", field=field)
    month, day = int(m.group(3)), int(m.group(4))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise InvalidInput(f"{field} {rfc} has an impossible date", field=field)
    return rfc


def _catalog(values: frozenset[str], what: str) -> Callable[[object, str], str | None]:
    def parse(value: object, field: str) -> str | None:
        text = optional_text(value, field=field, max_len=10)
        if text is None:
            return None
        code = text.upper()
        if code not in values:
            raise InvalidInput(f"{field} {text!r} is not a SAT {what} code", field=field)
        return code

    return parse


def parse_postal_code(value: object, field: str = "codigo_postal") -> str | None:
    text = optional_text(value, field=field, max_len=5)
    if text is not None and not _POSTAL_CODE.match(text):
        raise InvalidInput(f"{field} must be 5 digits", field=field)
    return text


def parse_price_tier(value: object, field: str = "price_tier") -> PriceTier:
    if value is None:
        return PriceTier.MOSTRADOR
    try:
        return PriceTier(str(value))
    except ValueError:
        raise InvalidInput(f"{field} must be one of {', '.join(PriceTier)}", field=field) from None


def parse_credit_limit(value: object, field: str = "credit_limit") -> Decimal:
    amount = check_amount(money_strict(ZERO if value is None else value, field=field), field=field)
    if amount < 0:
        raise InvalidInput(f"{field} must not be negative", field=field)
    return amount


def parse_credit_days(value: object, field: str = "credit_days") -> int:
    if value is None:
        return DEFAULT_CREDIT_DAYS
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CREDIT_DAYS:
        raise InvalidInput(f"{field} must be a whole number of days from 0 to {MAX_CREDIT_DAYS}", field=field)
    return value


def _parse_id(value: object, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**53:
        raise InvalidInput(f"{field} must be a positive integer", field=field)
    return value


def _parse_bool(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(f"{field} must be true or false", field=field)
    return value


# The fields a client may set, with their parsers (``branch_id`` is checked against the tenant's rows
# by the use case). ``balance`` is not among them: only sales, payments and cancellations move it.
_PARSERS: dict[str, Callable[[object, str], object]] = {
    "name": lambda v, f: require_text(v, field=f, max_len=200),
    "rfc": lambda v, f: parse_rfc(v, field=f),
    "razon_social": lambda v, f: optional_text(v, field=f, max_len=300),
    "regimen_fiscal": _catalog(REGIMENES_FISCALES, "c_RegimenFiscal"),
    "codigo_postal": parse_postal_code,
    "uso_cfdi": _catalog(USOS_CFDI, "c_UsoCFDI"),
    "email": lambda v, f: optional_email(v, field=f),
    "phone": lambda v, f: optional_text(v, field=f, max_len=30),
    "address": lambda v, f: optional_text(v, field=f, max_len=300),
    "price_tier": parse_price_tier,
    "credit_limit": parse_credit_limit,
    "credit_days": parse_credit_days,
    "branch_id": _parse_id,
    "active": _parse_bool,
}
EDITABLE_FIELDS = frozenset(_PARSERS)


def parse_customer_fields(changes: Mapping[str, object]) -> dict[str, object]:
    """Every given field parsed (an unknown name is a programming error); nothing is applied."""
    parsed: dict[str, object] = {}
    for name, value in changes.items():
        if name not in _PARSERS:
            raise ValueError(f"unknown customer field {name!r}")
        parsed[name] = _PARSERS[name](value, name)
    return parsed


@attrs.define(eq=False)
class Customer:
    """A customer of the tenant (``branch_id``: the branch that looks after it, if any)."""

    id: int | None
    tenant_id: int
    name: str
    rfc: str | None
    razon_social: str | None
    regimen_fiscal: str | None
    codigo_postal: str | None
    uso_cfdi: str | None
    email: str | None
    phone: str | None
    address: str | None
    price_tier: PriceTier
    credit_limit: Decimal
    credit_days: int
    branch_id: int | None
    active: bool
    created_at: datetime
    updated_at: datetime
    balance: Decimal = ZERO

    @classmethod
    def create(cls, *, tenant_id: int, fields: Mapping[str, object], now: datetime) -> Customer:
        """A new customer from client fields: ``name`` is required, every other field is optional."""
        if fields.get("name") is None:
            raise InvalidInput("name is required", field="name")
        p = parse_customer_fields(fields)
        return cls(
            id=None,
            tenant_id=tenant_id,
            name=p["name"],  # type: ignore[arg-type]
            rfc=p.get("rfc"),  # type: ignore[arg-type]
            razon_social=p.get("razon_social"),  # type: ignore[arg-type]
            regimen_fiscal=p.get("regimen_fiscal"),  # type: ignore[arg-type]
            codigo_postal=p.get("codigo_postal"),  # type: ignore[arg-type]
            uso_cfdi=p.get("uso_cfdi"),  # type: ignore[arg-type]
            email=p.get("email"),  # type: ignore[arg-type]
            phone=p.get("phone"),  # type: ignore[arg-type]
            address=p.get("address"),  # type: ignore[arg-type]
            price_tier=p.get("price_tier", PriceTier.MOSTRADOR),  # type: ignore[arg-type]
            credit_limit=p.get("credit_limit", ZERO),  # type: ignore[arg-type]
            credit_days=p.get("credit_days", DEFAULT_CREDIT_DAYS),  # type: ignore[arg-type]
            branch_id=p.get("branch_id"),  # type: ignore[arg-type]
            active=p.get("active", True),  # type: ignore[arg-type]
            created_at=now,
            updated_at=now,
        )

    def apply(self, changes: Mapping[str, object], *, now: datetime) -> set[str]:
        """A partial update: every field is judged before any changes; returns the changed names."""
        parsed = parse_customer_fields(changes)
        changed = {name for name, value in parsed.items() if getattr(self, name) != value}
        for name in changed:
            setattr(self, name, parsed[name])
        if changed:
            self.updated_at = now
        return changed

    @property
    def search_text(self) -> str:
        """What ``GET /customers?q=`` searches: name, RFC, phone and razón social, lower case,
        separated by a character no query contains."""
        return SEARCH_SEPARATOR.join((v or "").lower() for v in (self.name, self.rfc, self.phone, self.razon_social))

    @property
    def available_credit(self) -> Decimal:
        """What a credit sale may still put on the account (never negative)."""
        return max(self.credit_limit - self.balance, ZERO)

    def charge(self, amount: Decimal, *, field: str = "amount_paid") -> None:
        """Put ``amount`` on the account: refused for an inactive customer or above the available credit."""
        if not self.active:
            raise RuleViolation(f"customer {self.name} is inactive", field="customer_id")
        if amount > self.available_credit:
            raise RuleViolation(
                f"{amount} on account exceeds {self.name}'s available credit of {self.available_credit} "
                f"(limit {self.credit_limit}, balance {self.balance})",
                field=field,
            )
        self.balance += amount

    def settle(self, amount: Decimal, *, field: str = "amount") -> None:
        """Take ``amount`` off the account (a payment or a cancelled charge): never below zero."""
        if amount > self.balance:
            raise InvalidInput(f"{field} {amount} exceeds the balance of {self.balance}", field=field)
        self.balance -= amount
