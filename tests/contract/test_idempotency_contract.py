"""Idempotency records: claimed once per (tenant, principal, key), finished or released only by their claim."""

from __future__ import annotations

from datetime import timedelta

import attrs

from contract.builders import NOW, new_tenant, running
from nexus_core.domain.idempotency import IdempotencyRecord, IdempotencyState
from nexus_core.ports.unit_of_work import UnitOfWorkFactory


def _done(claim: IdempotencyRecord, body: str = '{"id": 7, "total": 116.00}') -> IdempotencyRecord:
    return attrs.evolve(claim, state=IdempotencyState.DONE, status_code=201, body=body)


def test_claim_get_finish_release(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    claim = running("K-1")
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.idempotency.get("employee:1", "K-1") is None
        assert uow.idempotency.claim(claim) is True
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        record = uow.idempotency.get("employee:1", "K-1")
        assert record is not None
        assert (record.key, record.principal, record.fingerprint, record.state) == (
            "K-1",
            "employee:1",
            "fp-1",
            IdempotencyState.RUNNING,
        )
        assert (record.status_code, record.body, record.created_at, record.owner) == (None, None, NOW, "host:1:a")
        assert record.lease_until == claim.lease_until and record.same_claim(claim)
        assert uow.idempotency.replace(_done(claim), claim=claim) is True
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        done = uow.idempotency.get("employee:1", "K-1")
        assert done is not None
        assert (done.state, done.status_code, done.body) == (IdempotencyState.DONE, 201, '{"id": 7, "total": 116.00}')
        # a finished key is nobody's running claim any more: neither replaced nor released
        assert uow.idempotency.replace(_done(claim, "{}"), claim=claim) is False
        assert uow.idempotency.release(claim) is False
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        kept = uow.idempotency.get("employee:1", "K-1")
        assert kept is not None and kept.body == '{"id": 7, "total": 116.00}'


def test_keys_are_per_principal(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.idempotency.claim(running("K-1", "mine", principal="employee:1"))
        assert uow.idempotency.claim(running("K-1", "theirs", principal="employee:2"))
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        mine, theirs = uow.idempotency.get("employee:1", "K-1"), uow.idempotency.get("employee:2", "K-1")
        assert mine is not None and theirs is not None
        assert (mine.fingerprint, theirs.fingerprint) == ("mine", "theirs")
        assert uow.idempotency.get("user:1", "K-1") is None


def test_a_duplicate_claim_answers_false_and_the_transaction_goes_on(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.idempotency.claim(running("K-1", "first"))
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.idempotency.claim(running("K-1", "second")) is False
        # still usable after the refused insert (on PostgreSQL a failed INSERT would abort the transaction)
        assert uow.idempotency.claim(running("K-2")) is True
        kept = uow.idempotency.get("employee:1", "K-1")
        assert kept is not None and kept.fingerprint == "first"
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.idempotency.get("employee:1", "K-2") is not None


def test_a_taken_over_claim_can_no_longer_finish_or_release(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    old = running("K-1")
    with uow_factory.tenant(tenant_id) as uow:
        uow.idempotency.claim(old)
        uow.commit()
    later = NOW + timedelta(minutes=1)
    new = IdempotencyRecord.claim(key="K-1", principal="employee:1", fingerprint="fp-1", owner="host:2:b", now=later)
    with uow_factory.tenant(tenant_id) as uow:
        stored = uow.idempotency.get("employee:1", "K-1")
        assert stored is not None and stored.is_stale(later)
        assert uow.idempotency.replace(new, claim=stored) is True
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.idempotency.replace(_done(old), claim=old) is False
        assert uow.idempotency.release(old) is False
        again = uow.idempotency.get("employee:1", "K-1")
        assert again is not None and again.same_claim(new) and not again.is_stale(later)
        assert uow.idempotency.release(new) is True
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.idempotency.get("employee:1", "K-1") is None
