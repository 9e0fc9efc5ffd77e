"""A BNPL sandbox that behaves like APLAZO, Kueski Pay or Clip, for shops trying Nexus without an account.

It checks the credentials each provider needs (a permanent refusal like the provider's 401 otherwise),
refuses amounts outside the provider's range (422), assigns ids (``sbx_<provider>_...``) and a checkout
URL, keeps each application's state, and decides it like a provider would: the customer's phone ending
in ``0000`` is rejected, ``9999`` expires, any other is approved. Each decision is sent as a webhook
signed with the shop's ``webhook_secret`` (HMAC-SHA256 of the raw body, in the provider's header) through
``emit``: over HTTP to ``NEXUS_PUBLIC_URL`` in the app (:class:`HttpWebhookEmitter`), straight to a
test's client in tests. ``decide_after`` seconds after creation the decision is sent by itself (the app
sets it; tests call :meth:`SandboxBnplProvider.decide`).
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
from collections.abc import Callable
from decimal import Decimal

import attrs
import httpx

from nexus_core.domain.bnpl import BnplState
from nexus_core.domain.bnpl_webhook import SIGNATURE_HEADERS
from nexus_core.domain.outbox import PermanentDeliveryError
from nexus_core.domain.providers import provider
from nexus_core.domain.webhooks import hmac_sha256_hex
from nexus_core.errors import NotFound
from nexus_core.ports.bnpl import BnplCreated, BnplRequest
from nexus_core.ports.provider_settings import ProviderConfig

logger = logging.getLogger(__name__)

# provider -> (least, most) it finances, in MXN.
LIMITS = {"aplazo": (Decimal("100"), Decimal("50000")), "kueski": (Decimal("100"), Decimal("30000"))}
LIMITS["clip"] = (Decimal("300"), Decimal("100000"))

Emit = Callable[[str, int, bytes, dict[str, str]], None]  # provider, tenant_id, raw body, headers


@attrs.define
class SandboxApplication:
    ref: str
    tenant_id: int
    reference: int
    phone: str
    secret: str
    state: BnplState = BnplState.PENDING


class SandboxBnplProvider:
    def __init__(self, provider_id: str, *, emit: Emit | None = None, decide_after: float | None = None) -> None:
        self.spec = provider(provider_id)
        self.emit, self.decide_after = emit, decide_after
        self.applications: dict[str, SandboxApplication] = {}
        self._lock = threading.Lock()

    def _refuse(self, status: int, text: str) -> PermanentDeliveryError:
        return PermanentDeliveryError(f"{self.spec.name} (sandbox): HTTP {status}: {text}")

    def create(self, config: ProviderConfig, request: BnplRequest) -> BnplCreated:
        missing = [k for k in self.spec.config_needed if not config.credentials.get(k)]
        if missing:
            raise self._refuse(401, f"invalid credentials ({', '.join(missing)} missing)")
        low, high = LIMITS[self.spec.id]
        if not low <= request.amount <= high:
            raise self._refuse(422, f"amount {request.amount} outside {low}-{high} MXN")
        ref = f"sbx_{self.spec.id}_{secrets.token_hex(8)}"
        secret = config.credentials.get("webhook_secret", "")
        application = SandboxApplication(ref, request.tenant_id, request.reference, request.customer_phone, secret)
        with self._lock:
            self.applications[ref] = application
        if self.decide_after is not None and self.emit is not None:
            timer = threading.Timer(self.decide_after, self._decide_quietly, (ref,))
            timer.daemon = True
            timer.start()
        return BnplCreated(ref, f"https://sandbox.nexus.invalid/{self.spec.id}/checkout/{ref}")

    def outcome(self, application: SandboxApplication) -> BnplState:
        if application.phone.endswith("0000"):
            return BnplState.REJECTED
        if application.phone.endswith("9999"):
            return BnplState.EXPIRED
        return BnplState.APPROVED

    def webhook(self, ref: str, status: BnplState | None = None) -> tuple[int, bytes, dict[str, str]]:
        """The signed webhook the provider sends for ``ref`` moving to ``status`` (its outcome if none)."""
        with self._lock:
            found = self.applications.get(ref)
            if found is None:
                raise NotFound(f"no sandbox application {ref}")
            found.state = status or self.outcome(found)
            state = found.state
        body = {
            "event_id": f"evt_{secrets.token_hex(10)}",
            "application_id": ref,
            "reference": str(found.reference),
            "status": state.value,
        }
        if state is BnplState.REJECTED:
            body["reason"] = "sandbox: the customer's phone ends in 0000"
        raw = json.dumps(body).encode()
        headers = {
            "content-type": "application/json",
            SIGNATURE_HEADERS[self.spec.id]: "sha256=" + hmac_sha256_hex(found.secret, raw),
        }
        return found.tenant_id, raw, headers

    def decide(self, ref: str, status: BnplState | None = None) -> bytes:
        """Decide ``ref`` and send the webhook through ``emit``; returns the body sent."""
        tenant_id, raw, headers = self.webhook(ref, status)
        if self.emit is not None:
            self.emit(self.spec.id, tenant_id, raw, headers)
        return raw

    def _decide_quietly(self, ref: str) -> None:
        try:
            self.decide(ref)
        except Exception:  # a timer thread has no caller: log it, the application stays pending
            logger.exception("BNPL sandbox could not send the webhook of %s", ref)


@attrs.frozen
class HttpWebhookEmitter:
    """Posts a sandbox's webhook to the app at ``public_url``, as the provider would."""

    public_url: str
    timeout: float = 10.0

    def __call__(self, provider_id: str, tenant_id: int, raw: bytes, headers: dict[str, str]) -> None:
        url = f"{self.public_url}/pos/api/bnpl/webhook/{provider_id}?tenant_id={tenant_id}"
        response = httpx.post(url, content=raw, headers=headers, timeout=self.timeout)
        if response.status_code >= 400:
            logger.warning("BNPL sandbox webhook to %s answered %s: %s", url, response.status_code, response.text[:200])
