"""Routing errors and unexpected failures, in each surface's envelope."""

from __future__ import annotations

import logging

from http_support import TestClient

from nexus_core.services import auth as auth_services
from nexus_core.services import config as config_services
from nexus_http import create_app


def test_unknown_routes_are_404_in_the_surface_envelope(client):
    assert client.get("/pos/api/nothing").json() == {"error": "not found"}
    assert client.get("/pos/api/nothing").status_code == 404
    r = client.get("/api/nothing")
    assert r.status_code == 404
    assert r.json() == {"success": False, "message": "not found"}
    assert client.get("/").status_code == 404


def test_wrong_method_is_405_listing_the_allowed_ones(client):
    r = client.delete("/pos/api/config/branches")
    assert r.status_code == 405
    assert r.json() == {"error": "method not allowed"}
    assert set(r.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}
    r = client.get("/api/auth/login")
    assert r.status_code == 405
    assert r.json() == {"success": False, "message": "method not allowed"}


def test_head_is_answered_like_get(client):
    assert client.head("/pos/health").status_code == 200


def test_unexpected_errors_are_500_in_the_envelope_and_logged(client, shop, owner_headers, monkeypatch, caplog):
    def broken(cmd, uow, deps):
        raise RuntimeError("database fell over")

    monkeypatch.setattr(config_services, "get_theme", broken)
    with caplog.at_level(logging.ERROR, logger="nexus_http"):
        r = client.get("/pos/api/config/theme", headers=owner_headers)
    assert r.status_code == 500
    assert r.json() == {"error": "internal server error"}
    assert "database fell over" not in r.text
    assert any("unexpected error" in rec.message and rec.exc_info for rec in caplog.records)


def test_unexpected_errors_on_parcels_use_its_envelope(client, monkeypatch):
    def broken(cmd, uow, deps):
        raise KeyError("boom")

    monkeypatch.setattr(auth_services, "login_with_password", broken)
    r = client.post("/api/auth/login", json={"email": "a@b.co", "password": "12345678"})
    assert r.status_code == 500
    assert r.json() == {"success": False, "message": "internal server error"}


def test_oversized_bodies_are_413(nexus):
    with TestClient(create_app(nexus, max_body_size=1000), raise_server_exceptions=False) as c:
        r = c.post("/pos/api/auth/login", json={"tenant_id": 1, "pin": "x" * 5000})
        assert r.status_code == 413
        assert r.json() == {"error": "request body too large"}
        r = c.post("/api/auth/login", json={"email": "a@b.co", "password": "x" * 5000})
        assert r.status_code == 413
        assert r.json()["success"] is False


def test_floats_never_reach_the_core(client, shop, owner_headers):
    # 0.1 + 0.2 style noise cannot appear: the body is parsed into Decimal and written back digit for digit.
    body = {"name": "Exacta", "role": "cashier", "pin": "2222", "max_discount_pct": 33.33}
    assert client.post("/pos/api/config/employees", json=body, headers=owner_headers).status_code == 201
    r = client.get("/pos/api/config/employees", headers=owner_headers)
    assert '"max_discount_pct":33.33' in r.text


def test_oversized_chunked_bodies_are_413_too(nexus):
    def chunks():
        for _ in range(10):
            yield b" " * 500

    with TestClient(create_app(nexus, max_body_size=1000), raise_server_exceptions=False) as c:
        r = c.post("/pos/api/auth/login", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413
        assert r.json() == {"error": "request body too large"}
