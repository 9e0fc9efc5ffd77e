"""The Graph API client against a local fake of the API (httpx.MockTransport): request shapes, the
bearer token, error mapping and timeouts."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from nexus_adapters.integrations.whatsapp_graph import GraphWhatsAppClient
from nexus_core.domain.outbox import PermanentDeliveryError
from nexus_core.errors import ExternalServiceError
from nexus_core.ports.provider_settings import ProviderConfig
from nexus_core.ports.whatsapp import OutgoingMessage

CONFIG = ProviderConfig(
    "whatsapp_cloud",
    True,
    {
        "access_token": "EAAG-token",
        "phone_number_id": "106540352242922",
        "business_account_id": "102290129340398",
        "app_secret": "s",
        "verify_token": "v",
    },
)


def _client(handler: Any) -> tuple[GraphWhatsAppClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    return GraphWhatsAppClient(transport=httpx.MockTransport(record)), seen


def _sent(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"messaging_product": "whatsapp", "messages": [{"id": "wamid.ABC"}]})


def test_a_text_message_is_posted_with_the_token_and_returns_the_wamid() -> None:
    client, seen = _client(_sent)
    wamid = client.send(CONFIG, OutgoingMessage("5215512345678", "Su orden esta lista", None, None, ()))
    assert wamid == "wamid.ABC"
    [req] = seen
    assert req.method == "POST"
    assert str(req.url) == "https://graph.facebook.com/v21.0/106540352242922/messages"
    assert req.headers["authorization"] == "Bearer EAAG-token"
    assert json.loads(req.content) == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "5215512345678",
        "type": "text",
        "text": {"preview_url": False, "body": "Su orden esta lista"},
    }


def test_a_template_carries_its_language_and_body_parameters() -> None:
    client, seen = _client(_sent)
    client.send(CONFIG, OutgoingMessage("5215512345678", None, "payment_reminder", "es_MX", ("Juan", "$1,500.00")))
    body = json.loads(seen[0].content)
    assert body["type"] == "template"
    assert body["template"] == {
        "name": "payment_reminder",
        "language": {"code": "es_MX"},
        "components": [
            {"type": "body", "parameters": [{"type": "text", "text": "Juan"}, {"type": "text", "text": "$1,500.00"}]}
        ],
    }


@pytest.mark.parametrize(
    ("status", "permanent"),
    [(400, True), (401, True), (403, True), (404, True), (429, False), (500, False), (503, False)],
)
def test_errors_map_to_permanent_or_retryable_with_the_apis_message(status: int, permanent: bool) -> None:
    error = {"error": {"message": "(#131030) Recipient phone number not in allowed list", "code": 131030}}
    client, _ = _client(lambda r: httpx.Response(status, json=error))
    with pytest.raises(ExternalServiceError) as raised:
        client.send(CONFIG, OutgoingMessage("5215512345678", "x", None, None, ()))
    assert isinstance(raised.value, PermanentDeliveryError) is permanent
    assert f"HTTP {status}" in raised.value.message and "Recipient phone number" in raised.value.message


def test_a_timeout_is_retryable() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    client, _ = _client(slow)
    with pytest.raises(ExternalServiceError) as raised:
        client.send(CONFIG, OutgoingMessage("5215512345678", "x", None, None, ()))
    assert not isinstance(raised.value, PermanentDeliveryError)
    assert "no answer within the timeout" in raised.value.message


def test_an_answer_without_a_message_id_is_an_error() -> None:
    client, _ = _client(lambda r: httpx.Response(200, json={"messages": []}))
    with pytest.raises(ExternalServiceError, match="no message id"):
        client.send(CONFIG, OutgoingMessage("5215512345678", "x", None, None, ()))


def test_status_and_templates_read_the_right_objects() -> None:
    def api(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/message_templates"):
            assert request.url.path == "/v21.0/102290129340398/message_templates"
            data = [{"name": "order_ready", "language": "es_MX", "status": "APPROVED", "category": "UTILITY"}]
            return httpx.Response(200, json={"data": data, "paging": {}})
        assert request.url.path == "/v21.0/106540352242922"
        assert request.url.params["fields"] == "display_phone_number,verified_name,quality_rating"
        return httpx.Response(
            200, json={"display_phone_number": "+52 55 1234 5678", "verified_name": "Perez", "quality_rating": "GREEN"}
        )

    client, seen = _client(api)
    status = client.phone_status(CONFIG)
    assert (status.display_phone_number, status.verified_name, status.quality_rating) == (
        "+52 55 1234 5678",
        "Perez",
        "GREEN",
    )
    [template] = client.templates(CONFIG)
    assert (template.name, template.status) == ("order_ready", "APPROVED")
    assert all(r.headers["authorization"] == "Bearer EAAG-token" for r in seen)
