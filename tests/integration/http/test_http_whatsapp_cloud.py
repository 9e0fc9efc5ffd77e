"""WhatsApp Cloud over HTTP on the sandbox: Meta's webhook check and signed notifications, messages sent
through the outbox with the provider's id returned, status and templates; bad input changes nothing."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from http_support import bearer, login, make_shop

W = "/pos/api/whatsapp-cloud"
CREDS = {
    "access_token": "EAAG-token",
    "phone_number_id": "106540352242922",
    "business_account_id": "102290129340398",
    "app_secret": "meta-app-secret",
    "verify_token": "mi-token-de-verificacion",
}


@pytest.fixture
def configured(client, owner_headers):
    r = client.put("/pos/api/integrations/providers/whatsapp_cloud", json={"credentials": CREDS}, headers=owner_headers)
    assert r.status_code == 200, r.text
    return owner_headers


def _sign(raw: bytes, secret: str = "meta-app-secret") -> dict[str, str]:
    return {"X-Hub-Signature-256": "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()}


def _notification(messages=(), statuses=()) -> bytes:
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "106540352242922"}}
    value |= {"messages": list(messages), "statuses": list(statuses)}
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }
    return json.dumps(body).encode()


INBOUND = {
    "from": "5215512345678",
    "id": "wamid.IN1",
    "timestamp": "1775055600",
    "type": "text",
    "text": {"body": "Gracias!"},
}


def _stored(nexus) -> list:
    return list(nexus.uows.store.tables.integrations.whatsapp.values())


def test_meta_subscription_check_echoes_the_challenge_only_for_the_shops_token(client, shop, configured):
    ok = {"hub.mode": "subscribe", "hub.verify_token": CREDS["verify_token"], "hub.challenge": "1158201444"}
    r = client.get(f"{W}/webhook", params={**ok, "tenant_id": shop.tenant_id})
    assert r.status_code == 200 and r.text == "1158201444" and r.headers["content-type"].startswith("text/plain")
    for bad in ({"hub.verify_token": "otro"}, {"hub.mode": "unsubscribe"}, {"hub.challenge": ""}):
        assert client.get(f"{W}/webhook", params={**ok, **bad, "tenant_id": shop.tenant_id}).status_code == 403
    assert client.get(f"{W}/webhook", params=ok).status_code == 403  # no tenant in the callback URL
    assert client.get(f"{W}/webhook", params={**ok, "tenant_id": 999}).status_code == 403


def test_a_signed_notification_stores_replies_once(client, nexus, shop, configured):
    raw = _notification(messages=[INBOUND])
    url = f"{W}/webhook?tenant_id={shop.tenant_id}"
    r = client.post(url, content=raw, headers=_sign(raw))
    assert r.status_code == 200 and r.json() == {"messages": 1, "statuses": 0}
    again = client.post(url, content=raw, headers=_sign(raw))  # Meta retries: a replay stores nothing
    assert again.json() == {"messages": 0, "statuses": 0}
    [msg] = _stored(nexus)
    assert (msg.direction.value, msg.phone, msg.body, msg.status.value) == (
        "inbound",
        "5215512345678",
        "Gracias!",
        "received",
    )


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-Hub-Signature-256": "sha256=" + "0" * 64}, _sign(b"other body"), _sign(_notification([INBOUND]), "wrong")],
)
def test_a_bad_or_missing_signature_is_401_and_nothing_is_stored(client, nexus, shop, configured, headers):
    r = client.post(f"{W}/webhook?tenant_id={shop.tenant_id}", content=_notification([INBOUND]), headers=headers)
    assert r.status_code == 401
    assert _stored(nexus) == []


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[]",
        json.dumps({"object": "page", "entry": []}).encode(),
        _notification(messages=[{**INBOUND, "timestamp": "yesterday"}]),
        _notification(messages=[INBOUND, {"id": "wamid.IN2"}]),  # the second lacks "from": nothing stored
        _notification(statuses=[{"id": "wamid.X", "status": "seen", "timestamp": "1775055600"}]),
    ],
)
def test_a_malformed_signed_body_is_400_and_nothing_is_stored(client, nexus, shop, configured, raw):
    r = client.post(f"{W}/webhook?tenant_id={shop.tenant_id}", content=raw, headers=_sign(raw))
    assert r.status_code == 400, r.text
    assert _stored(nexus) == []


def test_a_message_is_sent_through_the_outbox_and_follows_its_status_webhooks(client, shop, configured):
    body = {"to": "5215512345678", "body": "Su orden esta lista", "template": "order_ready"}  # the seed's example
    r = client.post(f"{W}/messages", json=body, headers=configured)
    assert r.status_code == 201, r.text
    sent = r.json()
    assert sent["status"] == "sent" and sent["wa_message_id"].startswith("wamid.") and sent["attempts"] == 1
    assert (sent["template"], sent["body"]) == ("order_ready", None)
    url = f"{W}/webhook?tenant_id={shop.tenant_id}"
    for status in ("read", "delivered"):  # out of order: read stays read
        raw = _notification(statuses=[{"id": sent["wa_message_id"], "status": status, "timestamp": "1775055600"}])
        assert client.post(url, content=raw, headers=_sign(raw)).status_code == 200
    got = client.get(f"{W}/messages/{sent['id']}", headers=configured).json()
    assert got["status"] == "read"


def test_a_refused_template_fails_visibly_on_the_message(client, configured):
    r = client.post(f"{W}/messages", json={"to": "5215512345678", "template": "summer_sale"}, headers=configured)
    assert r.status_code == 201
    assert r.json()["status"] == "failed" and "not approved" in r.json()["error"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"to": "+52 55 1234 5678", "body": "x"}, "to"),
        ({"to": "123", "body": "x"}, "to"),
        ({"to": "5215512345678"}, "body"),
        ({"to": "5215512345678", "body": "   "}, "body"),
        ({"to": "5215512345678", "template": "Order Ready"}, "template"),
        ({"to": "5215512345678", "body": "x", "parameters": ["a"]}, "parameters"),
        ({"to": 5215512345678, "body": "x"}, "to"),
    ],
)
def test_bad_messages_are_400_naming_the_field_and_nothing_is_queued(client, nexus, configured, body, field):
    r = client.post(f"{W}/messages", json=body, headers=configured)
    assert r.status_code == 400 and field in r.json()["error"], r.text
    assert _stored(nexus) == []


def test_without_whatsapp_configured_sending_is_refused_and_status_says_why(client, owner_headers):
    r = client.post(f"{W}/messages", json={"to": "5215512345678", "body": "x"}, headers=owner_headers)
    assert r.status_code == 400 and "whatsapp_cloud is not enabled" in r.json()["error"]
    status = client.get(f"{W}/status", headers=owner_headers).json()
    assert status["connected"] is False and "not enabled" in status["error"]


def test_status_and_templates_on_the_sandbox(client, configured):
    assert client.get(f"{W}/status", headers=configured).json()["connected"] is True
    names = [t["name"] for t in client.get(f"{W}/templates", headers=configured).json()["templates"]]
    assert "order_ready" in names and "summer_sale" not in names  # only approved ones


def test_another_shops_message_is_404(client, nexus, configured):
    sent = client.post(f"{W}/messages", json={"to": "5215512345678", "body": "Hola"}, headers=configured).json()
    other = make_shop(nexus, "Otra", pin="4444")
    h = bearer(login(client, other.tenant_id, "4444").json()["token"])
    assert client.get(f"{W}/messages/{sent['id']}", headers=h).status_code == 404
