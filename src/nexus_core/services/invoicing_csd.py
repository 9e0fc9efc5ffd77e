"""The shop's CSD (certificado de sello digital): uploaded once by the owner, checked before it is kept.

The certificate must be of the tenant's own RFC and valid today; the key must open with the password and
belong to the certificate (the reader checks those). The issuer's régimen, postal code (LugarExpedicion)
and series are kept with it; a later upload may omit them to keep the previous ones.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from nexus_core.domain.fiscal import parse_postal_code, parse_regimen
from nexus_core.domain.invoicing import IssuerCertificate
from nexus_core.errors import InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.invoicing import invoicing_ports
from nexus_core.services.runner import Deps

_SERIE = re.compile(r"^[A-Z0-9]{1,5}$")


@attrs.frozen
class SetCsd:
    actor: Actor
    certificate: bytes
    key: bytes
    password: bytes
    regimen_fiscal: Any = None
    codigo_postal: Any = None
    serie: Any = None
    legal_name: Any = None


def set_csd(cmd: SetCsd, uow: UnitOfWork, deps: Deps) -> IssuerCertificate:
    authorize(uow, cmd.actor, "config.edit")
    tenant = uow.tenant.get()
    if tenant is None:
        raise NotFound(f"tenant {uow.tenant_id} not found", field="tenant_id")
    if tenant.rfc is None:
        raise RuleViolation("the shop has no RFC (it is given with nexus tenants create --rfc)", field="rfc")
    previous = uow.issuer.get()
    regimen = cmd.regimen_fiscal or (previous and previous.regimen_fiscal)
    cp = cmd.codigo_postal or (previous and previous.codigo_postal)
    if not regimen:
        raise InvalidInput("regimen_fiscal is required (the shop's régimen, e.g. 601 or 612)", field="regimen_fiscal")
    if not cp:
        raise InvalidInput("codigo_postal is required (the place of issue)", field="codigo_postal")
    serie = str(cmd.serie or (previous and previous.serie) or "F").upper()
    if not _SERIE.match(serie):
        raise InvalidInput("serie must be 1 to 5 letters or digits", field="serie")
    issuer = invoicing_ports(deps).certificates.read(
        uow.tenant_id,
        cmd.certificate,
        cmd.key,
        cmd.password,
        regimen_fiscal=parse_regimen(regimen, tenant.rfc),
        codigo_postal=parse_postal_code(cp),
        serie=serie,
        legal_name=cmd.legal_name or (previous and previous.legal_name) or None,
    )
    if issuer.rfc != tenant.rfc:
        raise RuleViolation(f"the certificate is of RFC {issuer.rfc}, not of this shop's RFC {tenant.rfc}", field="cer")
    issuer.check_valid(deps.clock.now())
    uow.issuer.put(issuer)
    return issuer
