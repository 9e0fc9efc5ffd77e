"""Login security over HTTP: devices, lockouts that spare known tablets, parcels throttle, employee lifecycle."""

from __future__ import annotations

from datetime import timedelta

from http_support import OWNER_PIN, PARCELS_EMAIL, PARCELS_PASSWORD, TestClient, add_employee, bearer, login

from nexus_http import create_app


def _login(client, tenant_id, pin, device, secret=None):
    body = {"tenant_id": tenant_id, "pin": pin, "device_id": device}
    if secret is not None:
        body["device_secret"] = secret
    return client.post("/pos/api/auth/login", json=body)


def test_owner_enrols_lists_and_revokes_devices(client, shop, owner_headers, cashier_headers):
    body = {"device_id": "mostrador", "label": "Caja 1"}
    r = client.post("/pos/api/config/devices", json=body, headers=owner_headers)
    assert r.status_code == 201, r.text
    enrolled = r.json()
    assert enrolled["device_id"] == "mostrador" and len(enrolled["device_secret"]) >= 32
    r = client.get("/pos/api/config/devices", headers=owner_headers)
    kinds = {d["device_id"]: d["kind"] for d in r.json()["data"]}
    assert kinds == {"mostrador": "enrolled", "tablet-01": "learned"}  # tablet-01: the fixtures' logins
    assert all("secret" not in key for d in r.json()["data"] for key in d)
    # a known device logs in with its secret and is not issued another
    r = _login(client, shop.tenant_id, OWNER_PIN, "mostrador", enrolled["device_secret"])
    assert r.status_code == 200 and "device_secret" not in r.json()
    assert client.get("/pos/api/config/devices", headers=cashier_headers).status_code == 403
    assert client.post("/pos/api/config/devices", json={"device_id": "x"}, headers=cashier_headers).status_code == 403
    r = client.delete(f"/pos/api/config/devices/{enrolled['id']}", headers=owner_headers)
    assert r.status_code == 200
    assert client.delete(f"/pos/api/config/devices/{enrolled['id']}", headers=owner_headers).status_code == 404
    assert client.delete("/pos/api/config/devices/abc", headers=owner_headers).status_code == 404
    r = client.post("/pos/api/config/devices", json={"device_id": ""}, headers=owner_headers)
    assert r.status_code == 400 and "device_id" in r.json()["error"]


def test_a_flood_from_new_devices_does_not_lock_out_the_shops_tablets(client, shop):
    """Defect 3."""
    secret = _login(client, shop.tenant_id, OWNER_PIN, "caja-1").json()["device_secret"]
    statuses = [_login(client, shop.tenant_id, "0000", f"rot-{i}").status_code for i in range(35)]
    assert statuses.count(401) == 30 and statuses[30:] == [429] * 5
    r = _login(client, shop.tenant_id, OWNER_PIN, "brand-new")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert _login(client, shop.tenant_id, OWNER_PIN, "caja-1", secret).status_code == 200


def test_parcels_login_is_throttled_with_retry_after(client, clock, parcels_user):
    """Defect 4."""
    for _ in range(5):
        r = client.post("/api/auth/login", json={"email": PARCELS_EMAIL, "password": "wrong-password"})
        assert r.status_code == 401
    r = client.post("/api/auth/login", json={"email": PARCELS_EMAIL, "password": PARCELS_PASSWORD})
    assert r.status_code == 429
    assert r.json()["success"] is False
    clock.advance(timedelta(seconds=int(r.headers["Retry-After"])))
    r = client.post("/api/auth/login", json={"email": PARCELS_EMAIL, "password": PARCELS_PASSWORD})
    assert r.status_code == 200


def test_a_fired_employee_cannot_read_within_a_second_on_any_worker(nexus, client, clock, shop, owner_headers):
    """Defect 9: reads trusted the token's claims for up to 8 hours."""
    juan = add_employee(client, owner_headers, name="Juan", role="admin", pin="5678")
    headers = bearer(login(client, shop.tenant_id, "5678").json()["token"])
    with TestClient(create_app(nexus), raise_server_exceptions=False) as other_worker:
        assert other_worker.get("/pos/api/auth/me", headers=headers).status_code == 200
        assert other_worker.get("/pos/api/config/employees", headers=headers).status_code == 200
        r = client.put(f"/pos/api/config/employees/{juan}", json={"active": False}, headers=owner_headers)
        assert r.status_code == 200 and r.json()["is_active"] is False
        # the worker that made the change knows at once; the other within one second
        assert client.get("/pos/api/auth/me", headers=headers).status_code == 401
        clock.advance(timedelta(seconds=1))
        assert other_worker.get("/pos/api/auth/me", headers=headers).status_code == 401
        assert other_worker.get("/pos/api/config/employees", headers=headers).status_code == 401


def test_a_demoted_admin_loses_read_permissions(client, clock, shop, owner_headers):
    ada = add_employee(client, owner_headers, name="Ada", role="admin", pin="2468")
    headers = bearer(login(client, shop.tenant_id, "2468").json()["token"])
    assert client.get("/pos/api/config/employees", headers=headers).status_code == 200
    r = client.put(f"/pos/api/config/employees/{ada}", json={"role": "cashier"}, headers=owner_headers)
    assert r.status_code == 200 and r.json()["role"] == "cashier"
    assert client.get("/pos/api/config/employees", headers=headers).status_code == 403
    assert client.get("/pos/api/auth/me", headers=headers).json()["role"] == "cashier"


def test_me_is_answered_from_the_session_cache(nexus, client, owner_headers):
    assert client.get("/pos/api/auth/me", headers=owner_headers).status_code == 200
    opened = []
    real = nexus.uows.tenant

    def counting(tenant_id):
        opened.append(tenant_id)
        return real(tenant_id)

    nexus.uows.tenant = counting  # type: ignore[method-assign]
    try:
        assert client.get("/pos/api/auth/me", headers=owner_headers).status_code == 200
    finally:
        nexus.uows.tenant = real  # type: ignore[method-assign]
    assert opened == []


def test_employee_changes_and_pin_reset(client, shop, other_shop, owner_headers):
    juan = add_employee(client, owner_headers, name="Juan", role="cashier", pin="5678")
    r = client.put(
        f"/pos/api/config/employees/{juan}", json={"name": "Juan Lopez", "max_discount_pct": 7.5}, headers=owner_headers
    )
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["max_discount_pct"]) == ("Juan Lopez", 7.5)
    for body, field in [({"role": "owner"}, "role"), ({"active": "no"}, "active"), ({"max_discount_pct": 120}, "max")]:
        r = client.put(f"/pos/api/config/employees/{juan}", json=body, headers=owner_headers)
        assert r.status_code == 400 and field in r.json()["error"], r.text
    r = client.put(f"/pos/api/config/employees/{other_shop.employee_id}", json={"name": "X"}, headers=owner_headers)
    assert r.status_code == 404
    r = client.post(f"/pos/api/config/employees/{juan}/pin", json={"pin": "8765"}, headers=owner_headers)
    assert r.status_code == 200
    assert login(client, shop.tenant_id, "5678", device="t2").status_code == 401
    assert login(client, shop.tenant_id, "8765").status_code == 200
    r = client.post(f"/pos/api/config/employees/{juan}/pin", json={"pin": 8765}, headers=owner_headers)
    assert r.status_code == 400


def test_an_admin_probing_pins_is_throttled(client, shop, owner_headers):
    """Defect 2."""
    add_employee(client, owner_headers, name="Ada", role="admin", pin="2468")
    admin = bearer(login(client, shop.tenant_id, "2468").json()["token"])
    r = client.post("/pos/api/config/employees", json={"name": "", "pin": "1234", "role": "cashier"}, headers=admin)
    assert r.status_code == 400 and "name" in r.json()["error"]
    answers = [
        client.post("/pos/api/config/employees", json={"name": "P", "pin": "1234", "role": "cashier"}, headers=admin)
        for _ in range(6)
    ]
    assert [a.status_code for a in answers] == [400] * 5 + [429]
    r = client.post("/pos/api/config/employees", json={"name": "P", "pin": "1357", "role": "cashier"}, headers=admin)
    assert r.status_code == 429 and "Retry-After" in r.headers
