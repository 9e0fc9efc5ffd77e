"""Writes take turns for the write thread (ADR 35): a write that waits longer than ``write_wait`` for its
turn is refused with 409 in the envelope, and changes nothing; with the turn free, it runs."""

from __future__ import annotations

from typing import Any

from anyio import CapacityLimiter
from http_support import OWNER_PIN, TestClient, bearer, login, make_shop

from nexus_core.services.runner import Nexus
from nexus_http import create_app

EMPLOYEE = {"name": "Juan Lopez", "role": "cashier", "pin": "5678"}


def _write_limiter(app: Any) -> CapacityLimiter:
    frontline = next(m for m in app.user_middleware if m.cls.__name__ == "Frontline")
    limiter: CapacityLimiter = frontline.kwargs["dispatcher"].write_threads
    return limiter


def test_a_write_that_waits_too_long_for_its_turn_is_refused_and_changes_nothing(nexus: Nexus) -> None:
    shop = make_shop(nexus)
    app = create_app(nexus, write_threads=1, write_wait=0.05)
    with TestClient(app) as client:
        headers = bearer(login(client, shop.tenant_id, OWNER_PIN).json()["token"])
        before = client.get("/pos/api/config/employees", headers=headers).json()
        turn = _write_limiter(app)
        holder = object()
        client.portal.call(turn.acquire_on_behalf_of, holder)  # another write holds the turn
        try:
            r = client.post("/pos/api/config/employees", json=EMPLOYEE, headers=headers)
            assert r.status_code == 409, r.text
            assert "busy" in r.text
            assert client.get("/pos/api/config/employees", headers=headers).json() == before  # reads still run
        finally:
            client.portal.call(turn.release_on_behalf_of, holder)
        r = client.post("/pos/api/config/employees", json=EMPLOYEE, headers=headers)
        assert r.status_code == 201, r.text
