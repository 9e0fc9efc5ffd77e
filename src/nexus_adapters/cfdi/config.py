"""Invoicing's adapters, chosen by configuration.

========================= ============ ======================================================================
variable                  default      meaning
========================= ============ ======================================================================
``NEXUS_PAC``             ``sandbox``  ``sandbox`` (stamps locally, no network) or ``finkok`` (satcfdi's client)
``NEXUS_PAC_USERNAME``                 the PAC account (``finkok``)
``NEXUS_PAC_PASSWORD``                 its password
``NEXUS_PAC_ENVIRONMENT`` ``test``     ``test`` (the PAC's demo service) or ``production``
``NEXUS_PAC_TIMEOUT``     ``30``       seconds to wait for the PAC before the queue retries later
``NEXUS_CSD_KEY``         generated    the secret that encrypts CSD keys at rest (else ``var/csd-key``)
========================= ============ ======================================================================
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping

from nexus_adapters.cfdi.certificates import CsdReader
from nexus_adapters.cfdi.keys import KeyVault
from nexus_adapters.cfdi.pdf import FpdfPrinter
from nexus_adapters.cfdi.sandbox_pac import SandboxPac
from nexus_adapters.cfdi.sealer import LxmlSealer
from nexus_adapters.settings import SettingsError
from nexus_core.ports.invoicing import InvoicingPorts, StampingProvider

_SANDBOX: list[SandboxPac] = []
_LOCK = threading.Lock()


def shared_sandbox() -> SandboxPac:
    """The process's sandbox PAC (it remembers what it stamped, as a PAC does)."""
    with _LOCK:
        if not _SANDBOX:
            _SANDBOX.append(SandboxPac())
        return _SANDBOX[0]


class _LazySandbox:
    """Creates the sandbox (an RSA key) on its first call, not whenever services are built."""

    def stamp(self, sealed_xml: str):  # type: ignore[no-untyped-def]
        return shared_sandbox().stamp(sealed_xml)

    def find_stamp(self, sealed_xml: str):  # type: ignore[no-untyped-def]
        return shared_sandbox().find_stamp(sealed_xml)

    def cancel(self, **kwargs):  # type: ignore[no-untyped-def]
        return shared_sandbox().cancel(**kwargs)


def pac_from_env(env: Mapping[str, str], vault: KeyVault) -> StampingProvider:
    name = (env.get("NEXUS_PAC") or "sandbox").lower()
    if name == "sandbox":
        return _LazySandbox()
    if name != "finkok":
        raise SettingsError(f"NEXUS_PAC must be sandbox or finkok, got {name!r}")
    from nexus_adapters.cfdi.satcfdi_pac import SatcfdiPac

    user, password = env.get("NEXUS_PAC_USERNAME"), env.get("NEXUS_PAC_PASSWORD")
    if not user or not password:
        raise SettingsError("NEXUS_PAC=finkok needs NEXUS_PAC_USERNAME and NEXUS_PAC_PASSWORD")
    environment = (env.get("NEXUS_PAC_ENVIRONMENT") or "test").lower()
    if environment not in ("test", "production"):
        raise SettingsError("NEXUS_PAC_ENVIRONMENT must be test or production")
    try:
        timeout = float(env.get("NEXUS_PAC_TIMEOUT") or "30")
    except ValueError:
        raise SettingsError("NEXUS_PAC_TIMEOUT must be a number of seconds") from None
    return SatcfdiPac(user, password, test=environment == "test", vault=vault, timeout=timeout)


def invoicing_from_env(env: Mapping[str, str] | None = None, *, pac: StampingProvider | None = None) -> InvoicingPorts:
    env = os.environ if env is None else env
    secret = env.get("NEXUS_CSD_KEY")
    vault = KeyVault(secret.encode()) if secret else KeyVault.from_env()
    return InvoicingPorts(
        sealer=LxmlSealer(vault),
        certificates=CsdReader(vault),
        pac=pac or pac_from_env(env, vault),
        printer=FpdfPrinter(),
    )
