from __future__ import annotations

from datetime import timedelta

import pytest

from nexus_core.domain.idempotency import CLAIM_LEASE, IdempotencyRecord
from nexus_core.errors import Conflict, InvalidInput, KeyReused
from nexus_core.services.config import CreateBranch, ListBranches, create_branch, list_branches
from nexus_core.services.idempotency import (
    ClaimKey,
    RecordRefusal,
    ReleaseKey,
    StoredResponse,
    claim_key,
    record_refusal,
    record_response,
    release_key,
)


def _claim(nexus, tenant_id, key="k1", fp="fp1", principal="employee:1", owner="host:1:a"):
    return nexus.run(tenant_id, claim_key, ClaimKey(key=key, request_digest=fp, principal=principal, owner=owner))


def _create_branch(nexus, shop, owner, claim, name="Norte"):
    return nexus.run(
        shop.tenant_id,
        create_branch,
        CreateBranch(actor=owner, name=name),
        before_commit=lambda uow, bid: record_response(uow, claim, StoredResponse(201, f'{{"id": {bid}}}')),
    )


def test_first_claim_proceeds_and_the_answer_commits_with_the_effect(nexus, shop, owner) -> None:
    claim = _claim(nexus, shop.tenant_id)
    assert isinstance(claim, IdempotencyRecord)
    _create_branch(nexus, shop, owner, claim)
    assert _claim(nexus, shop.tenant_id) == StoredResponse(201, '{"id": 2}')


def test_a_failed_effect_leaves_the_key_running_not_done(nexus, shop, owner) -> None:
    claim = _claim(nexus, shop.tenant_id)

    def boom(uow, result):
        record_response(uow, claim, StoredResponse(201, "{}"))
        raise RuntimeError("crash after writing")

    with pytest.raises(RuntimeError):
        nexus.run(shop.tenant_id, create_branch, CreateBranch(actor=owner, name="Norte"), before_commit=boom)
    with pytest.raises(Conflict, match="still running; retry in 30 s"):
        _claim(nexus, shop.tenant_id)
    nexus.run(shop.tenant_id, release_key, ReleaseKey(claim))
    assert isinstance(_claim(nexus, shop.tenant_id), IdempotencyRecord)


def test_other_body_same_key_is_refused(nexus, shop) -> None:
    _claim(nexus, shop.tenant_id)
    with pytest.raises(KeyReused):
        _claim(nexus, shop.tenant_id, fp="fp2")


def test_a_claim_whose_process_died_is_taken_over_when_its_short_lease_ends(nexus, shop, clock) -> None:
    _claim(nexus, shop.tenant_id, owner="host:1:a")
    clock.advance(CLAIM_LEASE - timedelta(seconds=1))
    with pytest.raises(Conflict, match="retry in 1 s"):
        _claim(nexus, shop.tenant_id, owner="host:2:b")
    clock.advance(timedelta(seconds=1))
    taken = _claim(nexus, shop.tenant_id, owner="host:2:b")
    assert isinstance(taken, IdempotencyRecord) and taken.owner == "host:2:b"


def test_a_request_that_outlived_its_lease_is_rolled_back_not_doubled(nexus, shop, owner, clock) -> None:
    slow = _claim(nexus, shop.tenant_id, owner="host:1:a")
    clock.advance(CLAIM_LEASE)
    retry = _claim(nexus, shop.tenant_id, owner="host:2:b")
    assert isinstance(retry, IdempotencyRecord)
    _create_branch(nexus, shop, owner, retry, name="Norte")
    with pytest.raises(Conflict, match="outlived its Idempotency-Key lease"):
        _create_branch(nexus, shop, owner, slow, name="Norte (lenta)")
    names = [b.name for b in nexus.run(shop.tenant_id, list_branches, ListBranches(owner))]
    assert "Norte (lenta)" not in names and "Norte" in names
    nexus.run(shop.tenant_id, release_key, ReleaseKey(slow))  # a late release leaves the retry's answer alone
    assert _claim(nexus, shop.tenant_id) == StoredResponse(201, '{"id": 2}')


def test_refusals_are_replayed(nexus, shop) -> None:
    claim = _claim(nexus, shop.tenant_id)
    nexus.run(shop.tenant_id, record_refusal, RecordRefusal(claim, StoredResponse(400, '{"error":"x"}')))
    assert _claim(nexus, shop.tenant_id) == StoredResponse(400, '{"error":"x"}')


def test_keys_are_per_tenant(nexus, shop) -> None:
    from nexus_core.testing.builders import create_shop

    other = create_shop(nexus, name="Otra", owner_pin="4321")
    _claim(nexus, shop.tenant_id)
    assert isinstance(_claim(nexus, other.tenant_id, fp="different"), IdempotencyRecord)


def test_keys_are_per_principal(nexus, shop, owner) -> None:
    mine = _claim(nexus, shop.tenant_id, principal="employee:1")
    _create_branch(nexus, shop, owner, mine)
    theirs = _claim(nexus, shop.tenant_id, principal="employee:2")
    assert isinstance(theirs, IdempotencyRecord)  # their own request, not my stored answer


@pytest.mark.parametrize("key", ["", "x" * 201, "bad\nkey"])
def test_bad_keys(nexus, shop, key) -> None:
    with pytest.raises(InvalidInput):
        _claim(nexus, shop.tenant_id, key=key)
