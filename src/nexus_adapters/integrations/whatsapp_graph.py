"""The WhatsApp Cloud API over Meta's Graph API (https://graph.facebook.com), with httpx.

* send: ``POST /{version}/{phone_number_id}/messages`` with ``{"messaging_product": "whatsapp", "to": ...,
  "type": "text", "text": {"body": ...}}`` or ``"type": "template"`` with the template's name, language and
  body parameters; answers ``{"messages": [{"id": "wamid..."}]}``.
* status: ``GET /{version}/{phone_number_id}?fields=display_phone_number,verified_name,quality_rating``.
* templates: ``GET /{version}/{business_account_id}/message_templates?fields=name,language,status,category``.

Every request carries ``Authorization: Bearer <access_token>`` and the client's timeout. Graph errors
(``{"error": {"message", "code"}}``) map to retryable or permanent failures by HTTP status.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from nexus_adapters.integrations.http_errors import checked, error_detail, outbound
from nexus_core.errors import ExternalServiceError
from nexus_core.ports.provider_settings import ProviderConfig
from nexus_core.ports.whatsapp import OutgoingMessage, PhoneStatus, Template

GRAPH_URL = "https://graph.facebook.com"
GRAPH_VERSION = "v21.0"
NAME = "WhatsApp Cloud API"


def message_body(message: OutgoingMessage) -> dict[str, Any]:
    """The Graph API's JSON for ``message``."""
    body: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": message.to}
    if message.template is not None:
        template: dict[str, Any] = {"name": message.template, "language": {"code": message.language or "es_MX"}}
        if message.parameters:
            params = [{"type": "text", "text": p} for p in message.parameters]
            template["components"] = [{"type": "body", "parameters": params}]
        body |= {"type": "template", "template": template}
    else:
        body |= {"type": "text", "text": {"preview_url": False, "body": message.body}}
    return body


class GraphWhatsAppClient:
    def __init__(
        self, *, timeout: float = 10.0, base_url: str = GRAPH_URL, transport: httpx.BaseTransport | None = None
    ):
        self._client = httpx.Client(base_url=f"{base_url}/{GRAPH_VERSION}", timeout=timeout, transport=transport)

    def _request(self, config: ProviderConfig, method: str, path: str, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {config.credentials.get('access_token', '')}"}
        with outbound(NAME):
            response = self._client.request(method, path, headers=headers, **kw)
        return checked(NAME, response, error_detail(response, ("error", "message"), ("error", "code")))

    def send(self, config: ProviderConfig, message: OutgoingMessage) -> str:
        phone_id = config.credentials.get("phone_number_id", "")
        answer = self._request(config, "POST", f"/{phone_id}/messages", json=message_body(message))
        try:
            return str(answer["messages"][0]["id"])
        except (KeyError, IndexError, TypeError):
            raise ExternalServiceError(f"{NAME}: the answer has no message id") from None

    def phone_status(self, config: ProviderConfig) -> PhoneStatus:
        phone_id = config.credentials.get("phone_number_id", "")
        fields = {"fields": "display_phone_number,verified_name,quality_rating"}
        answer = self._request(config, "GET", f"/{phone_id}", params=fields)
        return PhoneStatus(
            display_phone_number=str(answer.get("display_phone_number", "")),
            verified_name=str(answer.get("verified_name", "")),
            quality_rating=answer.get("quality_rating"),
        )

    def templates(self, config: ProviderConfig) -> Sequence[Template]:
        account = config.credentials.get("business_account_id", "")
        params = {"fields": "name,language,status,category", "limit": "100"}
        answer = self._request(config, "GET", f"/{account}/message_templates", params=params)
        return [
            Template(str(t.get("name")), str(t.get("language")), str(t.get("category")), str(t.get("status")))
            for t in answer.get("data", [])
            if isinstance(t, dict)
        ]
