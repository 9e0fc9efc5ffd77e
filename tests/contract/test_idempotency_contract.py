"""Idempotency records: claim once, save the answer, release."""

from __future__ import annotations

from datetime import timedelta

from contract.builders import NOW, new_tenant, running
from nexus_core.domain.idempotency import IdempotencyState
from nexus_core.ports.unit_of_work import UnitOfWorkFactory


def test_claim_get_save_delete(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.idempotency.get("K-1") is None
        assert uow.idempotency.claim(running("K-1")) is True
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        record = uow.idempotency.get("K-1")
        assert record is not None
        assert (record.key, record.fingerprint, record.state) == ("K-1", "fp-1", IdempotencyState.RUNNING)
        assert (record.status_code, record.body, record.created_at) == (None, None, NOW)
        record.state = IdempotencyState.DONE
        record.status_code = 201
        record.body = '{"id": 7, "total": 116.00}'
        uow.idempotency.save(record)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        done = uow.idempotency.get("K-1")
        assert done is not None
        assert (done.state, done.status_code, done.body) == (IdempotencyState.DONE, 201, '{"id": 7, "total": 116.00}')
        uow.idempotency.delete("K-1")
        uow.idempotency.delete("never-claimed")
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.idempotency.get("K-1") is None


def test_a_duplicate_claim_answers_false_and_the_transaction_goes_on(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.idempotency.claim(running("K-1", "first"))
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.idempotency.claim(running("K-1", "second")) is False
        # still usable after the refused insert (on PostgreSQL a failed INSERT would abort the transaction)
        assert uow.idempotency.claim(running("K-2")) is True
        kept = uow.idempotency.get("K-1")
        assert kept is not None and kept.fingerprint == "first"
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.idempotency.get("K-2") is not None


def test_save_refreshes_a_stale_claim(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        uow.idempotency.claim(running("K-1"))
        uow.commit()
    later = NOW + timedelta(minutes=10)
    with uow_factory.tenant(tenant_id) as uow:
        record = uow.idempotency.get("K-1")
        assert record is not None and record.is_stale(later)
        record.created_at = later
        uow.idempotency.save(record)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        again = uow.idempotency.get("K-1")
        assert again is not None and again.created_at == later and not again.is_stale(later)
