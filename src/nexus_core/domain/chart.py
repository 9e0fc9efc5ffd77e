"""The chart of accounts: code rules, account classes and the SAT código agrupador seed.

``code`` is the shop's own numbering: ASCII digits in groups separated by ``.`` or ``-``
(``"101.01"``, ``"100.9123"``, CONTPAQi-style ``"1101-001-000"``), at most 20 characters. Its first
digit is the root class (docs/domain.md#account-nature): 1 activo, 2 pasivo, 3 capital, 4 ingresos, 5 costos, 6 gastos.
The parent is whoever ``parent_id`` names (same root class); the code need not continue the
parent's. ``sat_code`` is the SAT código agrupador (``"101.01"``), which electronic accounting
groups by. Both are NFKC-normalized and trimmed before they are checked or compared, so full-width
digits (U+FF10..U+FF19) become ASCII and cannot sit beside their look-alike; other scripts' digits
(Arabic-Indic U+0660.., ...) are refused.
The seeded accounts use the SAT shape for both.

Seed choices (documented here because later modules post to these codes):

* every account listed in docs/domain.md#chart-of-accounts-sat-grouping-code, with the six roots
  ``100``..``600`` at level 1, the SAT major accounts (``101``, ``102``, ...) at level 2 and the SAT
  ``.01`` subaccounts at level 3;
* ``601.84 Otros gastos generales`` and ``403.01 Otros ingresos`` are SAT subaccounts that the shop
  needs to split, so they are parents of level-4 accounts that map to the same SAT code:
  ``601.84.01`` gastos generales diversos (manual pólizas), ``601.84.02`` mermas de inventario
  (shrinkage), ``601.84.03`` faltantes de caja (cash-cut shortages); ``403.01.01`` otros ingresos
  diversos, ``403.01.02`` sobrantes de caja (cash-cut overages), ``403.01.03`` anticipos de apartados
  retenidos (forfeited layaway deposits). SAT's electronic accounting groups by ``sat_code``, so the
  split is invisible to it and useful to the shop.
"""

from __future__ import annotations

import enum
import re

from nexus_core.domain.text import normalize_identifier
from nexus_core.errors import InvalidInput

# [0-9], never \d: \d also matches Arabic-Indic, Devanagari, ... digits.
CODE_MAX_LENGTH = 20
_CODE = re.compile(r"^[1-6][0-9]*([.-][0-9]+)*$")
_SAT_CODE = re.compile(r"^[0-9]{3}(\.[0-9]{2,3}){0,3}$")


class AccountNature(enum.StrEnum):
    """Which side increases the account (``type`` on the wire)."""

    DEBIT = "debit"
    CREDIT = "credit"


class AccountClass(enum.StrEnum):
    """The root type, fixed by the first digit of the code."""

    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"
    INCOME = "income"
    COST = "cost"
    EXPENSE = "expense"


_CLASS_BY_DIGIT = {
    "1": AccountClass.ASSET,
    "2": AccountClass.LIABILITY,
    "3": AccountClass.EQUITY,
    "4": AccountClass.INCOME,
    "5": AccountClass.COST,
    "6": AccountClass.EXPENSE,
}

NATURE_OF_CLASS = {
    AccountClass.ASSET: AccountNature.DEBIT,
    AccountClass.LIABILITY: AccountNature.CREDIT,
    AccountClass.EQUITY: AccountNature.CREDIT,
    AccountClass.INCOME: AccountNature.CREDIT,
    AccountClass.COST: AccountNature.DEBIT,
    AccountClass.EXPENSE: AccountNature.DEBIT,
}

# Accounts whose balance is the period's result: closed into 305.01 at each month's close.
RESULT_CLASSES = frozenset({AccountClass.INCOME, AccountClass.COST, AccountClass.EXPENSE})


def parse_code(value: object, *, field: str = "code") -> str:
    """The shop's account code: ``"101.01"``, ``"100.9123"``, ``"1101-001-000"`` (normalized)."""
    code = normalize_identifier(value)
    if code is None or len(code) > CODE_MAX_LENGTH or not _CODE.match(code):
        raise InvalidInput(
            f"{field} must be digits 0-9 in groups separated by . or - (such as 101.01 or 1101-001-000), "
            f"at most {CODE_MAX_LENGTH} characters, starting with 1-6 (activo..gastos)",
            field=field,
        )
    return code


def parse_sat_code(value: object, *, field: str = "sat_code") -> str:
    """A SAT código agrupador: three digits and up to three groups of two or three (``"601.84"``)."""
    code = normalize_identifier(value)
    if code is None or not _SAT_CODE.match(code):
        raise InvalidInput(f"{field} must be a SAT código agrupador such as 101.01", field=field)
    return code


def class_of(code: str) -> AccountClass:
    return _CLASS_BY_DIGIT[code[0]]


def is_root_code(code: str) -> bool:
    """``"100"``..``"600"``: the six level-1 accounts."""
    return len(code) == 3 and code.endswith("00")


def parse_nature(value: object, *, field: str = "type") -> AccountNature:
    if not isinstance(value, str) or value not in {n.value for n in AccountNature}:
        raise InvalidInput(f"{field} must be debit or credit", field=field)
    return AccountNature(value)


# Codes the posting rules use. Changing one is a data migration, not a refactoring.
CASH = "101.01"
BANKS = "102.01"
CUSTOMERS = "105.01"
BNPL_RECEIVABLE = "107.05"  # what a BNPL provider owes for the sales it financed (ADR 30)
INVENTORY = "115.01"
VAT_CREDITABLE_PAID = "118.01"
VAT_CREDITABLE_PENDING = "119.01"
SUPPLIERS = "201.01"
CUSTOMER_ADVANCES = "206.01"
VAT_COLLECTED = "208.01"
VAT_UNCOLLECTED = "209.01"
VAT_PAYABLE = "213.01"
SHARE_CAPITAL = "301.01"
RETAINED_EARNINGS = "304.01"
CURRENT_YEAR_RESULT = "305.01"
SALES = "401.01"
SALES_RETURNS = "402.01"
OTHER_INCOME = "403.01.01"
CASH_OVERAGE = "403.01.02"
FORFEITED_LAYAWAYS = "403.01.03"
COST_OF_SALES = "501.01"
GENERAL_EXPENSES = "601.84.01"
SHRINKAGE = "601.84.02"
CASH_SHORTAGE = "601.84.03"

# (code, sat_code, name), parents before children. Parents are found from the code (see parent_code).
SAT_CHART: tuple[tuple[str, str, str], ...] = (
    ("100", "100", "Activo"),
    ("101", "101", "Caja"),
    ("101.01", "101.01", "Caja y efectivo"),
    ("102", "102", "Bancos"),
    ("102.01", "102.01", "Bancos nacionales"),
    ("105", "105", "Clientes"),
    ("105.01", "105.01", "Clientes nacionales"),
    ("107", "107", "Deudores diversos"),
    ("107.05", "107.05", "Otros deudores diversos (financiamiento BNPL)"),
    ("115", "115", "Inventario"),
    ("115.01", "115.01", "Inventario"),
    ("118", "118", "Impuestos acreditables pagados"),
    ("118.01", "118.01", "IVA acreditable pagado"),
    ("119", "119", "Impuestos acreditables por pagar"),
    ("119.01", "119.01", "IVA pendiente de pago"),
    ("200", "200", "Pasivo"),
    ("201", "201", "Proveedores"),
    ("201.01", "201.01", "Proveedores nacionales"),
    ("206", "206", "Anticipo de cliente"),
    ("206.01", "206.01", "Anticipo de cliente nacional"),
    ("208", "208", "Impuestos trasladados cobrados"),
    ("208.01", "208.01", "IVA trasladado cobrado"),
    ("209", "209", "Impuestos trasladados no cobrados"),
    ("209.01", "209.01", "IVA trasladado no cobrado"),
    ("213", "213", "Impuestos y derechos por pagar"),
    ("213.01", "213.01", "IVA por pagar"),
    ("300", "300", "Capital contable"),
    ("301", "301", "Capital social"),
    ("301.01", "301.01", "Capital social"),
    ("304", "304", "Resultado de ejercicios anteriores"),
    ("304.01", "304.01", "Utilidad de ejercicios anteriores"),
    ("305", "305", "Resultado del ejercicio"),
    ("305.01", "305.01", "Utilidad del ejercicio"),
    ("400", "400", "Ingresos"),
    ("401", "401", "Ingresos"),
    ("401.01", "401.01", "Ventas gravadas a la tasa general"),
    ("402", "402", "Devoluciones, descuentos o bonificaciones sobre ingresos"),
    ("402.01", "402.01", "Devoluciones sobre ventas"),
    ("403", "403", "Otros ingresos"),
    ("403.01", "403.01", "Otros ingresos"),
    ("403.01.01", "403.01", "Otros ingresos diversos"),
    ("403.01.02", "403.01", "Sobrantes de caja"),
    ("403.01.03", "403.01", "Anticipos de apartados retenidos"),
    ("500", "500", "Costos"),
    ("501", "501", "Costo de venta y/o servicio"),
    ("501.01", "501.01", "Costo de venta"),
    ("600", "600", "Gastos"),
    ("601", "601", "Gastos generales"),
    ("601.84", "601.84", "Otros gastos generales"),
    ("601.84.01", "601.84", "Gastos generales diversos"),
    ("601.84.02", "601.84", "Mermas de inventario"),
    ("601.84.03", "601.84", "Faltantes de caja"),
)


def parent_code(code: str) -> str | None:
    """The parent a seeded code hangs from: ``101.01 -> 101``, ``101 -> 100``, ``100 -> None``."""
    if "." in code:
        return code.rsplit(".", 1)[0]
    if is_root_code(code):
        return None
    return code[0] + "00"


def code_fits_parent(code: str, parent: str) -> bool:
    """A child continues its parent's code: ``101.01`` under ``101``, ``101`` under ``100``."""
    return parent_code(code) == parent
