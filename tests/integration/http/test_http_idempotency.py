"""Idempotency-Key on the POSTs that create things (and, later, move money or stock)."""

from __future__ import annotations

import pytest
from http_support import bearer, count_rows, login

from nexus_core.domain.idempotency import CLAIM_LEASE, IdempotencyRecord
from nexus_core.services import config as config_services
from nexus_core.services.idempotency import ClaimKey, claim_key
from nexus_http.idempotency import request_digest

BRANCHES = "/pos/api/config/branches"
EMPLOYEES = "/pos/api/config/employees"


def _post(client, path, body, headers, key):
    return client.post(path, json=body, headers={**headers, "Idempotency-Key": key})


@pytest.mark.parametrize(
    ("path", "body", "table"),
    [
        (BRANCHES, {"name": "Sucursal Norte", "phone": "555-0002"}, "branches"),
        (EMPLOYEES, {"name": "Juan Lopez", "role": "cashier", "pin": "5678", "max_discount_pct": 10}, "employees"),
    ],
)
def test_a_repeat_gets_the_first_answer_and_creates_nothing(client, nexus, shop, owner_headers, path, body, table):
    before = count_rows(nexus, table, shop.tenant_id)
    first = _post(client, path, body, owner_headers, "key-1")
    assert first.status_code == 201
    again = _post(client, path, body, owner_headers, "key-1")
    assert again.status_code == first.status_code
    assert again.content == first.content
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count_rows(nexus, table, shop.tenant_id) == before + 1


def test_same_key_with_another_body_is_422(client, nexus, shop, owner_headers):
    assert _post(client, BRANCHES, {"name": "Norte"}, owner_headers, "key-2").status_code == 201
    r = _post(client, BRANCHES, {"name": "Sur"}, owner_headers, "key-2")
    assert r.status_code == 422
    assert r.json() == {"error": "this Idempotency-Key was already used with a different request"}
    assert count_rows(nexus, "branches", shop.tenant_id) == 2


def test_a_repeat_while_the_first_runs_is_409(client, nexus, shop, owner_headers):
    body = {"name": "Norte"}
    digest = request_digest("POST", BRANCHES, "", body)
    first = ClaimKey(
        key="key-3", request_digest=digest, principal=f"employee:{shop.employee_id}", owner="elsewhere:1:a"
    )
    assert isinstance(nexus.run(shop.tenant_id, claim_key, first), IdempotencyRecord)  # "the first"
    r = _post(client, BRANCHES, body, owner_headers, "key-3")
    assert r.status_code == 409
    assert r.json() == {
        "error": "a request with this Idempotency-Key is still running; retry in 30 s if it does not answer"
    }
    assert count_rows(nexus, "branches", shop.tenant_id) == 1


def test_without_a_key_every_post_runs(client, nexus, shop, owner_headers):
    assert client.post(BRANCHES, json={"name": "Norte"}, headers=owner_headers).status_code == 201
    assert client.post(BRANCHES, json={"name": "Sur"}, headers=owner_headers).status_code == 201
    r = client.post(BRANCHES, json={"name": "Sur"}, headers=owner_headers)
    assert r.status_code == 400  # the rule answers, not a replay
    assert count_rows(nexus, "branches", shop.tenant_id) == 3


def test_a_refusal_is_replayed_too(client, nexus, shop, owner_headers):
    body = {"name": "Juan", "role": "chef", "pin": "5678"}
    first = _post(client, EMPLOYEES, body, owner_headers, "key-4")
    assert first.status_code == 400
    again = _post(client, EMPLOYEES, body, owner_headers, "key-4")
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again.headers["Idempotent-Replayed"] == "true"


def test_an_unexpected_failure_releases_the_key(client, nexus, shop, owner_headers, monkeypatch):
    real = config_services.create_branch

    def broken(cmd, uow, deps):
        raise RuntimeError("disk full")

    monkeypatch.setattr(config_services, "create_branch", broken)
    assert _post(client, BRANCHES, {"name": "Norte"}, owner_headers, "key-5").status_code == 500
    assert count_rows(nexus, "branches", shop.tenant_id) == 1
    monkeypatch.setattr(config_services, "create_branch", real)
    assert _post(client, BRANCHES, {"name": "Norte"}, owner_headers, "key-5").status_code == 201


def test_keys_belong_to_one_tenant(client, nexus, shop, other_shop, owner_headers):
    other = bearer(login(client, other_shop.tenant_id, "9999").json()["token"])
    a = _post(client, BRANCHES, {"name": "Norte"}, owner_headers, "shared-key")
    b = _post(client, BRANCHES, {"name": "Norte"}, other, "shared-key")
    assert a.status_code == b.status_code == 201
    assert "Idempotent-Replayed" not in b.headers
    assert count_rows(nexus, "branches", other_shop.tenant_id) == 2


def test_keys_belong_to_one_principal(client, nexus, shop, owner_headers):
    """Defect 8: a second employee replaying the owner's key gets a request of their own, never the
    owner's stored answer."""
    admin = {"name": "Alma Admin", "role": "admin", "pin": "4455"}
    assert client.post(EMPLOYEES, json=admin, headers=owner_headers).status_code == 201
    admin_headers = bearer(login(client, shop.tenant_id, "4455").json()["token"])
    mine = _post(client, BRANCHES, {"name": "Norte"}, owner_headers, "shared-key")
    theirs = _post(client, BRANCHES, {"name": "Norte 2"}, admin_headers, "shared-key")
    assert (mine.status_code, theirs.status_code) == (201, 201)  # not 422, not the owner's answer
    assert "Idempotent-Replayed" not in theirs.headers and theirs.json()["id"] != mine.json()["id"]
    assert _post(client, BRANCHES, {"name": "Norte 2"}, admin_headers, "shared-key").content == theirs.content


def test_a_key_left_running_by_a_dead_process_is_free_after_the_short_lease(client, nexus, shop, owner_headers):
    """Defect 8: a claim whose process was killed answers 409 only until its lease (30 s) ends."""
    body = {"name": "Norte"}
    digest = request_digest("POST", BRANCHES, "", body)
    dead = ClaimKey(key="key-9", request_digest=digest, principal=f"employee:{shop.employee_id}", owner="gone:1:a")
    nexus.run(shop.tenant_id, claim_key, dead)
    assert _post(client, BRANCHES, body, owner_headers, "key-9").status_code == 409
    nexus.deps.clock.advance(CLAIM_LEASE)
    r = _post(client, BRANCHES, body, owner_headers, "key-9")
    assert r.status_code == 201 and "Idempotent-Replayed" not in r.headers
    assert count_rows(nexus, "branches", shop.tenant_id) == 2


def test_key_order_and_spacing_of_the_body_do_not_matter(client, nexus, shop, owner_headers):
    headers = {**owner_headers, "Idempotency-Key": "key-6", "content-type": "application/json"}
    first = client.post(BRANCHES, content=b'{"name": "Norte", "phone": "1"}', headers=headers)
    again = client.post(BRANCHES, content=b'{"phone":"1","name":"Norte"}', headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize("key", ["", "k" * 201, "tab\tkey"])
def test_invalid_keys_are_400(client, nexus, shop, owner_headers, key):
    r = _post(client, BRANCHES, {"name": "Norte"}, owner_headers, key)
    assert r.status_code == 400
    assert "Idempotency-Key" in r.json()["error"]
    assert count_rows(nexus, "branches", shop.tenant_id) == 1


def test_forbidden_callers_do_not_burn_the_key(client, nexus, shop, owner_headers, cashier_headers):
    assert _post(client, BRANCHES, {"name": "Norte"}, cashier_headers, "key-7").status_code == 403
    assert _post(client, BRANCHES, {"name": "Norte"}, owner_headers, "key-7").status_code == 201


def test_the_stored_fingerprint_does_not_reveal_a_pin(client, nexus, shop, owner_headers):
    """The fingerprint is keyed with the server-side pepper: hashing guesses of the body finds nothing."""
    import hashlib

    from nexus_http.jsonio import canonical

    body = {"name": "Juan", "role": "cashier", "pin": "5678"}
    assert _post(client, EMPLOYEES, body, owner_headers, "key-8").status_code == 201
    stored = nexus.uows.store.tables.idempotency[(shop.tenant_id, f"employee:{shop.employee_id}", "key-8")].fingerprint
    guess = hashlib.sha256(b"\n".join([b"POST", EMPLOYEES.encode(), b"", canonical(body)])).hexdigest()
    assert guess == request_digest("POST", EMPLOYEES, "", body)
    assert stored != guess
    assert stored == nexus.deps.digests.digest(shop.tenant_id, "idempotency:" + guess)
