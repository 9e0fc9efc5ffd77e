"""The composition root: the only place that knows every adapter.

Entry points (HTTP, CLI) and scripts get a ready :class:`~nexus_core.services.runner.Nexus` here and
never touch persistence directly.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from nexus_adapters.calendar import ZoneInfoCalendar
from nexus_adapters.cfdi.config import invoicing_from_env
from nexus_adapters.erp.registry import ErpExporterRegistry
from nexus_adapters.integrations.settings import IntegrationSettings
from nexus_adapters.integrations.wiring import build_integrations
from nexus_adapters.integrations.worker import OutboxWorker
from nexus_adapters.persistence.credentials import CredentialCipher
from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.migrate import upgrade_database
from nexus_adapters.persistence.secrets import ensure_secret
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_adapters.security import Argon2Hasher, HmacDigester, JwtCodec, SystemClock
from nexus_adapters.settings import Settings, load_or_create_pepper
from nexus_core.services.integrations import Integrations
from nexus_core.services.runner import Deps, Nexus

if TYPE_CHECKING:
    from nexus_adapters.persistence.catalog_import import ImportReport, Progress

JWT_SECRET_NAME = "jwt_secret"


def build_services(
    database_url: str | None = None, *, settings: Settings | None = None, upgrade: bool = False
) -> Nexus:
    """A Nexus on a real database.

    ``database_url`` overrides the settings' URL (itself ``NEXUS_DATABASE_URL`` or the embedded SQLite).
    With ``upgrade`` the schema is brought to the newest revision first; otherwise it must already be.
    """
    settings = settings or Settings.from_env()
    url = database_url or settings.database_url
    engine = make_engine(url)
    if upgrade:
        upgrade_database(engine)
    jwt_secret = settings.jwt_secret or ensure_secret(engine, JWT_SECRET_NAME, lambda: secrets.token_urlsafe(48))
    pepper = settings.pin_pepper.encode() if settings.pin_pepper else load_or_create_pepper()
    clock = SystemClock()
    deps = Deps(
        clock=clock,
        hasher=Argon2Hasher(),
        digests=HmacDigester(pepper),
        tokens=JwtCodec(jwt_secret),
        calendar=ZoneInfoCalendar(clock),
        token_ttl=timedelta(hours=settings.token_ttl_hours),
        default_timezone=settings.default_timezone,
        erp=ErpExporterRegistry(),
        invoicing=invoicing_from_env(),
    )
    # Credentials are sealed with a key that needs both the database's secret and the pepper (kept outside).
    cipher = CredentialCipher.for_engine(engine, pepper)
    return Nexus(uows=SqlUnitOfWorkFactory(engine, cipher=cipher), deps=deps)


def release_orphaned_claims(database_url: str | None = None) -> int:
    """Free the Idempotency-Keys held by processes of this host that died (``nexus serve`` at start-up);
    claims of other hosts' dead processes are freed by their lease (ADR 6)."""
    from nexus_adapters.persistence.idempotency_repository import release_claims_of_dead_processes

    engine = make_engine(database_url or Settings.from_env().database_url)
    try:
        return release_claims_of_dead_processes(engine)
    finally:
        engine.dispose()


def upgrade(database_url: str | None = None) -> str:
    """Bring the database to the newest schema; returns the URL it worked on (password hidden)."""
    settings = Settings.from_env()
    engine = make_engine(database_url or settings.database_url)
    upgrade_database(engine)
    return engine.url.render_as_string(hide_password=True)


def integrations(settings: IntegrationSettings | None = None) -> Integrations:
    """The clients and outbox topics ``NEXUS_INTEGRATIONS_MODE`` selects (sandbox unless ``live``)."""
    return build_integrations(settings or IntegrationSettings.from_env())


def build_outbox_worker(
    nexus: Nexus, settings: IntegrationSettings | None = None, bundle: Integrations | None = None
) -> OutboxWorker:
    """The worker delivering ``nexus``'s outbox."""
    settings = settings or IntegrationSettings.from_env()
    bundle = bundle or build_integrations(settings)
    return OutboxWorker(nexus, bundle.topics, interval=settings.interval_seconds)


def import_catalog(
    directory: Path, *, progress: Progress | None = None, database_url: str | None = None
) -> ImportReport:
    """Load the parts catalog from ``directory``'s CSV files (docs/catalog.md#files) as the new published
    catalog; the schema is brought to the newest revision first."""
    from nexus_adapters.persistence.catalog_import import import_catalog as load

    engine = make_engine(database_url or Settings.from_env().database_url)
    try:
        upgrade_database(engine)
        return load(engine, directory, progress=progress)
    finally:
        engine.dispose()


def catalog_published(database_url: str | None = None) -> bool:
    """Whether a catalog has been loaded (``nexus catalog demo --if-empty``)."""
    from nexus_adapters.persistence.catalog_import import published_generation

    engine = make_engine(database_url or Settings.from_env().database_url)
    try:
        upgrade_database(engine)
        return published_generation(engine) is not None
    finally:
        engine.dispose()
