"""Per-tenant provider settings: configuring a provider (owner only) and listing them (docs/integrations.md).

Credentials are stored through ``uow.provider_settings`` (encrypted at rest by the SQL adapter) and never
returned: views say which keys are set, not their values.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from nexus_core.domain.providers import ProviderKind, ProviderSpec, clean_credentials, provider, providers_of
from nexus_core.domain.staff import Role
from nexus_core.errors import Forbidden, InvalidInput, RuleViolation
from nexus_core.ports.provider_settings import ProviderConfig
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.runner import Deps, read_only


@attrs.frozen
class ProviderView:
    spec: ProviderSpec
    enabled: bool
    configured: tuple[str, ...]  # the credential names that have a value (never the values)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(k for k in self.spec.config_needed if k not in self.configured)


def _view(spec: ProviderSpec, config: ProviderConfig | None) -> ProviderView:
    if config is None:
        return ProviderView(spec, False, ())
    return ProviderView(spec, config.enabled, tuple(k for k in spec.keys if config.credentials.get(k)))


@attrs.frozen
class ConfigureProvider:
    """``credentials`` are merged into the stored ones (a key sent empty is removed), so enabling or
    disabling needs no secrets again. Enabling refuses while a needed credential is missing."""

    actor: Actor
    provider_id: str
    credentials: Mapping[str, object] = attrs.field(factory=dict)
    enabled: bool | None = None


def configure_provider(cmd: ConfigureProvider, uow: UnitOfWork, deps: Deps) -> ProviderView:
    me = authorize(uow, cmd.actor, "config.edit")
    if me is not None and me.role is not Role.OWNER:
        raise Forbidden("only the owner configures integrations")
    spec = provider(cmd.provider_id, field="provider_id")
    given = clean_credentials(spec, cmd.credentials)
    stored = uow.provider_settings.get(spec.id)
    credentials = dict(stored.credentials) if stored is not None else {}
    for name, value in given.items():
        if value:
            credentials[name] = value
        else:
            credentials.pop(name, None)
    enabled = cmd.enabled if cmd.enabled is not None else (stored.enabled if stored is not None else True)
    config = ProviderConfig(provider_id=spec.id, enabled=enabled, credentials=credentials)
    missing = config.missing(spec.config_needed)
    if enabled and missing:
        raise InvalidInput(f"{spec.id} needs credentials: {', '.join(missing)}", field=f"credentials.{missing[0]}")
    uow.provider_settings.save(config)
    return _view(spec, config)


@attrs.frozen
class ListProviders:
    actor: Actor
    kind: ProviderKind | None = None


@read_only
def list_providers(cmd: ListProviders, uow: UnitOfWork, deps: Deps) -> list[ProviderView]:
    """Every provider of ``kind`` (all when ``None``) with its state for the tenant."""
    stored = {c.provider_id: c for c in uow.provider_settings.list()}
    kinds = [cmd.kind] if cmd.kind is not None else list(ProviderKind)
    return [_view(spec, stored.get(spec.id)) for kind in kinds for spec in providers_of(kind)]


def enabled_config(uow: UnitOfWork, spec: ProviderSpec, *, field: str = "provider") -> ProviderConfig:
    """The tenant's settings of ``spec``, refused unless it is enabled with every needed credential."""
    config = uow.provider_settings.get(spec.id)
    if config is None or not config.enabled:
        raise RuleViolation(f"provider {spec.id} is not enabled for this shop", field=field)
    missing = config.missing(spec.config_needed)
    if missing:
        raise RuleViolation(f"provider {spec.id} is missing credentials: {', '.join(missing)}", field=field)
    return config
