"""Over HTTP: the tenant's time zone in its business settings, the local day at the boundary,
level-4 accounts keeping their parent's SAT code, and amounts written without re-rounding."""

from __future__ import annotations

from datetime import UTC, datetime

from nexus_core.testing import FakeClock

A = "/pos/api/accounting"
SETTINGS = "/pos/api/config/business"


def _ids(client, headers) -> dict[str, int]:
    return {a["code"]: a["id"] for a in client.get(f"{A}/accounts", headers=headers).json()["data"]}


def test_the_time_zone_is_a_business_setting(client, owner_headers, cashier_headers) -> None:
    assert client.get(SETTINGS, headers=owner_headers).json()["timezone"] == "America/Mexico_City"
    r = client.put(SETTINGS, headers=owner_headers, json={"timezone": "America/Cancun"})
    assert r.status_code == 200 and r.json()["timezone"] == "America/Cancun"
    assert client.get(SETTINGS, headers=cashier_headers).json()["timezone"] == "America/Cancun"
    r = client.put(SETTINGS, headers=owner_headers, json={"timezone": "Mars/Olympus"})
    assert r.status_code == 400
    assert r.json() == {"error": "timezone must be an IANA time zone such as America/Mexico_City"}
    assert client.put(SETTINGS, headers=cashier_headers, json={"timezone": "UTC"}).status_code == 403
    assert client.get(SETTINGS, headers=owner_headers).json()["timezone"] == "America/Cancun"


def test_at_23_30_local_march_is_still_open(client, clock: FakeClock, owner_headers) -> None:
    clock.current = datetime(2026, 4, 1, 5, 30, tzinfo=UTC)  # 23:30 on 31 March in Mexico City
    acc = _ids(client, owner_headers)
    body = {
        "date": "2026-03-31",
        "description": "Renta",
        "lines": [{"account_id": acc["601.84.01"], "debit": 100}, {"account_id": acc["101.01"], "credit": 100}],
    }
    assert client.post(f"{A}/entries", headers=owner_headers, json=body).status_code == 201
    r = client.post(f"{A}/periods/close", headers=owner_headers, json={"year": 2026, "month": 3})
    assert (r.status_code, r.json()) == (400, {"error": "period 2026-03 has not ended yet"})
    tb = client.get(f"{A}/trial-balance", headers=owner_headers).json()
    assert tb["period"] == {"from": "2026-03-01", "to": "2026-03-31"}
    clock.current = datetime(2026, 4, 1, 6, 0, tzinfo=UTC)  # local midnight
    r = client.post(f"{A}/periods/close", headers=owner_headers, json={"year": 2026, "month": 3})
    assert r.status_code == 200 and r.json()["closed_at"] == "2026-04-01T06:00:00"


def test_a_level_4_account_keeps_its_parents_sat_code(client, owner_headers) -> None:
    acc = _ids(client, owner_headers)
    body = {"code": "601.84.04", "name": "Papeleria", "parent_id": acc["601.84"]}
    r = client.post(f"{A}/accounts", headers=owner_headers, json=body)
    assert r.status_code == 201
    assert (r.json()["level"], r.json()["sat_code"]) == (4, "601.84")
    body = {"code": "102.02", "name": "Bancos extranjeros", "parent_id": acc["102"]}
    assert client.post(f"{A}/accounts", headers=owner_headers, json=body).json()["sat_code"] == "102.02"
