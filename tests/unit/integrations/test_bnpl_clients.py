"""The APLAZO, Kueski Pay and Clip clients against local fakes of their APIs (httpx.MockTransport):
request shapes, auth headers, amounts as exact JSON numbers, error mapping and timeouts; and the
sandbox, which behaves like a provider (ids, limits, signed webhooks)."""

from __future__ import annotations

import base64
import json
from decimal import Decimal
from typing import Any

import httpx
import pytest

from nexus_adapters.integrations.bnpl_clients import AplazoClient, ClipClient, KueskiClient
from nexus_adapters.integrations.bnpl_sandbox import SandboxBnplProvider
from nexus_core.domain.bnpl import BnplState
from nexus_core.domain.bnpl_webhook import parse_event, signature_valid
from nexus_core.domain.outbox import PermanentDeliveryError
from nexus_core.errors import ExternalServiceError
from nexus_core.ports.bnpl import BnplRequest
from nexus_core.ports.provider_settings import ProviderConfig

REQUEST = BnplRequest(
    reference=42,
    sale_folio="V-0123",
    amount=Decimal("1500.10"),
    customer_name="Juan Perez",
    customer_phone="5512345678",
    tenant_id=7,
)
HOOK = "https://shop.example/pos/api/bnpl/webhook/{}?tenant_id=7"
CONFIGS = {
    "aplazo": ProviderConfig("aplazo", True, {"api_key": "ap-token", "merchant_id": "1234", "webhook_secret": "w"}),
    "kueski": ProviderConfig("kueski", True, {"api_key": "kp-key", "secret": "kp-secret", "webhook_secret": "w"}),
    "clip": ProviderConfig("clip", True, {"api_key": "Y2xpcDprZXk=", "webhook_secret": "w"}),
}
CLIENTS: dict[str, Any] = {"aplazo": AplazoClient, "kueski": KueskiClient, "clip": ClipClient}


def _client(provider: str, handler: Any) -> tuple[Any, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    client = CLIENTS[provider](public_url="https://shop.example", transport=httpx.MockTransport(record))
    return client, seen


def test_aplazo_authenticates_then_creates_a_loan() -> None:
    def api(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/auth":
            return httpx.Response(200, json={"Authorization": "Bearer jwt-1"})
        return httpx.Response(200, json={"loanId": 991, "url": "https://checkout.aplazo.mx/991"})

    client, seen = _client("aplazo", api)
    created = client.create(CONFIGS["aplazo"], REQUEST)
    assert (created.provider_ref, created.redirect_url) == ("991", "https://checkout.aplazo.mx/991")
    auth, loan = seen
    assert (auth.method, str(auth.url)) == ("POST", "https://api.aplazo.mx/api/auth")
    assert json.loads(auth.content) == {"apiToken": "ap-token", "merchantId": "1234"}
    assert loan.url.path == "/api/loan" and loan.headers["authorization"] == "Bearer jwt-1"
    assert loan.headers["merchant_id"] == "1234"
    assert b'"totalPrice":1500.10' in loan.content  # the Decimal's digits, not a float's
    body = json.loads(loan.content)
    assert (body["cartId"], body["webHookUrl"]) == ("42", HOOK.format("aplazo"))


def test_kueski_creates_a_payment_with_its_bearer_key() -> None:
    data = {"payment_id": "kp_77", "callback_url": "https://pay.kueski.com/kp_77"}
    client, seen = _client("kueski", lambda r: httpx.Response(200, json={"status": "success", "data": data}))
    created = client.create(CONFIGS["kueski"], REQUEST)
    assert (created.provider_ref, created.redirect_url) == ("kp_77", "https://pay.kueski.com/kp_77")
    [req] = seen
    assert str(req.url) == "https://api.kueskipay.com/v1/payments"
    assert req.headers["authorization"] == "Bearer kp-key" and req.headers["x-kueski-secret"] == "kp-secret"
    body = json.loads(req.content)
    assert body["order_id"] == "42" and body["amount"]["currency"] == "MXN"
    assert b'"total":1500.10' in req.content
    assert set(body["callbacks"].values()) == {HOOK.format("kueski")}


def test_clip_creates_a_checkout_with_its_basic_token() -> None:
    answer = {"payment_request_id": "pr_5", "payment_request_url": "https://pago.clip.mx/pr_5"}
    client, seen = _client("clip", lambda r: httpx.Response(201, json=answer))
    created = client.create(CONFIGS["clip"], REQUEST)
    assert (created.provider_ref, created.redirect_url) == ("pr_5", "https://pago.clip.mx/pr_5")
    [req] = seen
    assert req.url.path == "/v2/checkout" and req.headers["authorization"] == "Basic Y2xpcDprZXk="
    assert base64.b64decode("Y2xpcDprZXk=") == b"clip:key"
    body = json.loads(req.content)
    assert body["metadata"]["me_reference_id"] == "42" and body["webhook_url"] == HOOK.format("clip")


@pytest.mark.parametrize("provider", ["aplazo", "kueski", "clip"])
@pytest.mark.parametrize(
    ("status", "permanent"), [(400, True), (401, True), (422, True), (429, False), (500, False), (503, False)]
)
def test_errors_map_to_permanent_or_retryable(provider: str, status: int, permanent: bool) -> None:
    client, _ = _client(provider, lambda r: httpx.Response(status, json={"message": "nope"}))
    with pytest.raises(ExternalServiceError) as caught:
        client.create(CONFIGS[provider], REQUEST)
    assert isinstance(caught.value, PermanentDeliveryError) is permanent
    assert f"HTTP {status}: nope" in caught.value.message


@pytest.mark.parametrize("provider", ["aplazo", "kueski", "clip"])
def test_timeouts_and_network_errors_are_retried(provider: str) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    client, _ = _client(provider, slow)
    with pytest.raises(ExternalServiceError, match="no answer within the timeout") as caught:
        client.create(CONFIGS[provider], REQUEST)
    assert not isinstance(caught.value, PermanentDeliveryError)


@pytest.mark.parametrize("provider", ["aplazo", "kueski", "clip"])
def test_an_answer_without_an_id_is_an_error(provider: str) -> None:
    def api(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/auth":
            return httpx.Response(200, json={"Authorization": "Bearer t"})
        return httpx.Response(200, json={"data": {}})

    client, _ = _client(provider, api)
    with pytest.raises(ExternalServiceError, match="no application id"):
        client.create(CONFIGS[provider], REQUEST)


def test_the_sandbox_assigns_ids_checks_credentials_and_limits_and_signs_its_webhooks() -> None:
    sent: list[tuple[str, int, bytes, dict[str, str]]] = []
    sandbox = SandboxBnplProvider("kueski", emit=lambda *a: sent.append(a))
    created = sandbox.create(CONFIGS["kueski"], REQUEST)
    assert created.provider_ref.startswith("sbx_kueski_") and created.state is BnplState.PENDING
    assert sandbox.create(CONFIGS["kueski"], REQUEST).provider_ref != created.provider_ref
    with pytest.raises(PermanentDeliveryError, match="HTTP 401"):
        sandbox.create(ProviderConfig("kueski", True, {"api_key": "k"}), REQUEST)
    with pytest.raises(PermanentDeliveryError, match="HTTP 422"):
        sandbox.create(CONFIGS["kueski"], BnplRequest(1, "V-1", Decimal("30000.01"), "Ana", "5512345678", 7))
    raw = sandbox.decide(created.provider_ref)
    [(provider, tenant, body, headers)] = sent
    assert (provider, tenant, body) == ("kueski", 7, raw)
    assert signature_valid("kueski", raw, headers["x-kueski-signature"], "w")
    event = parse_event(json.loads(raw))
    assert (event.status, event.provider_ref, event.reference) == (BnplState.APPROVED, created.provider_ref, 42)
    rejected = sandbox.create(CONFIGS["kueski"], BnplRequest(2, "V-2", Decimal("500"), "Ana", "5512340000", 7))
    assert parse_event(json.loads(sandbox.decide(rejected.provider_ref))).status is BnplState.REJECTED
