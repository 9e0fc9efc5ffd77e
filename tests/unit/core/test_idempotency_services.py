from __future__ import annotations

from datetime import timedelta

import pytest

from nexus_core.errors import Conflict, InvalidInput, KeyReused
from nexus_core.services.config import CreateBranch, create_branch
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


def _claim(nexus, tenant_id, key="k1", fp="fp1"):
    return nexus.run(tenant_id, claim_key, ClaimKey(key=key, request_digest=fp))


def test_first_claim_proceeds_and_the_answer_commits_with_the_effect(nexus, shop, owner) -> None:
    assert _claim(nexus, shop.tenant_id) is None
    nexus.run(
        shop.tenant_id,
        create_branch,
        CreateBranch(actor=owner, name="Norte"),
        before_commit=lambda uow, bid: record_response(uow, "k1", StoredResponse(201, f'{{"id": {bid}}}')),
    )
    assert _claim(nexus, shop.tenant_id) == StoredResponse(201, '{"id": 2}')


def test_a_failed_effect_leaves_the_key_running_not_done(nexus, shop, owner) -> None:
    assert _claim(nexus, shop.tenant_id) is None

    def boom(uow, result):
        record_response(uow, "k1", StoredResponse(201, "{}"))
        raise RuntimeError("crash after writing")

    with pytest.raises(RuntimeError):
        nexus.run(shop.tenant_id, create_branch, CreateBranch(actor=owner, name="Norte"), before_commit=boom)
    with pytest.raises(Conflict, match="still running"):
        _claim(nexus, shop.tenant_id)
    nexus.run(shop.tenant_id, release_key, ReleaseKey(key="k1"))
    assert _claim(nexus, shop.tenant_id) is None


def test_other_body_same_key_is_refused(nexus, shop) -> None:
    _claim(nexus, shop.tenant_id)
    with pytest.raises(KeyReused):
        _claim(nexus, shop.tenant_id, fp="fp2")


def test_stale_claim_is_taken_over(nexus, shop, clock) -> None:
    _claim(nexus, shop.tenant_id)
    clock.advance(timedelta(minutes=6))
    assert _claim(nexus, shop.tenant_id) is None


def test_refusals_are_replayed(nexus, shop) -> None:
    _claim(nexus, shop.tenant_id)
    nexus.run(shop.tenant_id, record_refusal, RecordRefusal(key="k1", response=StoredResponse(400, '{"error":"x"}')))
    assert _claim(nexus, shop.tenant_id) == StoredResponse(400, '{"error":"x"}')


def test_keys_are_per_tenant(nexus, shop) -> None:
    from nexus_core.testing.builders import create_shop

    other = create_shop(nexus, name="Otra", owner_pin="4321")
    _claim(nexus, shop.tenant_id)
    assert _claim(nexus, other.tenant_id, fp="different") is None


@pytest.mark.parametrize("key", ["", "x" * 201, "bad\nkey"])
def test_bad_keys(nexus, shop, key) -> None:
    with pytest.raises(InvalidInput):
        _claim(nexus, shop.tenant_id, key=key)
