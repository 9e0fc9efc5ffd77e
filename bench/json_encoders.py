"""JSON encoders on the payloads Nexus answers with (docs/adr/0011-fast-json.md records the choice).

Candidates, each writing a ``Decimal`` as a JSON number with exactly its own digits:
- ``stdlib``: the pure-Python encoder Nexus used before (kept as ``nexus_http.jsonio.canonical``'s engine);
- ``orjson``: ``orjson.dumps`` with ``orjson.Fragment(format(d, "f"))`` for a ``Decimal`` (what ``dumps`` is now);
- ``msgspec``: ``msgspec.json.Encoder(decimal_format="number")`` (prints ``str(d)``: ``1E+2``, not ``100``).
Prints microseconds per payload; asserts nothing.
"""

from __future__ import annotations

import importlib.util
import timeit
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from nexus_http import jsonio


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def payloads() -> dict[str, Any]:
    tb_fields = ("opening_debit", "opening_credit", "period_debit", "period_credit", "closing_debit", "closing_credit")
    accounts = [
        {
            "code": f"{100 + i}.01",
            "name": f"Cuenta de prueba número {i}",
            **{f: _money(i * 12345 + 7) for f in tb_fields},
        }
        for i in range(50)
    ]
    entries = [
        {
            "id": i,
            "date": date(2026, 4, 1 + i % 28).isoformat(),
            "type": "manual",
            "reference": f"F-{i}",
            "description": "Pago de renta del local",
            "total": _money(1500000 + i),
            "created_by": "Admin",
        }
        for i in range(50)
    ]
    return {
        "health": {"status": "ok"},
        "auth/me": {
            "id": 1,
            "name": "Admin",
            "role": "owner",
            "tenant_id": 1,
            "branch_id": 1,
            "permissions": ["accounting.view", "accounting.create", "config.edit", "sales.create", "stock.view"],
        },
        "trial balance (50 accounts)": {
            "period": {"from": "2026-04-01", "to": "2026-04-30"},
            "accounts": accounts,
            "totals": {f: _money(99999999) for f in tb_fields},
        },
        "entries page (50)": {
            "data": entries,
            "pagination": {"page": 1, "per_page": 50, "total": 50, "total_pages": 1},
        },
    }


def encoders() -> dict[str, Callable[[Any], bytes]]:
    found: dict[str, Callable[[Any], bytes]] = {"stdlib (pure Python)": jsonio.strict_dumps}
    if importlib.util.find_spec("orjson"):
        found["orjson + Fragment"] = jsonio.dumps
    if importlib.util.find_spec("msgspec"):
        import msgspec

        found["msgspec decimal_format=number"] = msgspec.json.Encoder(decimal_format="number").encode
    return found


def run() -> None:
    cases = payloads()
    names = list(encoders().items())
    print(f"  {'payload':<28}" + "".join(f"{name:>32}" for name, _ in names))
    for label, value in cases.items():
        cells = []
        for _, encode in names:
            timer = timeit.Timer(lambda encode=encode, value=value: encode(value))
            loops, _ = timer.autorange()
            best = min(timer.repeat(5, loops)) / loops
            cells.append(f"{best * 1e6:29.2f} us")
        print(f"  {label:<28}" + "".join(cells))


if __name__ == "__main__":
    run()
