"""Issue 7, defects 5-7 and Build 4/5/7 over HTTP: amounts, dates, codes and strict parsing at the edges.

Each of these answered 500, or was accepted, before the bounds (ADR 17)."""

from __future__ import annotations

from typing import Any

import pytest
from test_http_accounting import ACCOUNTS, ENTRIES, A, entry_body, entry_count, ids, post_entry

MAX = "10000000.00"
RANGE = "must be between 1900-01-01 and 2999-12-31"


@pytest.fixture
def acc(client, owner_headers) -> dict[str, int]:
    return ids(client, owner_headers)


def _entry(acc: dict[str, int], amount: Any, day: str = "2026-04-01") -> dict[str, Any]:
    return entry_body(day, (acc["102.01"], amount, 0), (acc["301.01"], 0, amount))


def test_an_entry_of_huge_amounts_is_400_not_500(client, owner_headers, acc):
    huge = "999999999999999.99"  # defect 5: 100 lines of this answered 500 on SQLite
    lines = [(acc["102.01"], huge, 0)] * 50 + [(acc["301.01"], 0, huge)] * 50
    r = post_entry(client, owner_headers, entry_body("2026-04-01", *lines))
    assert r.status_code == 400
    assert r.json()["error"] == "lines[0].debit must be at most 10,000,000.00 (the largest amount Nexus keeps)"
    assert entry_count(client, owner_headers) == 0


def test_the_maximum_amount_is_accepted_and_one_cent_more_is_not(client, owner_headers, acc):
    lines = [(acc["102.01"], MAX, 0)] * 100 + [(acc["301.01"], 0, MAX)] * 100
    r = post_entry(client, owner_headers, entry_body("2026-04-01", *lines))
    assert r.status_code == 201, r.text
    assert post_entry(client, owner_headers, _entry(acc, "10000000.01")).status_code == 400
    tb = client.get(f"{A}/trial-balance?date_from=2026-04-01&date_to=2026-04-30", headers=owner_headers).json()
    assert tb["totals"]["period_debit"] == 1_000_000_000  # 100 x 10^7, exact (JSON integer-valued number)


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("trial-balance?date_to=9999-12-31", "date_to"),
        ("trial-balance?date_to=9999-12-30", "date_to"),
        ("trial-balance?date_from=9999-12-31", "date_from"),
        ("trial-balance?date_from=1899-12-31", "date_from"),
        ("income-statement?date_to=9999-12-31", "date_to"),
        ("balance-sheet?date=9999-12-31", "date"),
        ("balance-sheet?date=3000-01-01", "date"),
        ("aging?date=0001-01-01", "date"),
        ("entries?date_to=9999-12-31", "date_to"),
    ],
)
def test_dates_beyond_the_range_are_400_not_500(client, owner_headers, query, param):
    r = client.get(f"{A}/{query}", headers=owner_headers)
    assert r.status_code == 400, r.text
    assert r.json() == {"error": f"{param} {RANGE}"}


def test_the_edges_of_the_date_range_work(client, owner_headers, acc):
    for day in ("1900-01-01", "2999-12-31"):
        assert post_entry(client, owner_headers, _entry(acc, "5.00", day)).status_code == 201
    tb = client.get(f"{A}/trial-balance?date_from=1900-01-01&date_to=2999-12-31", headers=owner_headers)
    assert tb.status_code == 200 and tb.json()["totals"]["period_debit"] == 10
    assert client.get(f"{A}/balance-sheet?date=2999-12-31", headers=owner_headers).status_code == 200
    assert client.get(f"{A}/income-statement?date_to=2999-12-31", headers=owner_headers).status_code == 200


@pytest.mark.parametrize(("day", "problem"), [("9999-12-31", RANGE), ("3000-01-01", RANGE), ("1899-12-31", RANGE)])
def test_an_entry_dated_out_of_range_is_refused(client, owner_headers, acc, day, problem):
    r = post_entry(client, owner_headers, _entry(acc, "5.00", day))
    assert r.status_code == 400
    assert r.json() == {"error": f"date {problem}"}
    assert entry_count(client, owner_headers) == 0


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda acc: _entry(acc, "1_000"), "must be a number"),
        (lambda acc: _entry(acc, " 7.50 "), "must be a number"),
        (lambda acc: _entry(acc, "+7.50"), "must be a number"),
        (lambda acc: _entry(acc, "1e3"), "must be a number"),
        (lambda acc: _entry(acc, "NaN"), "must be a number"),
        (lambda acc: _entry(acc, "7.50", day=" 2026-05-10"), "date must be a valid date as YYYY-MM-DD"),
        (lambda acc: _entry(acc, "7.50", day="20260510"), "date must be a valid date as YYYY-MM-DD"),
        (lambda acc: _entry(acc, "7.50", day="2026-W19-7"), "date must be a valid date as YYYY-MM-DD"),
    ],
)
def test_lenient_spellings_of_money_and_dates_are_refused(client, owner_headers, acc, make, error):
    r = post_entry(client, owner_headers, make(acc))
    assert r.status_code == 400, r.text
    assert error in r.json()["error"]
    assert entry_count(client, owner_headers) == 0


def test_money_as_a_plain_digit_string_is_still_accepted(client, owner_headers, acc):
    assert post_entry(client, owner_headers, _entry(acc, "7.50")).status_code == 201


def test_duplicate_json_keys_are_400(client, owner_headers, acc):
    raw = (
        '{"date": "2026-04-01", "description": "x", "description": "y", "lines": ['
        f'{{"account_id": {acc["102.01"]}, "debit": 1, "debit": 1000, "credit": 0}},'
        f'{{"account_id": {acc["301.01"]}, "debit": 0, "credit": 1}}]}}'
    )
    headers = {**owner_headers, "content-type": "application/json"}
    r = client.post(ENTRIES, content=raw.encode(), headers=headers)
    assert r.status_code == 400
    assert r.json() == {"error": "request body repeats the key 'debit'"}
    assert entry_count(client, owner_headers) == 0


# --- codes (defect 7 and issue 6 part 4) ----------------------------------------------------------


def test_the_shops_own_numbering_is_accepted(client, owner_headers, acc):
    body = {"code": "100.9123", "sat_code": "100.01", "name": "Caja CONTPAQi", "parent_id": acc["101"]}
    r = client.post(ACCOUNTS, json=body, headers=owner_headers)
    assert r.status_code == 201, r.text
    assert (r.json()["code"], r.json()["sat_code"]) == ("100.9123", "100.01")
    body = {"code": "1101-001-000", "sat_code": "101.01", "name": "Caja general", "parent_id": acc["101"]}
    assert client.post(ACCOUNTS, json=body, headers=owner_headers).status_code == 201
    bad_sat = {"code": "1101-002-000", "sat_code": "1101-002", "name": "X", "parent_id": acc["101"]}
    r = client.post(ACCOUNTS, json=bad_sat, headers=owner_headers)
    assert r.status_code == 400 and "código agrupador" in r.json()["error"]


def test_non_ascii_digits_cannot_make_look_alike_codes(client, owner_headers, acc):
    arabic = {"code": "601.84.\u0660\u0665", "name": "Look-alike", "parent_id": acc["601.84"]}
    r = client.post(ACCOUNTS, json=arabic, headers=owner_headers)
    assert r.status_code == 400 and "digits 0-9" in r.json()["error"]
    fullwidth = {"code": "601.84.\uff10\uff11", "name": "Look-alike", "parent_id": acc["601.84"]}
    r = client.post(ACCOUNTS, json=fullwidth, headers=owner_headers)
    assert r.status_code == 400 and r.json()["error"] == "an account with code 601.84.01 already exists"
    codes = [a["code"] for a in client.get(ACCOUNTS, headers=owner_headers).json()["data"]]
    assert all(code.isascii() for code in codes)
