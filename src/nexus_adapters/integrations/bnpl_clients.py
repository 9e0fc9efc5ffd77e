"""The BNPL providers' APIs over httpx: APLAZO, Kueski Pay and Clip (docs/integrations.md#bnpl).

Written against each provider's public merchant API (verify the paths against a sandbox account before
going live: ADR 30). Each call carries the client's timeout; errors map the same way for all three
(:mod:`.http_errors`: 4xx permanent, 408/429/5xx and timeouts retried). Amounts leave as JSON numbers
written from the ``Decimal`` digits, never through a float. Our application id is the merchant
reference, so a provider recognises a repeated call (the outbox delivers at least once).

* APLAZO: ``POST /api/auth`` ``{"apiToken", "merchantId"}`` -> ``{"Authorization": "Bearer ..."}``, then
  ``POST /api/loan`` with that ``Authorization`` -> ``{"loanId", "url"}``.
* Kueski Pay: ``POST /v1/payments`` with ``Authorization: Bearer <api_key>`` and ``X-Kueski-Secret``
  -> ``{"status": "success", "data": {"payment_id", "callback_url"}}``.
* Clip: ``POST /v2/checkout`` with ``Authorization: Basic <api_key>`` (the token Clip's dashboard gives)
  -> ``{"payment_request_id", "payment_request_url"}``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import orjson

from nexus_adapters.integrations.http_errors import checked, error_detail, outbound
from nexus_core.errors import ExternalServiceError
from nexus_core.ports.bnpl import BnplCreated, BnplRequest
from nexus_core.ports.provider_settings import ProviderConfig

APLAZO_URL = "https://api.aplazo.mx"
KUESKI_URL = "https://api.kueskipay.com"
CLIP_URL = "https://api.payclip.com"


def _dumps(body: dict[str, Any]) -> bytes:
    def default(value: object) -> Any:
        if isinstance(value, Decimal):
            return orjson.Fragment(format(value, "f").encode())
        raise TypeError(type(value).__name__)

    return orjson.dumps(body, default=default)


def webhook_url(public_url: str, provider_id: str, tenant_id: int) -> str:
    return f"{public_url}/pos/api/bnpl/webhook/{provider_id}?tenant_id={tenant_id}"


class _Client:
    NAME = ""
    PROVIDER = ""

    def __init__(
        self,
        *,
        base_url: str,
        public_url: str = "http://127.0.0.1:5001",
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._client = httpx.Client(base_url=base_url, timeout=timeout, transport=transport)
        self._public_url = public_url

    def _post(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
        headers = {**headers, "content-type": "application/json", "accept": "application/json"}
        with outbound(self.NAME):
            response = self._client.post(path, content=_dumps(body), headers=headers)
        detail = error_detail(response, ("message",), ("error", "message"), ("error",), ("detail",))
        answer = checked(self.NAME, response, detail)
        if not isinstance(answer, dict):
            raise ExternalServiceError(f"{self.NAME}: the answer is not a JSON object")
        return answer

    def _hook(self, request: BnplRequest) -> str:
        return webhook_url(self._public_url, self.PROVIDER, request.tenant_id)

    def _id(self, value: object) -> str:
        if not isinstance(value, str | int) or isinstance(value, bool) or str(value) == "":
            raise ExternalServiceError(f"{self.NAME}: the answer has no application id")
        return str(value)


class AplazoClient(_Client):
    NAME, PROVIDER = "APLAZO", "aplazo"

    def __init__(self, **kw: Any) -> None:
        super().__init__(base_url=kw.pop("base_url", APLAZO_URL), **kw)

    def create(self, config: ProviderConfig, request: BnplRequest) -> BnplCreated:
        c = config.credentials
        auth = self._post("/api/auth", {"apiToken": c.get("api_key", ""), "merchantId": c.get("merchant_id", "")}, {})
        token = auth.get("Authorization")
        if not isinstance(token, str) or not token:
            raise ExternalServiceError(f"{self.NAME}: the auth answer has no Authorization token")
        body = {
            "cartId": str(request.reference),
            "totalPrice": request.amount,
            "shopId": request.sale_folio,
            "webHookUrl": self._hook(request),
            "buyer": {"name": request.customer_name, "phone": request.customer_phone},
            "products": [{"title": f"Venta {request.sale_folio}", "price": request.amount, "count": 1}],
        }
        answer = self._post("/api/loan", body, {"Authorization": token, "merchant_id": c.get("merchant_id", "")})
        return BnplCreated(self._id(answer.get("loanId")), answer.get("url"))


class KueskiClient(_Client):
    NAME, PROVIDER = "Kueski Pay", "kueski"

    def __init__(self, **kw: Any) -> None:
        super().__init__(base_url=kw.pop("base_url", KUESKI_URL), **kw)

    def create(self, config: ProviderConfig, request: BnplRequest) -> BnplCreated:
        c = config.credentials
        hook = self._hook(request)
        body = {
            "order_id": str(request.reference),
            "description": f"Venta {request.sale_folio}",
            "amount": {"total": request.amount, "currency": "MXN"},
            "customer": {"name": request.customer_name, "phone": request.customer_phone},
            "callbacks": {"on_success": hook, "on_reject": hook, "on_canceled": hook, "on_failed": hook},
        }
        headers = {"Authorization": f"Bearer {c.get('api_key', '')}", "X-Kueski-Secret": c.get("secret", "")}
        answer = self._post("/v1/payments", body, headers)
        data = answer.get("data") if isinstance(answer.get("data"), dict) else {}
        return BnplCreated(self._id(data.get("payment_id")), data.get("callback_url"))


class ClipClient(_Client):
    NAME, PROVIDER = "Clip", "clip"

    def __init__(self, **kw: Any) -> None:
        super().__init__(base_url=kw.pop("base_url", CLIP_URL), **kw)

    def create(self, config: ProviderConfig, request: BnplRequest) -> BnplCreated:
        body = {
            "amount": request.amount,
            "currency": "MXN",
            "purchase_description": f"Venta {request.sale_folio}",
            "metadata": {"me_reference_id": str(request.reference), "customer_phone": request.customer_phone},
            "webhook_url": self._hook(request),
        }
        answer = self._post("/v2/checkout", body, {"Authorization": f"Basic {config.credentials.get('api_key', '')}"})
        return BnplCreated(self._id(answer.get("payment_request_id")), answer.get("payment_request_url"))
