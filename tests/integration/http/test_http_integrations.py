"""Provider settings over HTTP (docs/integrations.md): owner only, credentials never echoed."""

from __future__ import annotations

import pytest
from http_support import add_employee, bearer, login

P = "/pos/api/integrations/providers"
APLAZO = {"enabled": True, "credentials": {"api_key": "sk_live_123", "merchant_id": "M-77"}}


def test_the_owner_configures_a_provider_and_secrets_never_come_back(client, owner_headers):
    r = client.put(f"{P}/aplazo", json=APLAZO, headers=owner_headers)
    assert r.status_code == 200, r.text
    assert r.json() == {
        "id": "aplazo",
        "name": "APLAZO",
        "kind": "bnpl",
        "enabled": True,
        "config_needed": ["api_key", "merchant_id"],
        "configured": ["api_key", "merchant_id"],
        "missing": [],
    }
    listed = client.get(P, headers=owner_headers)
    assert "sk_live_123" not in listed.text and "M-77" not in listed.text
    assert {p["id"] for p in listed.json()["providers"]} >= {"aplazo", "kueski", "clip", "odoo", "whatsapp_cloud"}
    bnpl = client.get("/pos/api/bnpl/providers", headers=owner_headers).json()
    assert bnpl == {
        "providers": [
            {"id": "aplazo", "name": "APLAZO", "enabled": True, "config_needed": ["api_key", "merchant_id"]},
            {"id": "kueski", "name": "Kueski Pay", "enabled": False, "config_needed": ["api_key", "secret"]},
            {"id": "clip", "name": "Clip Pagos", "enabled": False, "config_needed": ["api_key"]},
        ]
    }


def test_the_seeds_spelling_ap_lazo_is_aplazo(client, owner_headers):
    r = client.put(f"{P}/ap lazo", json=APLAZO, headers=owner_headers)
    assert r.status_code == 200 and r.json()["id"] == "aplazo"


def test_disabling_keeps_the_credentials_and_needs_none_again(client, owner_headers):
    client.put(f"{P}/aplazo", json=APLAZO, headers=owner_headers)
    r = client.put(f"{P}/aplazo", json={"enabled": False}, headers=owner_headers)
    assert r.json()["enabled"] is False and r.json()["configured"] == ["api_key", "merchant_id"]
    r = client.put(f"{P}/aplazo", json={"enabled": True}, headers=owner_headers)
    assert r.status_code == 200 and r.json()["enabled"] is True


@pytest.mark.parametrize(
    ("path", "body", "status", "says"),
    [
        ("nope", APLAZO, 404, "unknown provider 'nope'"),
        ("aplazo", {"enabled": True, "credentials": {"api_key": "k"}}, 400, "aplazo needs credentials: merchant_id"),
        ("kueski", {"enabled": True}, 400, "kueski needs credentials: api_key, secret"),
        ("clip", {"credentials": {"api_key": "k", "pin": "1"}}, 400, "clip takes no credential 'pin'"),
        ("clip", {"credentials": {"api_key": 5}}, 400, "credentials"),
        ("clip", {"enabled": "yes"}, 400, "enabled"),
        ("clip", {"credentials": ["api_key"]}, 400, "credentials"),
    ],
)
def test_bad_configuration_is_refused_and_changes_nothing(client, owner_headers, path, body, status, says):
    r = client.put(f"{P}/{path}", json=body, headers=owner_headers)
    assert r.status_code == status, r.text
    assert says in r.json()["error"]
    assert all(not p["configured"] for p in client.get(P, headers=owner_headers).json()["providers"])


def test_only_the_owner_configures(client, shop, owner_headers):
    add_employee(client, owner_headers, name="Admin", role="admin", pin="9753")
    admin = bearer(login(client, shop.tenant_id, "9753").json()["token"])
    r = client.put(f"{P}/clip", json={"credentials": {"api_key": "k"}}, headers=admin)
    assert r.status_code == 403 and "owner" in r.json()["error"]
    assert client.put(f"{P}/clip", json={"credentials": {"api_key": "k"}}).status_code == 401


def test_a_cashier_cannot_read_the_settings(client, cashier_headers):
    assert client.get(P, headers=cashier_headers).status_code == 403
    assert client.get("/pos/api/bnpl/providers", headers=cashier_headers).status_code == 200


def test_settings_are_per_tenant(client, nexus, owner_headers):
    from http_support import make_shop

    other = make_shop(nexus, "Otra", pin="4444")
    other_h = bearer(login(client, other.tenant_id, "4444").json()["token"])
    client.put(f"{P}/clip", json={"credentials": {"api_key": "k"}}, headers=owner_headers)
    clip = next(p for p in client.get(P, headers=other_h).json()["providers"] if p["id"] == "clip")
    assert clip["enabled"] is False and clip["configured"] == []
