"""Integration settings from the environment (README.md, "Configuration"; docs/integrations.md)."""

from __future__ import annotations

import os
from collections.abc import Mapping

import attrs

from nexus_adapters.settings import SettingsError

MODES = ("sandbox", "live")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@attrs.frozen
class IntegrationSettings:
    mode: str = "sandbox"  # sandbox: the built-in sandboxes; live: the providers' real APIs
    worker: bool = True  # the HTTP app delivers the outbox in a background thread
    interval_seconds: float = 5.0  # between two passes of the worker
    timeout_seconds: float = 10.0  # of every outbound call
    public_url: str = "http://127.0.0.1:5001"  # where sandboxes send their webhooks
    bnpl_sandbox_decision_seconds: float | None = None  # BNPL sandboxes decide by themselves after this

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> IntegrationSettings:
        env = os.environ if env is None else env
        mode = env.get("NEXUS_INTEGRATIONS_MODE", "sandbox").strip().lower() or "sandbox"
        if mode not in MODES:
            raise SettingsError(f"NEXUS_INTEGRATIONS_MODE must be sandbox or live, got {mode!r}")
        worker_raw = env.get("NEXUS_OUTBOX_WORKER", "1").strip().lower()
        if worker_raw not in _TRUE | _FALSE:
            raise SettingsError(f"NEXUS_OUTBOX_WORKER must be 1 or 0, got {worker_raw!r}")
        return cls(
            mode=mode,
            worker=worker_raw in _TRUE,
            interval_seconds=_seconds(env, "NEXUS_OUTBOX_INTERVAL_SECONDS", "5", 0.1, 3600),
            timeout_seconds=_seconds(env, "NEXUS_INTEGRATIONS_TIMEOUT_SECONDS", "10", 0.1, 110),
            public_url=(env.get("NEXUS_PUBLIC_URL") or "http://127.0.0.1:5001").rstrip("/"),
            bnpl_sandbox_decision_seconds=_seconds(env, "NEXUS_BNPL_SANDBOX_DECISION_SECONDS", "3", 0.1, 3600),
        )


def _seconds(env: Mapping[str, str], name: str, default: str, low: float, high: float) -> float:
    raw = env.get(name, default)
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}")
    return value
