"""The stamping queue: send pending CFDIs to the PAC, each exactly once.

Outbound calls never run inside a database transaction (architecture, decision 12). So one run is:

1. a transaction that *claims* up to ``limit`` pending rows for a lease (``FOR UPDATE SKIP LOCKED`` on
   PostgreSQL, so a second worker skips them; SQLite has one writer) and counts the attempt;
2. the PAC call for each row, outside any transaction; a row that was sent before (a timeout, a crash
   between the PAC's answer and our commit) is first looked up at the PAC, which may have stamped it;
   an "already stamped" answer is looked up the same way;
3. one transaction per row storing what the PAC said: ``stamped`` with its TimbreFiscalDigital, ``error``
   with SAT's code, or still ``pending`` after no answer (the next run asks the PAC first).
"""

from __future__ import annotations

from typing import Any

import attrs

from nexus_core.domain.invoicing import CfdiRecord, CfdiStatus
from nexus_core.domain.ledger import CfdiRef
from nexus_core.errors import NotFound
from nexus_core.ports.invoicing import AlreadyStamped, PacRejected, PacUnavailable, Stamp
from nexus_core.ports.unit_of_work import PlatformUnitOfWork, UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.invoicing import invoicing_ports
from nexus_core.services.runner import Deps, Nexus, read_only

MAX_BATCH = 200


@attrs.frozen
class Outcome:
    cfdi_id: int
    status: str
    uuid: str | None = None
    error: str | None = None


@attrs.frozen
class QueueRun:
    outcomes: tuple[Outcome, ...]

    def count(self, status: CfdiStatus) -> int:
        return sum(1 for o in self.outcomes if o.status == status.value)


@attrs.frozen
class _Claim:
    actor: Actor
    limit: int


@attrs.frozen
class _Claimed:
    cfdi_id: int
    xml: str
    sent_before: bool


def _claim(cmd: _Claim, uow: UnitOfWork, deps: Deps) -> list[_Claimed]:
    authorize(uow, cmd.actor, "invoicing.create")
    now = deps.clock.now()
    claimed = []
    for record in uow.cfdis.claim_pending(now, cmd.limit):
        sent_before = record.attempts > 0
        record.claim(now)
        uow.cfdis.save(record)
        assert record.id is not None
        claimed.append(_Claimed(record.id, record.xml, sent_before))
    return claimed


@attrs.frozen
class _Answer:
    cfdi_id: int
    stamp: Stamp | None = None
    rejection: PacRejected | None = None
    failure: str | None = None


def _store(answer: _Answer, uow: UnitOfWork, deps: Deps) -> Outcome:
    record = uow.cfdis.lock(answer.cfdi_id)
    if record is None:
        raise NotFound(f"CFDI {answer.cfdi_id} not found")
    if record.status is CfdiStatus.PENDING:
        if answer.stamp is not None:
            record.record_stamp(answer.stamp.uuid, answer.stamp.xml, answer.stamp.stamped_at)
            mark_journal(uow, record)
        elif answer.rejection is not None:
            record.record_rejection(answer.rejection.code, answer.rejection.message)
        else:
            record.record_failure(answer.failure or "no answer from the PAC")
        uow.cfdis.save(record)
    return _outcome(record)


def mark_journal(uow: UnitOfWork, record: CfdiRecord) -> None:
    """The stamped CFDI's UUID, receiver RFC and total onto the lines of the entries of the sales it
    covers (Anexo 24's pólizas carry them per line); a complement covers no sale and marks nothing."""
    cfdi = CfdiRef(uuid=record.uuid, rfc=record.receptor_rfc, total=record.totals.total)
    for sale_id in record.sale_ids:
        sale = uow.sales.get(sale_id)
        if sale is not None and sale.entry_id is not None:
            uow.journal.set_cfdi(sale.entry_id, cfdi)


def _outcome(record: CfdiRecord) -> Outcome:
    assert record.id is not None
    error = None if record.status is CfdiStatus.STAMPED else record.error_message
    return Outcome(record.id, record.status.value, record.uuid, error)


def _send(deps: Deps, claimed: _Claimed) -> _Answer:
    pac = invoicing_ports(deps).pac
    try:
        if claimed.sent_before:
            found = pac.find_stamp(claimed.xml)
            if found is not None:
                return _Answer(claimed.cfdi_id, stamp=found)
        return _Answer(claimed.cfdi_id, stamp=pac.stamp(claimed.xml))
    except AlreadyStamped:
        try:
            found = pac.find_stamp(claimed.xml)
        except PacUnavailable as error:
            return _Answer(claimed.cfdi_id, failure=error.message)
        if found is None:
            return _Answer(claimed.cfdi_id, failure="the PAC says it stamped this CFDI but returns no stamp")
        return _Answer(claimed.cfdi_id, stamp=found)
    except PacRejected as error:
        return _Answer(claimed.cfdi_id, rejection=error)
    except PacUnavailable as error:
        return _Answer(claimed.cfdi_id, failure=error.message)


def process_queue(nexus: Nexus, tenant_id: int, actor: Actor, limit: Any = 50) -> QueueRun:
    """Claim, send and record up to ``limit`` pending CFDIs of the tenant (see the module's doc)."""
    size = limit if isinstance(limit, int) and not isinstance(limit, bool) else 50
    claimed = nexus.run(tenant_id, _claim, _Claim(actor, max(1, min(size, MAX_BATCH))))
    outcomes = [nexus.run(tenant_id, _store, _send(nexus.deps, c)) for c in claimed]
    return QueueRun(tuple(outcomes))


@attrs.frozen
class _Pending:
    pass


@read_only
def _pending_tenants(cmd: _Pending, uow: PlatformUnitOfWork, deps: Deps) -> list[int]:
    return uow.pending_cfdis.tenant_ids(deps.clock.now())


def process_all_queues(nexus: Nexus, limit: Any = 50) -> dict[int, QueueRun]:
    """Every tenant's queue (the operator's cron job): up to ``limit`` CFDIs of each tenant that has any
    pending, one tenant after another, each with the guarantees of :func:`process_queue`."""
    runs = {}
    for tenant_id in nexus.run_platform(_pending_tenants, _Pending()):
        runs[tenant_id] = process_queue(nexus, tenant_id, Actor.operator(tenant_id), limit)
    return runs
