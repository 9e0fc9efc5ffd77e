"""BNPL over HTTP on the sandbox: an application for a credit sale's balance, its status, the sandbox's
signed webhook settling the sale; every bad input a clear 4xx that changes nothing. Also the WhatsApp
send's Idempotency-Key (a retry sends nothing again)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from typing import Any

import pytest
from http_support import TestClient, bearer, login, make_shop

from nexus_adapters.integrations.bnpl_sandbox import SandboxBnplProvider
from nexus_adapters.integrations.settings import IntegrationSettings
from nexus_adapters.integrations.wiring import build_integrations
from nexus_core.services.integrations import Integrations
from nexus_core.services.runner import Nexus
from nexus_core.testing import in_memory_nexus
from nexus_http import create_app

B = "/pos/api/bnpl"
CREDS = {"api_key": "ap-key", "merchant_id": "1234", "webhook_secret": "whsec-aplazo"}
PERSON = {"name": "Juan Perez", "phone": "5512345678"}


@pytest.fixture
def nexus() -> Nexus:
    return in_memory_nexus()


@pytest.fixture
def wired(nexus: Nexus) -> Iterator[tuple[TestClient, Integrations]]:
    holder: list[TestClient] = []

    def emit(provider: str, tenant_id: int, raw: bytes, headers: dict[str, str]) -> None:
        holder[0].post(f"{B}/webhook/{provider}?tenant_id={tenant_id}", content=raw, headers=headers)

    bundle = build_integrations(IntegrationSettings(), emit=emit)
    with TestClient(create_app(nexus, integrations=bundle), raise_server_exceptions=False) as c:
        holder.append(c)
        yield c, bundle


@pytest.fixture
def client(wired: tuple[TestClient, Integrations]) -> TestClient:
    return wired[0]


@pytest.fixture
def shop(nexus: Nexus) -> Any:
    return make_shop(nexus)


@pytest.fixture
def h(client: TestClient, shop: Any) -> dict[str, str]:
    r = login(client, shop.tenant_id, "1234")
    assert r.status_code == 200, r.text
    return bearer(r.json()["token"])


def _ok(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json()


@pytest.fixture
def sale(client: TestClient, h: dict[str, str]) -> dict[str, Any]:
    """APLAZO configured, and a credit sale of 1160.00 on a customer's account."""
    _ok(client.put("/pos/api/integrations/providers/aplazo", json={"credentials": CREDS}, headers=h))
    item = {"name": "Balatas", "branch_id": 1, "cost": 50, "price_1": 100, "initial_stock": 20}
    item_id = _ok(client.post("/pos/api/inventory/items", json=item, headers=h), 201)["id"]
    customer = {"name": "Taller Perez", "credit_limit": 5000, "branch_id": 1}
    customer_id = _ok(client.post("/pos/api/customers", json=customer, headers=h), 201)["id"]
    _ok(client.post("/pos/api/register/open", json={"opening_amount": "500"}, headers=h), 201)
    body = {
        "items": [{"inventory_id": item_id, "quantity": 10}],
        "customer_id": customer_id,
        "payment_method": "credito",
    }
    made = _ok(client.post("/pos/api/sales", json=body, headers=h), 201)
    return {"sale_id": made["sale_id"], "customer_id": customer_id}


def _balance(client: TestClient, h: dict[str, str], customer_id: int) -> str:
    return str(_ok(client.get(f"/pos/api/customers/{customer_id}", headers=h))["balance"])


def test_an_application_is_sent_approved_by_signed_webhook_and_settles_the_sale(
    wired: tuple[TestClient, Integrations], h: dict[str, str], sale: dict[str, Any]
) -> None:
    client, bundle = wired
    body = {"sale_id": sale["sale_id"], "amount": 1000.00, "provider": "ap lazo", "customer": PERSON}
    made = _ok(client.post(f"{B}/applications", json=body, headers=h), 201)
    assert (made["provider"], made["amount"], made["status"], made["attempts"]) == ("aplazo", 1000.0, "pending", 1)
    ref = made["provider_application_id"]
    assert ref.startswith("sbx_aplazo_") and made["redirect_url"].endswith(ref)
    sandbox = bundle.bnpl["aplazo"]
    assert isinstance(sandbox, SandboxBnplProvider)
    sandbox.decide(ref)  # the sandbox signs and posts its webhook to the app
    got = _ok(client.get(f"{B}/applications/{made['id']}", headers=h))
    assert got["status"] == "approved" and got["entry_id"] is not None
    assert _balance(client, h, sale["customer_id"]) in ("160.0", "160.00")


def _signed(body: dict[str, Any], secret: str = CREDS["webhook_secret"]) -> tuple[bytes, dict[str, str]]:
    raw = json.dumps(body).encode()
    return raw, {"X-Aplazo-Signature": "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()}


def test_webhooks_refuse_bad_signatures_malformed_bodies_and_ignore_replays(
    client: TestClient, h: dict[str, str], sale: dict[str, Any], shop: Any
) -> None:
    body = {"sale_id": sale["sale_id"], "amount": "500.00", "provider": "aplazo", "customer": PERSON}
    app_id = _ok(client.post(f"{B}/applications", json=body, headers=h), 201)["id"]
    url = f"{B}/webhook/aplazo?tenant_id={shop.tenant_id}"
    raw, signed = _signed({"event_id": "evt_9", "status": "rechazado", "reference": str(app_id), "reason": "buró"})
    for headers, target in [
        ({}, url),
        ({"X-Aplazo-Signature": "sha256=" + "0" * 64}, url),
        (_signed({"x": 1}, "otro")[1], url),
        (signed, f"{B}/webhook/aplazo"),  # no shop in the URL
        (signed, f"{B}/webhook/aplazo?tenant_id=999"),
        (signed, f"{B}/webhook/kueski?tenant_id={shop.tenant_id}"),
    ]:
        assert client.post(target, content=raw, headers=headers).status_code == 401
    assert client.post(f"{B}/webhook/paypal?tenant_id={shop.tenant_id}", content=raw, headers=signed).status_code == 404
    for bad in (b"not json", b"[]", json.dumps({"event_id": "e", "status": "later", "reference": "1"}).encode()):
        sig = {"X-Aplazo-Signature": hmac.new(CREDS["webhook_secret"].encode(), bad, hashlib.sha256).hexdigest()}
        assert client.post(url, content=bad, headers=sig).status_code == 400
    unknown, unknown_sig = _signed({"event_id": "e2", "status": "approved", "reference": "999"})
    assert client.post(url, content=unknown, headers=unknown_sig).status_code == 404
    assert _ok(client.get(f"{B}/applications/{app_id}", headers=h))["status"] == "pending"
    first = _ok(client.post(url, content=raw, headers=signed))
    assert first == {"application_id": app_id, "status": "rejected", "applied": True}
    assert _ok(client.post(url, content=raw, headers=signed))["applied"] is False
    got = _ok(client.get(f"{B}/applications/{app_id}", headers=h))
    assert (got["status"], got["error"], got["entry_id"]) == ("rejected", "buró", None)
    assert _balance(client, h, sale["customer_id"]) in ("1160.0", "1160.00")


@pytest.mark.parametrize(
    ("change", "status", "says"),
    [
        ({"amount": 1160.01}, 400, "unpaid balance"),
        ({"amount": 0}, 400, "amount"),
        ({"amount": "abc"}, 400, "amount"),
        ({"provider": "paypal"}, 400, "paypal"),
        ({"provider": "kueski"}, 400, "not enabled"),
        ({"provider": None}, 400, "provider"),
        ({"customer": {"name": "Juan"}}, 400, "phone"),
        ({"customer": {"name": "Juan", "phone": "123"}}, 400, "phone"),
        ({"customer": "Juan"}, 400, "customer"),
        ({"sale_id": 99999}, 404, "sale"),
        ({"sale_id": -1}, 400, "sale_id"),
        ({"sale_id": "uno"}, 400, "sale_id"),
    ],
)
def test_bad_applications_are_refused_and_write_nothing(
    client: TestClient, h: dict[str, str], sale: dict[str, Any], change: dict[str, Any], status: int, says: str
) -> None:
    body = {"sale_id": sale["sale_id"], "amount": 100, "provider": "aplazo", "customer": PERSON} | change
    r = client.post(f"{B}/applications", json=body, headers=h)
    assert r.status_code == status, r.text
    assert says in r.text
    assert client.get(f"{B}/applications/1", headers=h).status_code == 404


def test_a_provider_without_its_webhook_secret_is_named(client: TestClient, h: dict[str, str], sale: Any) -> None:
    creds = {"credentials": {"webhook_secret": ""}}
    _ok(client.put("/pos/api/integrations/providers/aplazo", json=creds, headers=h))
    body = {"sale_id": sale["sale_id"], "amount": 100, "provider": "aplazo", "customer": PERSON}
    r = client.post(f"{B}/applications", json=body, headers=h)
    assert r.status_code == 400 and "webhook_secret" in r.text
    assert client.get(f"{B}/applications/abc", headers=h).status_code == 404
    assert client.get(f"{B}/applications/1").status_code == 401


def test_a_whatsapp_retry_with_the_same_idempotency_key_sends_once(
    wired: tuple[TestClient, Integrations], h: dict[str, str]
) -> None:
    client, bundle = wired
    creds = {"access_token": "t", "phone_number_id": "1065", "business_account_id": "1022"}
    creds |= {"app_secret": "meta-secret", "verify_token": "vt"}
    _ok(client.put("/pos/api/integrations/providers/whatsapp_cloud", json={"credentials": creds}, headers=h))
    url = "/pos/api/whatsapp-cloud/messages"
    body = {"to": "5215512345678", "template": "order_ready"}
    keyed = {**h, "Idempotency-Key": "msg-1"}
    first = _ok(client.post(url, json=body, headers=keyed), 201)
    again = client.post(url, json=body, headers=keyed)
    assert again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert again.json()["id"] == first["id"] and again.json()["wa_message_id"] == first["wa_message_id"]
    assert client.post(url, json={**body, "to": "5215500000000"}, headers=keyed).status_code == 422
    other = _ok(client.post(url, json=body, headers={**h, "Idempotency-Key": "msg-2"}), 201)
    assert other["id"] != first["id"]
    sent = bundle.whatsapp.sent  # type: ignore[attr-defined]
    assert len(sent) == 2
    bad = client.post(url, json={"to": "12"}, headers={**h, "Idempotency-Key": "msg-3"})
    assert bad.status_code == 400
    assert client.post(url, json={"to": "12"}, headers={**h, "Idempotency-Key": "msg-3"}).status_code == 400
