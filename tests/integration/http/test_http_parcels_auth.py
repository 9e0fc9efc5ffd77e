"""Parcels seed: email + password login in the {success, message, data} envelope."""

from __future__ import annotations

import pytest
from http_support import PARCELS_EMAIL, PARCELS_PASSWORD


def test_login_puts_the_token_at_data_token(client, nexus, parcels_user):
    r = client.post("/api/auth/login", json={"email": PARCELS_EMAIL, "password": PARCELS_PASSWORD})
    assert r.status_code == 200
    body = r.json()
    assert body == {"success": True, "message": "Login exitoso", "data": {"token": body["data"]["token"]}}
    claims = nexus.deps.tokens.decode(body["data"]["token"])
    assert claims["typ"] == "parcels" and claims["user_id"] == parcels_user


def test_email_is_case_insensitive(client, parcels_user):
    r = client.post("/api/auth/login", json={"email": PARCELS_EMAIL.upper(), "password": PARCELS_PASSWORD})
    assert r.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"email": PARCELS_EMAIL, "password": "wrong-password"},
        {"email": "nobody@example.com", "password": PARCELS_PASSWORD},
    ],
)
def test_wrong_credentials_are_401_in_the_envelope(client, parcels_user, body):
    r = client.post("/api/auth/login", json=body)
    assert r.status_code == 401
    assert r.json() == {"success": False, "message": "invalid email or password"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": PARCELS_PASSWORD}, "email"),
        ({"email": PARCELS_EMAIL}, "password"),
        ({"email": "", "password": PARCELS_PASSWORD}, "email"),
        ({"email": PARCELS_EMAIL, "password": ""}, "password"),
        ({"email": 5, "password": PARCELS_PASSWORD}, "email"),
        ({"email": PARCELS_EMAIL, "password": 12345678}, "password"),
    ],
)
def test_missing_or_mistyped_fields_are_400_in_the_envelope(client, parcels_user, body, field):
    r = client.post("/api/auth/login", json=body)
    assert r.status_code == 400
    assert r.json()["success"] is False
    assert field in r.json()["message"]


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b"null"])
def test_malformed_json_is_400_in_the_envelope(client, raw):
    r = client.post("/api/auth/login", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert set(r.json()) == {"success", "message"}
    assert r.json()["success"] is False
