"""Seed section 9 (Accounting): chart, pólizas, reports, periods; bad input, permissions, idempotency."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from http_support import OWNER_PIN, TestClient, add_employee, bearer, login, make_shop
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from nexus_core.domain.chart import SAT_CHART
from nexus_core.domain.receivables import Receivable
from nexus_core.testing import in_memory_nexus
from nexus_http import create_app

A = "/pos/api/accounting"
ACCOUNTS, ENTRIES, PERIODS = f"{A}/accounts", f"{A}/entries", f"{A}/periods"
CLOSE = f"{A}/periods/close"


# --- helpers ------------------------------------------------------------------------------------


def chart(client: TestClient, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    r = client.get(ACCOUNTS, headers=headers)
    assert r.status_code == 200, r.text
    return {a["code"]: a for a in r.json()["data"]}


def ids(client: TestClient, headers: dict[str, str]) -> dict[str, int]:
    return {code: a["id"] for code, a in chart(client, headers).items()}


def entry_body(day: str, *lines: tuple[int, Any, Any], description: str = "Poliza", **extra: Any) -> dict[str, Any]:
    return {
        "date": day,
        "description": description,
        "lines": [{"account_id": a, "debit": dr, "credit": cr} for a, dr, cr in lines],
        **extra,
    }


def post_entry(client: TestClient, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return client.post(ENTRIES, json=body, headers=headers)


def rent(acc: dict[str, int], day: str = "2026-04-01", amount: Any = 15000) -> dict[str, Any]:
    return entry_body(
        day,
        (acc["601.84.01"], amount, 0),
        (acc["102.01"], 0, amount),
        description="Pago de renta del local",
    )


def capital(acc: dict[str, int], day: str = "2026-04-01", amount: Any = 100000) -> dict[str, Any]:
    return entry_body(day, (acc["102.01"], amount, 0), (acc["301.01"], 0, amount), description="Aportacion")


def entry_count(client: TestClient, headers: dict[str, str]) -> int:
    r = client.get(ENTRIES, headers=headers)
    assert r.status_code == 200, r.text
    return int(r.json()["pagination"]["total"])


def raw_decimal_text(text: str, field: str) -> list[str]:
    """Every spelling of ``field``'s numbers in a raw JSON answer (to check two decimals on the wire)."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k == field and isinstance(v, Decimal):
                    found.append(format(v, "f"))
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(json.loads(text, parse_float=Decimal))
    return found


@pytest.fixture
def acc(client, owner_headers) -> dict[str, int]:
    return ids(client, owner_headers)


@pytest.fixture
def accountant_headers(client, shop, owner_headers) -> dict[str, str]:
    add_employee(client, owner_headers, name="Conta Dora", role="accountant", pin="3579")
    r = login(client, shop.tenant_id, "3579")
    assert r.status_code == 200, r.text
    return bearer(r.json()["token"])


# --- chart of accounts --------------------------------------------------------------------------


def test_accounts_list_is_the_seeded_sat_chart(client, owner_headers):
    data = client.get(ACCOUNTS, headers=owner_headers).json()["data"]
    codes = [a["code"] for a in data]
    assert codes == sorted(codes)
    by_code = {a["code"]: a for a in data}
    root = by_code["100"]
    assert root == {
        "id": root["id"],
        "code": "100",
        "sat_code": "100",
        "name": "Activo",
        "type": "debit",
        "parent_id": None,
        "level": 1,
        "is_active": True,
    }
    assert by_code["101"]["parent_id"] == root["id"] and by_code["101"]["level"] == 2
    assert by_code["601.84.01"]["sat_code"] == "601.84"
    assert by_code["601.84.01"]["level"] == 4
    assert by_code["305.01"]["type"] == "credit"
    assert {"101.01", "102.01", "105.01", "201.01", "208.01", "305.01", "401.01", "501.01"} <= set(by_code)


def test_create_account_answers_201_with_the_account(client, owner_headers, acc):
    body = {
        "code": "102.02",
        "sat_code": "102.02",
        "name": "Bancos extranjeros",
        "type": "debit",
        "parent_id": acc["102"],
        "description": "Cuenta en dolares",
    }
    r = client.post(ACCOUNTS, json=body, headers=owner_headers)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created == {
        "id": created["id"],
        "code": "102.02",
        "sat_code": "102.02",
        "name": "Bancos extranjeros",
        "type": "debit",
        "parent_id": acc["102"],
        "level": 3,
        "is_active": True,
        "message": "Account created",
    }
    listed = chart(client, owner_headers)["102.02"]
    assert listed == {k: v for k, v in created.items() if k != "message"}


def test_create_account_defaults_sat_code_and_type(client, owner_headers, acc):
    r = client.post(
        ACCOUNTS,
        json={"code": "201.02", "name": "Proveedores extranjeros", "parent_id": acc["201"]},
        headers=owner_headers,
    )
    assert r.status_code == 201, r.text
    assert r.json()["sat_code"] == "201.02"
    assert r.json()["type"] == "credit"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"code": "101.01", "name": "Caja otra vez", "parent_id": "101"}, ["already exists"]),
        ({"code": "102.03", "name": "Sin padre", "parent_id": 999999}, ["parent", "999999", "does not exist"]),
        ({"code": "102.03", "name": "Sin padre"}, ["parent_id"]),
        ({"code": "abc", "name": "Mal codigo", "parent_id": "102"}, ["code"]),
        ({"code": "102.03", "name": "", "parent_id": "102"}, ["name"]),
        ({"code": "102.03", "name": "Bancos", "parent_id": "102", "type": "credit"}, ["type"]),
        ({"code": "102.03", "name": "Bancos", "parent_id": "102", "type": "sideways"}, ["type"]),
        ({"code": "102.03", "name": "Bancos", "parent_id": "201"}, ["cannot hang from 201"]),
        ({"code": "102.03", "name": "Bancos", "parent_id": "102", "sat_code": "x"}, ["sat_code"]),
        ({"code": 102, "name": "Bancos", "parent_id": "102"}, ["code", "string"]),
        ({"name": "Bancos", "parent_id": "102"}, ["code", "required"]),
        ({"code": "102.03", "parent_id": "102"}, ["name", "required"]),
        ({"code": "102.03", "name": "Bancos", "parent_id": "1"}, ["parent_id", "integer"]),
    ],
)
def test_bad_accounts_are_400_naming_the_problem_and_write_nothing(client, owner_headers, acc, body, words):
    body = dict(body)
    if isinstance(body.get("parent_id"), str) and body["parent_id"] in acc:
        body["parent_id"] = acc[body["parent_id"]]
    before = len(chart(client, owner_headers))
    r = client.post(ACCOUNTS, json=body, headers=owner_headers)
    assert r.status_code == 400, r.text
    for word in words:
        assert word in r.json()["error"]
    assert len(chart(client, owner_headers)) == before


# --- entries ------------------------------------------------------------------------------------


def test_manual_entry_shows_in_list_detail_and_reports(client, shop, owner_headers, acc):
    assert post_entry(client, owner_headers, capital(acc)).status_code == 201
    r = post_entry(client, owner_headers, {**rent(acc), "reference": "RENTA-04"})
    assert r.status_code == 201, r.text
    entry_id = r.json()["id"]
    assert r.json() == {"id": entry_id, "message": "Entry created"}

    listed = client.get(ENTRIES, headers=owner_headers).json()
    assert listed["pagination"] == {"page": 1, "per_page": 50, "total": 2, "total_pages": 1}
    assert listed["data"][0] == {
        "id": entry_id,
        "date": "2026-04-01",
        "type": "manual",
        "reference": "RENTA-04",
        "description": "Pago de renta del local",
        "total": 15000,
        "created_by": "Ana Perez",
    }

    r = client.get(f"{ENTRIES}/{entry_id}", headers=owner_headers)
    assert r.status_code == 200
    assert r.json() == {
        "id": entry_id,
        "date": "2026-04-01",
        "type": "manual",
        "reference": "RENTA-04",
        "description": "Pago de renta del local",
        "lines": [
            {
                "account_id": acc["601.84.01"],
                "account_code": "601.84.01",
                "account_name": "Gastos generales diversos",
                "debit": 15000,
                "credit": 0,
            },
            {
                "account_id": acc["102.01"],
                "account_code": "102.01",
                "account_name": "Bancos nacionales",
                "debit": 0,
                "credit": 15000,
            },
        ],
        "created_by": "Ana Perez",
    }
    assert raw_decimal_text(r.text, "debit") == ["15000.00", "0.00"]

    q = "date_from=2026-04-01&date_to=2026-04-30"
    tb = client.get(f"{A}/trial-balance?{q}", headers=owner_headers)
    assert tb.status_code == 200
    tb_body = tb.json()
    assert tb_body["period"] == {"from": "2026-04-01", "to": "2026-04-30"}
    rows = {row["code"]: row for row in tb_body["accounts"]}
    assert rows["102.01"] == {
        "code": "102.01",
        "name": "Bancos nacionales",
        "opening_debit": 0,
        "opening_credit": 0,
        "period_debit": 100000,
        "period_credit": 15000,
        "closing_debit": 85000,
        "closing_credit": 0,
    }
    assert set(rows) == {"102.01", "301.01", "601.84.01"}
    totals = tb_body["totals"]
    assert totals == {
        "opening_debit": 0,
        "opening_credit": 0,
        "period_debit": 115000,
        "period_credit": 115000,
        "closing_debit": 100000,
        "closing_credit": 100000,
    }
    assert raw_decimal_text(tb.text, "period_debit")[-1] == "115000.00"

    inc = client.get(f"{A}/income-statement?{q}", headers=owner_headers)
    assert inc.status_code == 200
    assert inc.json() == {
        "period": {"from": "2026-04-01", "to": "2026-04-30"},
        "income": [],
        "cost_of_sales": [],
        "expenses": [{"code": "601.84.01", "name": "Gastos generales diversos", "amount": 15000}],
        "gross_profit": 0,
        "operating_profit": -15000,
        "net_income": -15000,
    }
    assert raw_decimal_text(inc.text, "net_income") == ["-15000.00"]

    bs = client.get(f"{A}/balance-sheet?date=2026-04-30", headers=owner_headers)
    assert bs.status_code == 200
    sheet = bs.json()
    assert sheet["date"] == "2026-04-30"
    assert sheet["total_assets"] == sheet["total_liabilities_equity"] == 85000
    assert raw_decimal_text(bs.text, "total_assets") == ["85000.00"]
    assert [n["code"] for n in sheet["assets"]] == ["100"]
    assets = sheet["assets"][0]
    assert assets["amount"] == 85000 and assets["name"] == "Activo"
    assert assets["children"] == [
        {
            "code": "102",
            "name": "Bancos",
            "amount": 85000,
            "children": [{"code": "102.01", "name": "Bancos nacionales", "amount": 85000, "children": []}],
        }
    ]
    assert sheet["liabilities"] == [{"code": "200", "name": "Pasivo", "amount": 0, "children": []}]
    equity = sheet["equity"][0]
    assert equity["code"] == "300" and equity["amount"] == 85000
    assert equity["children"][-1] == {
        "code": None,
        "name": "Utilidad del ejercicio (en curso)",
        "amount": -15000,
        "children": [],
    }


def test_entry_lines_carry_cfdi_references_only_when_set(client, owner_headers, acc):
    uuid = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
    body = rent(acc)
    body["lines"][0].update({"cfdi_uuid": uuid, "rfc": "XAXX010101000", "cfdi_total": "17400.00"})
    r = post_entry(client, owner_headers, body)
    assert r.status_code == 201, r.text
    lines = client.get(f"{ENTRIES}/{r.json()['id']}", headers=owner_headers).json()["lines"]
    assert lines[0]["cfdi_uuid"] == uuid.upper()
    assert lines[0]["rfc"] == "XAXX010101000"
    assert lines[0]["cfdi_total"] == 17400
    assert set(lines[1]) == {"account_id", "account_code", "account_name", "debit", "credit"}


def test_entries_filters_and_pagination(client, owner_headers, acc):
    for day in ("2026-03-05", "2026-03-20", "2026-04-01"):
        assert post_entry(client, owner_headers, rent(acc, day, 100)).status_code == 201
    r = client.get(f"{ENTRIES}?date_from=2026-03-01&date_to=2026-03-31", headers=owner_headers)
    assert [e["date"] for e in r.json()["data"]] == ["2026-03-20", "2026-03-05"]
    assert r.json()["pagination"]["total"] == 2
    r = client.get(f"{ENTRIES}?per_page=2&page=2", headers=owner_headers)
    assert r.json()["pagination"] == {"page": 2, "per_page": 2, "total": 3, "total_pages": 2}
    assert [e["date"] for e in r.json()["data"]] == ["2026-03-05"]
    assert client.get(f"{ENTRIES}?type=manual", headers=owner_headers).json()["pagination"]["total"] == 3
    assert client.get(f"{ENTRIES}?type=sale", headers=owner_headers).json()["data"] == []
    r = client.get(f"{ENTRIES}?page=9", headers=owner_headers)
    assert r.status_code == 200 and r.json()["data"] == []


@pytest.mark.parametrize(
    ("path", "param"),
    [
        (f"{ENTRIES}?date_from=2026-4-1", "date_from"),
        (f"{ENTRIES}?date_to=yesterday", "date_to"),
        (f"{ENTRIES}?date_from=2026-02-30", "date_from"),
        (f"{ENTRIES}?date_from=", "date_from"),
        (f"{ENTRIES}?type=bogus", "type"),
        (f"{ENTRIES}?page=abc", "page"),
        (f"{ENTRIES}?page=0", "page"),
        (f"{ENTRIES}?page=-1", "page"),
        (f"{ENTRIES}?page=1.5", "page"),
        (f"{ENTRIES}?page=99999999999999999999999", "page"),
        (f"{ENTRIES}?per_page=x", "per_page"),
        (f"{ENTRIES}?per_page=201", "per_page"),
        (f"{ENTRIES}?date_from=2026-04-02&date_to=2026-04-01", "date_from"),
        (f"{A}/trial-balance?date_from=2026-04-31", "date_from"),
        (f"{A}/trial-balance?date_from=2026-04-10&date_to=2026-04-01", "date_from"),
        (f"{A}/trial-balance?date_to=01/04/2026", "date_to"),
        (f"{A}/income-statement?date_from=2026-13-01", "date_from"),
        (f"{A}/income-statement?date_from=2026-05-01&date_to=2026-04-01", "date_from"),
        (f"{A}/balance-sheet?date=2026-04-01T00:00:00", "date"),
        (f"{A}/balance-sheet?date=abc", "date"),
        (f"{A}/aging?date=20260401", "date"),
        (f"{ENTRIES}?page=9223372036854775807", "page"),
        (f"{ENTRIES}?type=", "type"),
        (f"{A}/balance-sheet?date=3000-01-01", "date"),
        (f"{A}/aging?date=1899-12-31", "date"),
        (f"{A}/trial-balance?date_to=9999-12-31", "date_to"),
    ],
)
def test_bad_query_params_are_400_naming_the_param(client, owner_headers, path, param):
    r = client.get(path, headers=owner_headers)
    assert r.status_code == 400, r.text
    assert r.json()["error"].startswith(param + " ")


def test_date_from_after_date_to_says_so(client, owner_headers):
    r = client.get(f"{A}/trial-balance?date_from=2026-04-10&date_to=2026-04-01", headers=owner_headers)
    assert r.json() == {"error": "date_from must not be after date_to"}


def _deactivate_account(client: TestClient, account_id: int) -> None:
    """No use case deactivates accounts yet; flip the committed row of the fake store directly."""
    store = client.app.state.nexus.uows.store
    with store.lock:
        store.tables.ledger.accounts[account_id].is_active = False


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda a: entry_body("2026-04-01", (a["601.84.01"], 100, 0), (a["102.01"], 0, 90)), ["unbalanced"]),
        (lambda a: entry_body("2026-04-01"), ["lines"]),
        (lambda a: entry_body("2026-04-01", (a["601.84.01"], 0, 0), (a["102.01"], 0, 0)), ["lines[0]", "debit"]),
        (lambda a: entry_body("2026-04-01", (a["601.84.01"], 100, 0)), ["at least two lines"]),
        (lambda a: entry_body("2026-04-01", (999999, 100, 0), (a["102.01"], 0, 100)), ["999999", "does not exist"]),
        (lambda a: entry_body("2026-04-01", (0, 100, 0), (a["102.01"], 0, 100)), ["lines[0].account_id"]),
        (lambda a: entry_body("2026-04-01", (a["601.84"], 100, 0), (a["102.01"], 0, 100)), ["601.84", "subaccounts"]),
        (lambda a: entry_body("2026-04-01", (a["600"], 100, 0), (a["102.01"], 0, 100)), ["600", "subaccounts"]),
        (lambda a: entry_body("2026-04-01", (a["601.84.01"], -100, 0), (a["102.01"], 0, -100)), ["negative"]),
        (lambda a: entry_body("2026-04-01", (a["601.84.01"], 100, 100), (a["102.01"], 0, 0)), ["not both"]),
        (lambda a: entry_body("2026-04-01", (a["601.84.01"], "1.005", 0), (a["102.01"], 0, "1.005")), ["2 decimals"]),
        (lambda a: entry_body("2026-04-01", (a["601.84.01"], "abc", 0), (a["102.01"], 0, 1)), ["lines[0].debit"]),
        (lambda a: entry_body("2026-04-01", (a["601.84.01"], True, 0), (a["102.01"], 0, 1)), ["lines[0].debit"]),
        (lambda a: entry_body("2026-04-01", ("7", 1, 0), (a["102.01"], 0, 1)), ["lines[0].account_id", "integer"]),
        (lambda a: entry_body("01/04/2026", (a["601.84.01"], 1, 0), (a["102.01"], 0, 1)), ["date"]),
        (lambda a: entry_body("2026-02-30", (a["601.84.01"], 1, 0), (a["102.01"], 0, 1)), ["date"]),
        (lambda a: {**rent(a), "date": 20260401}, ["date must be a date as YYYY-MM-DD"]),
        (lambda a: {**rent(a), "date": "3000-01-01"}, ["date must be between 1900-01-01 and 2999-12-31"]),
        (lambda a: {**rent(a), "description": ""}, ["description"]),
        (lambda a: {**rent(a), "description": None}, ["description"]),
        (lambda a: {**rent(a), "lines": {"account_id": 1}}, ["lines", "list"]),
        (lambda a: {**rent(a), "lines": [1, 2]}, ["lines[0]", "object"]),
        (lambda a: {k: v for k, v in rent(a).items() if k != "date"}, ["date", "required"]),
        (lambda a: {k: v for k, v in rent(a).items() if k != "lines"}, ["lines", "required"]),
        (lambda a: {**rent(a), "reference": "x" * 61}, ["reference"]),
    ],
)
def test_bad_entries_are_400_naming_the_problem_and_write_nothing(client, owner_headers, acc, make, words):
    r = post_entry(client, owner_headers, make(acc))
    assert r.status_code == 400, r.text
    for word in words:
        assert word in r.json()["error"]
    assert entry_count(client, owner_headers) == 0
    assert client.get(PERIODS, headers=owner_headers).json() == {"data": []}


def test_unbalanced_entry_message(client, owner_headers, acc):
    body = entry_body("2026-04-01", (acc["601.84.01"], 100, 0), (acc["102.01"], 0, "90.50"))
    r = post_entry(client, owner_headers, body)
    assert r.json() == {"error": "entry is unbalanced: debits 100.00 != credits 90.50"}


def test_inactive_account_refuses_postings(client, owner_headers, acc):
    _deactivate_account(client, acc["601.84.01"])
    assert chart(client, owner_headers)["601.84.01"]["is_active"] is False
    r = post_entry(client, owner_headers, rent(acc))
    assert r.status_code == 400
    assert r.json() == {"error": "line 0: account 601.84.01 is not active"}
    assert entry_count(client, owner_headers) == 0


def test_foreign_and_missing_entries_are_404(client, nexus, shop, other_shop, owner_headers, acc):
    mine = post_entry(client, owner_headers, rent(acc)).json()["id"]
    other = bearer(login(client, other_shop.tenant_id, "9999").json()["token"])
    for path in (f"{ENTRIES}/{mine}", f"{ENTRIES}/999999", f"{ENTRIES}/abc", f"{ENTRIES}/-1"):
        r = client.get(path, headers=other)
        assert r.status_code == 404, path
    # 0 is a number but never an id: the core says so, and the route only translates.
    r = client.get(f"{ENTRIES}/0", headers=other)
    assert (r.status_code, r.json()) == (400, {"error": "entry_id must be a positive integer"})
    assert client.get(f"{ENTRIES}/{mine}", headers=other).json() == {"error": f"entry {mine} not found"}
    assert client.get(ENTRIES, headers=other).json()["data"] == []
    # the other tenant's account ids are unknown here, like ids that do not exist
    theirs = ids(client, other)
    assert acc["601.84.01"] != theirs["601.84.01"]
    r = post_entry(client, other, entry_body("2026-04-01", (acc["601.84.01"], 1, 0), (theirs["102.01"], 0, 1)))
    assert r.status_code == 400
    assert r.json() == {"error": f"line 0: account {acc['601.84.01']} does not exist"}
    assert entry_count(client, other) == 0


def test_post_entries_is_idempotent(client, owner_headers, acc):
    headers = {**owner_headers, "Idempotency-Key": "poliza-1"}
    first = client.post(ENTRIES, json=rent(acc), headers=headers)
    assert first.status_code == 201
    again = client.post(ENTRIES, json=rent(acc), headers=headers)
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert entry_count(client, owner_headers) == 1
    other = client.post(ENTRIES, json=rent(acc, amount=1), headers=headers)
    assert other.status_code == 422
    assert entry_count(client, owner_headers) == 1


# --- periods ------------------------------------------------------------------------------------


def test_period_close_flow(client, clock, owner_headers, acc):
    assert client.get(PERIODS, headers=owner_headers).json() == {"data": []}
    assert post_entry(client, owner_headers, capital(acc, "2026-03-01")).status_code == 201
    assert post_entry(client, owner_headers, rent(acc, "2026-03-15")).status_code == 201
    assert client.get(PERIODS, headers=owner_headers).json() == {
        "data": [{"year": 2026, "month": 3, "status": "open", "closed_at": None, "closed_by": None}]
    }

    r = client.post(CLOSE, json={"year": 2026, "month": 3}, headers=owner_headers)
    assert r.status_code == 200, r.text
    closed = r.json()
    closing_id = closed["closing_entry_id"]
    assert closed == {
        "year": 2026,
        "month": 3,
        "status": "closed",
        "closed_at": "2026-04-01T15:00:00",
        "closed_by": "Ana Perez",
        "closing_entry_id": closing_id,
        "message": "Period 2026-03 closed",
    }
    closing = client.get(f"{ENTRIES}/{closing_id}", headers=owner_headers).json()
    assert closing["type"] == "closing"
    assert closing["date"] == "2026-03-31"
    assert [(ln["account_code"], ln["debit"], ln["credit"]) for ln in closing["lines"]] == [
        ("601.84.01", 0, 15000),
        ("305.01", 15000, 0),
    ]
    assert client.get(PERIODS, headers=owner_headers).json()["data"] == [
        {"year": 2026, "month": 3, "status": "closed", "closed_at": "2026-04-01T15:00:00", "closed_by": "Ana Perez"}
    ]
    # the closed month still shows its result; the balance sheet keeps balancing with 305.01 holding it
    q = "date_from=2026-03-01&date_to=2026-03-31"
    assert client.get(f"{A}/income-statement?{q}", headers=owner_headers).json()["net_income"] == -15000
    sheet = client.get(f"{A}/balance-sheet?date=2026-03-31", headers=owner_headers).json()
    assert sheet["total_assets"] == sheet["total_liabilities_equity"] == 85000
    tb = client.get(f"{A}/trial-balance?{q}", headers=owner_headers).json()
    assert tb["totals"]["period_debit"] == tb["totals"]["period_credit"]
    assert tb["totals"]["closing_debit"] == tb["totals"]["closing_credit"]

    before = entry_count(client, owner_headers)
    r = post_entry(client, owner_headers, rent(acc, "2026-03-20"))
    assert r.status_code == 400
    assert "period 2026-03 is closed" in r.json()["error"]
    r = client.post(CLOSE, json={"year": 2026, "month": 3}, headers=owner_headers)
    assert r.status_code == 400
    assert r.json() == {"error": "period 2026-03 is already closed"}
    assert entry_count(client, owner_headers) == before

    r = client.post(CLOSE, json={"year": 2026, "month": 4}, headers=owner_headers)
    assert r.status_code == 400
    assert "2026-04" in r.json()["error"] and "not ended" in r.json()["error"]


def test_closing_a_month_while_an_earlier_one_is_open_is_refused(client, clock, shop, acc):
    clock.advance(timedelta(days=31))  # 2026-05-02: April has ended (log in again: tokens last hours)
    owner_headers = bearer(login(client, shop.tenant_id, OWNER_PIN).json()["token"])
    assert post_entry(client, owner_headers, rent(acc, "2026-03-15")).status_code == 201
    r = client.post(CLOSE, json={"year": 2026, "month": 4}, headers=owner_headers)
    assert r.status_code == 400
    assert r.json() == {"error": "period 2026-03 is still open; close it before 2026-04"}
    assert [p["status"] for p in client.get(PERIODS, headers=owner_headers).json()["data"]] == ["open"]
    assert entry_count(client, owner_headers) == 1
    assert client.post(CLOSE, json={"year": 2026, "month": 3}, headers=owner_headers).status_code == 200
    r = client.post(CLOSE, json={"year": 2026, "month": 4}, headers=owner_headers)
    assert r.status_code == 200
    assert r.json()["closing_entry_id"] is None  # April had no result to move
    assert [(p["month"], p["status"]) for p in client.get(PERIODS, headers=owner_headers).json()["data"]] == [
        (4, "closed"),
        (3, "closed"),
    ]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"year": 2026, "month": 13}, ["month"]),
        ({"year": 2026, "month": 0}, ["month"]),
        ({"year": 1800, "month": 3}, ["year"]),
        ({"year": "2026", "month": 3}, ["year", "integer"]),
        ({"year": 2026, "month": 3.0}, ["month", "integer"]),
        ({"year": 2026}, ["month", "required"]),
        ({}, ["year", "month"]),
    ],
)
def test_bad_period_close_is_400(client, owner_headers, acc, body, words):
    post_entry(client, owner_headers, rent(acc, "2026-03-15"))
    r = client.post(CLOSE, json=body, headers=owner_headers)
    assert r.status_code == 400, r.text
    for word in words:
        assert word in r.json()["error"]
    assert [p["status"] for p in client.get(PERIODS, headers=owner_headers).json()["data"]] == ["open"]


def test_period_close_is_idempotent(client, owner_headers, acc):
    post_entry(client, owner_headers, rent(acc, "2026-03-15"))
    headers = {**owner_headers, "Idempotency-Key": "cierre-marzo"}
    first = client.post(CLOSE, json={"year": 2026, "month": 3}, headers=headers)
    again = client.post(CLOSE, json={"year": 2026, "month": 3}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again.headers["Idempotent-Replayed"] == "true"
    assert client.get(f"{ENTRIES}?type=closing", headers=owner_headers).json()["pagination"]["total"] == 1


# --- aging --------------------------------------------------------------------------------------


def test_aging_buckets_open_receivables(client, nexus, shop, owner_headers):
    today = date(2026, 4, 30)

    def add_receivables(cmd: None, uow: Any, deps: Any) -> None:
        for customer_id, name, amount, days_past_due in [
            (5, "Taller Perez", "5000.00", 0),
            (5, "Taller Perez", "3000.00", 10),
            (5, "Taller Perez", "2000.00", 45),
            (7, "Autos Garcia", "1000.00", 75),
            (7, "Autos Garcia", "500.50", 120),
        ]:
            due = today - timedelta(days=days_past_due)
            uow.receivables.add(
                Receivable.create(
                    tenant_id=uow.tenant_id,
                    customer_id=customer_id,
                    customer_name=name,
                    reference=f"V-{amount}",
                    amount=Decimal(amount),
                    issued_on=due - timedelta(days=30),
                    due_date=due,
                )
            )

    nexus.run(shop.tenant_id, add_receivables, None)
    r = client.get(f"{A}/aging?date=2026-04-30", headers=owner_headers)
    assert r.status_code == 200
    assert r.json() == {
        "date": "2026-04-30",
        "customers": [
            {
                "customer_id": 7,
                "name": "Autos Garcia",
                "current": 0,
                "days_1_30": 0,
                "days_31_60": 0,
                "days_61_90": 1000,
                "days_over_90": 500.5,
                "total": 1500.5,
            },
            {
                "customer_id": 5,
                "name": "Taller Perez",
                "current": 5000,
                "days_1_30": 3000,
                "days_31_60": 2000,
                "days_61_90": 0,
                "days_over_90": 0,
                "total": 10000,
            },
        ],
        "totals": {
            "current": 5000,
            "days_1_30": 3000,
            "days_31_60": 2000,
            "days_61_90": 1000,
            "days_over_90": 500.5,
            "total": 11500.5,
        },
    }
    assert raw_decimal_text(r.text, "days_over_90") == ["500.50", "0.00", "500.50"]


def test_reports_default_to_today_and_are_empty_on_a_new_shop(client, owner_headers):
    tb = client.get(f"{A}/trial-balance", headers=owner_headers).json()
    assert tb["period"] == {"from": "2026-04-01", "to": "2026-04-01"}
    assert tb["accounts"] == []
    assert set(tb["totals"].values()) == {0}
    assert client.get(f"{A}/balance-sheet", headers=owner_headers).json()["date"] == "2026-04-01"
    assert client.get(f"{A}/aging", headers=owner_headers).json() == {
        "date": "2026-04-01",
        "customers": [],
        "totals": {
            "current": 0,
            "days_1_30": 0,
            "days_31_60": 0,
            "days_61_90": 0,
            "days_over_90": 0,
            "total": 0,
        },
    }


# --- permissions --------------------------------------------------------------------------------

READS = [ACCOUNTS, ENTRIES, f"{A}/trial-balance", f"{A}/income-statement", f"{A}/balance-sheet", f"{A}/aging", PERIODS]


def test_cashier_gets_403_and_nothing_is_written(client, owner_headers, cashier_headers, acc):
    for path in [*READS, f"{ENTRIES}/1"]:
        r = client.get(path, headers=cashier_headers)
        assert r.status_code == 403, path
        assert r.json() == {"error": "permission accounting.view required"}
    before = len(chart(client, owner_headers))
    writes = [
        (ACCOUNTS, {"code": "102.02", "name": "Bancos extranjeros", "parent_id": acc["102"]}),
        (ENTRIES, rent(acc, "2026-03-15")),
        (CLOSE, {"year": 2026, "month": 3}),
    ]
    for path, body in writes:
        r = client.post(path, json=body, headers=cashier_headers)
        assert r.status_code == 403, path
        assert r.json() == {"error": "permission accounting.create required"}
    assert len(chart(client, owner_headers)) == before
    assert entry_count(client, owner_headers) == 0
    assert client.get(PERIODS, headers=owner_headers).json() == {"data": []}


def test_accountant_can_read_and_write(client, accountant_headers):
    for path in READS:
        assert client.get(path, headers=accountant_headers).status_code == 200, path
    acc = ids(client, accountant_headers)
    r = post_entry(client, accountant_headers, rent(acc, "2026-03-15"))
    assert r.status_code == 201
    detail = client.get(f"{ENTRIES}/{r.json()['id']}", headers=accountant_headers).json()
    assert detail["created_by"] == "Conta Dora"
    r = client.post(
        ACCOUNTS, json={"code": "102.02", "name": "Bancos", "parent_id": acc["102"]}, headers=accountant_headers
    )
    assert r.status_code == 201
    r = client.post(CLOSE, json={"year": 2026, "month": 3}, headers=accountant_headers)
    assert r.status_code == 200
    assert r.json()["closed_by"] == "Conta Dora"


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", p) for p in READS] + [("GET", f"{ENTRIES}/1"), ("POST", ACCOUNTS), ("POST", ENTRIES), ("POST", CLOSE)],
)
def test_accounting_needs_a_token(client, shop, method, path):
    assert client.request(method, path, json={}).status_code == 401


def test_openapi_lists_the_accounting_routes(client):
    paths = client.get("/openapi.json").json()["paths"]
    expected = {
        (ACCOUNTS, "get"),
        (ACCOUNTS, "post"),
        (ENTRIES, "get"),
        (ENTRIES, "post"),
        (f"{ENTRIES}/{{entry_id}}", "get"),
        (f"{A}/trial-balance", "get"),
        (f"{A}/income-statement", "get"),
        (f"{A}/balance-sheet", "get"),
        (f"{A}/aging", "get"),
        (PERIODS, "get"),
        (CLOSE, "post"),
    }
    listed = {(p, m) for p, ops in paths.items() if p.startswith(A) for m in ops}
    assert listed == expected
    create = paths[ENTRIES]["post"]
    assert create["x-permission"] == "accounting.create"
    assert any(p["name"] == "Idempotency-Key" for p in create["parameters"])
    assert paths[ENTRIES]["get"]["x-permission"] == "accounting.view"


# --- fuzz ---------------------------------------------------------------------------------------

amounts = (
    st.integers(min_value=-5, max_value=10**6)
    | st.decimals(min_value=-10, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
    | st.sampled_from(["100.00", "abc", "", "1e3", "-0", None, True, [], {}])
)
account_ids = st.integers(min_value=-2, max_value=80) | st.sampled_from(["1", None, 1.5, 2**64])
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)).map(date.isoformat) | st.sampled_from(
    ["2026-02-30", "", "x", None, 20260401, "2026-04-01T00:00:00"]
)
lines = st.lists(
    st.fixed_dictionaries({"account_id": account_ids}, optional={"debit": amounts, "credit": amounts}), max_size=4
)
entry_bodies = st.fixed_dictionaries(
    {"date": days, "description": st.text(max_size=5) | st.none(), "lines": lines | st.none() | st.integers()},
    optional={"reference": st.text(max_size=70) | st.integers()},
)
# Balanced two-line pólizas on the fresh chart's leaf accounts (ids follow SAT_CHART's order), so many post.
_CODES = [code for code, _, _ in SAT_CHART]
LEAF_IDS = [i for i, code in enumerate(_CODES, start=1) if not any(c.startswith(code + ".") for c in _CODES)]
balanced_bodies = st.builds(
    lambda day, a, b, amount: entry_body(day, (a, amount, 0), (b, 0, amount)),
    st.dates(min_value=date(2025, 10, 1), max_value=date(2026, 6, 30)).map(date.isoformat),
    st.sampled_from(LEAF_IDS) | st.integers(min_value=1, max_value=len(_CODES)),
    st.sampled_from(LEAF_IDS),
    st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2).map(str),
)
close_bodies = st.fixed_dictionaries(
    {
        "year": st.sampled_from([2025, 2026])
        | st.integers(min_value=1890, max_value=10000)
        | st.sampled_from(["2026", None, 2026.0]),
        "month": st.integers(min_value=-1, max_value=14) | st.sampled_from(["3", None, True]),
    }
)


def _encode(value: object) -> bytes:
    return json.dumps(value, default=lambda d: str(d) if isinstance(d, Decimal) else repr(d)).encode()


@pytest.fixture(scope="module")
def accounting_client():
    nexus = in_memory_nexus()
    shop = make_shop(nexus)
    with TestClient(create_app(nexus), raise_server_exceptions=False) as c:
        token = login(c, shop.tenant_id, OWNER_PIN, device=None).json()["token"]
        yield c, bearer(token)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=entry_bodies | balanced_bodies | close_bodies,
    misroute=st.integers(min_value=0, max_value=9),
    key=st.none() | st.text(alphabet="abc", min_size=1, max_size=4),
)
def test_random_accounting_posts_never_give_500(accounting_client, body, misroute, key):
    client, headers = accounting_client
    if key is not None:
        headers = {**headers, "Idempotency-Key": key}
    path = CLOSE if ("year" in body) != (misroute == 0) else ENTRIES  # one in ten goes to the other route
    r = client.post(path, content=_encode(body), headers={**headers, "content-type": "application/json"})
    assert r.status_code < 500, r.text
    assert r.status_code in (200, 201, 400, 404, 422), r.text
    event(f"{path.rsplit('/', 1)[1]} {r.status_code}")
    tb = client.get(f"{A}/trial-balance?date_from=2025-01-01&date_to=2027-12-31", headers=headers).json()
    assert tb["totals"]["period_debit"] == tb["totals"]["period_credit"]
    sheet = client.get(f"{A}/balance-sheet?date=2027-12-31", headers=headers).json()
    assert sheet["total_assets"] == sheet["total_liabilities_equity"]


def test_seed_body_with_decimal_literals_is_exact(client, owner_headers, acc):
    raw = (
        '{"date": "2026-04-01", "description": "Pago de renta del local", "lines": ['
        f'{{"account_id": {acc["601.84.01"]}, "debit": 15000.10, "credit": 0.00}},'
        f'{{"account_id": {acc["102.01"]}, "debit": 0.00, "credit": 15000.1}}]}}'
    )
    r = client.post(ENTRIES, content=raw, headers={**owner_headers, "content-type": "application/json"})
    assert r.status_code == 201, r.text
    detail = client.get(f"{ENTRIES}/{r.json()['id']}", headers=owner_headers)
    assert raw_decimal_text(detail.text, "debit") == ["15000.10", "0.00"]
    assert raw_decimal_text(detail.text, "credit") == ["0.00", "15000.10"]
