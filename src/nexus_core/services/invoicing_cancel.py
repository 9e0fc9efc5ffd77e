"""Cancelling a stamped CFDI with SAT's motive (01-04), the PAC call outside any transaction.

Motive 01 names the replacing CFDI (``folio_sustitucion``), which must already be stamped and relate to
this one with TipoRelacion 04; the other motives take no replacement, and 04 cancels a global invoice.
SAT asks the receiver to accept the cancellation of an invoice over $1,000 that is not to público en
general: such a CFDI stays ``cancellation_pending`` until the PAC reports the acceptance.
"""

from __future__ import annotations

from typing import Any

import attrs

from nexus_core.domain.invoicing import CancelMotive, CfdiRecord, IssuerCertificate, parse_motive
from nexus_core.errors import InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.invoicing import invoicing_ports, usable_issuer
from nexus_core.services.runner import Deps, Nexus, read_only


@attrs.frozen
class CancelCfdi:
    actor: Actor
    cfdi_id: int
    motivo: Any
    folio_sustitucion: Any = None


@attrs.frozen
class _Checked:
    record: CfdiRecord
    motive: CancelMotive
    replacement_uuid: str | None
    issuer: IssuerCertificate


def _replacement(uow: UnitOfWork, value: Any) -> CfdiRecord | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 36:
        raise InvalidInput("folio_sustitucion must be the UUID of the replacing CFDI", field="folio_sustitucion")
    found = uow.cfdis.by_uuid(value)
    if found is None:
        raise RuleViolation(f"folio_sustitucion {value} is no CFDI of this shop", field="folio_sustitucion")
    return found


@read_only
def _check(cmd: CancelCfdi, uow: UnitOfWork, deps: Deps) -> _Checked:
    authorize(uow, cmd.actor, "invoicing.cancel")
    record = uow.cfdis.get(cmd.cfdi_id)
    if record is None:
        raise NotFound(f"CFDI {cmd.cfdi_id} not found", field="cfdi_id")
    motive = parse_motive(cmd.motivo)
    replacement = _replacement(uow, cmd.folio_sustitucion)
    record.check_cancellable(motive, replacement)
    issuer = usable_issuer(uow, deps)
    return _Checked(record, motive, None if replacement is None else replacement.uuid, issuer)


@attrs.frozen
class _Record:
    cfdi_id: int
    motive: CancelMotive
    replacement_uuid: str | None
    accepted: bool


def _record(cmd: _Record, uow: UnitOfWork, deps: Deps) -> CfdiRecord:
    record = uow.cfdis.lock(cmd.cfdi_id)
    assert record is not None
    record.record_cancellation(cmd.motive, cmd.replacement_uuid, deps.clock.now(), accepted=cmd.accepted)
    uow.cfdis.save(record)
    return record


def cancel_cfdi(nexus: Nexus, tenant_id: int, cmd: CancelCfdi) -> CfdiRecord:
    """Check (read), ask the PAC (no transaction), record (write). A cancellation the PAC refuses is an
    ExternalServiceError and changes nothing."""
    checked = nexus.run(tenant_id, _check, cmd)
    record = checked.record
    assert record.uuid is not None and record.id is not None
    answer = invoicing_ports(nexus.deps).pac.cancel(
        uuid=record.uuid,
        emisor_rfc=record.emisor_rfc,
        receptor_rfc=record.receptor_rfc,
        total=record.totals.total,
        motive=checked.motive,
        replacement_uuid=checked.replacement_uuid,
        issuer=checked.issuer,
    )
    return nexus.run(tenant_id, _record, _Record(record.id, checked.motive, checked.replacement_uuid, answer.accepted))
