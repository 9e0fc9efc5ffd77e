"""A repeat while the first request with its Idempotency-Key is still running answers 409 (docs/api.md), even
though the claim commits with the effect: within a process (any database) and across processes (PostgreSQL)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from nexus_adapters.bootstrap import build_services
from nexus_core.errors import Conflict
from nexus_core.services import config
from nexus_core.services.runner import Nexus
from nexus_core.testing import in_memory_nexus
from nexus_core.testing.builders import create_shop, login
from nexus_http.envelope import Surface
from nexus_http.idempotency import request_digest, run_idempotent
from nexus_http.reply import Reply

BODY = {"name": "Sucursal Norte"}


def _post_branch(nexus: Nexus, tenant_id: int, actor: Any, *, wait: threading.Event | None = None) -> Reply:
    def create(cmd: config.CreateBranch, uow: Any, deps: Any) -> int:
        if wait is not None:
            started.set()
            assert wait.wait(20), "the test never let the first request finish"
        return config.create_branch(cmd, uow, deps)

    return run_idempotent(
        nexus,
        tenant_id=tenant_id,
        key="norte-1",
        digest=request_digest("POST", "/pos/api/config/branches", "", BODY),
        principal=f"employee:{actor.principal_id}",
        surface=Surface.POS,
        handler=create,
        cmd=config.CreateBranch(actor=actor, name=BODY["name"]),
        render=lambda new_id: Reply({"id": new_id}, 201),
    )


started = threading.Event()


def _race(first: Nexus, second: Nexus, tenant_id: int, actor: Any) -> None:
    started.clear()
    go = threading.Event()
    answers: list[Reply] = []
    runner = threading.Thread(target=lambda: answers.append(_post_branch(first, tenant_id, actor, wait=go)))
    runner.start()
    try:
        assert started.wait(20)
        with pytest.raises(Conflict, match="still running"):
            _post_branch(second, tenant_id, actor)
    finally:
        go.set()
        runner.join(20)
    assert [a.status for a in answers] == [201]
    replay = _post_branch(second, tenant_id, actor)
    assert (replay.status, replay.headers.get("Idempotent-Replayed")) == (201, "true")
    branches = second.run(tenant_id, config.list_branches, config.ListBranches(actor))
    assert [b.name for b in branches].count(BODY["name"]) == 1


def test_in_one_process_the_repeat_is_refused_while_the_first_runs() -> None:
    nexus = in_memory_nexus()
    shop = create_shop(nexus)
    _, owner = login(nexus, shop.tenant_id, "1234")
    _race(nexus, nexus, shop.tenant_id, owner)


@pytest.mark.postgres
def test_across_processes_postgresql_refuses_the_repeat_while_the_first_runs(
    _postgres_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database_url = _postgres_database  # several processes share a database only on PostgreSQL
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEXUS_PIN_PEPPER", "p" * 32)
    one, two = build_services(database_url), build_services(database_url)  # two workers, one database
    shop = create_shop(one)
    _, owner = login(one, shop.tenant_id, "1234")
    _race(one, two, shop.tenant_id, owner)
