"""Registers selling at once on SQLite (one queued writer) and PostgreSQL (row locks): the last unit
goes to exactly one of two registers, and concurrent sales get gapless folios."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal

import pytest

from contract.sell_shop import Counter, make_counter
from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.domain.stock import InsufficientStock
from nexus_core.services.authz import Actor
from nexus_core.services.config import CreateEmployee, create_employee
from nexus_core.services.registers import CutX, cut_x
from nexus_core.services.runner import Nexus
from nexus_core.testing import in_memory_nexus
from nexus_core.testing.builders import login

D = Decimal


@pytest.fixture
def counter(database_url: str) -> Iterator[Counter]:
    engine = make_engine(database_url)
    try:
        yield make_counter(Nexus(uows=SqlUnitOfWorkFactory(engine), deps=in_memory_nexus().deps))
    finally:
        engine.dispose()


def cashiers(counter: Counter, n: int) -> list[Actor]:
    actors = [counter.cashier]
    for i in range(1, n):
        pin = f"{2000 + i}"
        counter.run(create_employee, CreateEmployee(counter.owner, f"Cajero {i}", "cashier", pin))
        actors.append(login(counter.shop.nexus, counter.shop.tenant_id, pin, device=f"caja-{i + 2}")[1])
    return actors


def race(actors: list[Actor], sell: object) -> tuple[list[str], list[Exception]]:
    start = threading.Barrier(len(actors))
    won: list[str] = []
    refused: list[Exception] = []

    def worker(actor: Actor) -> None:
        start.wait()
        try:
            won.extend(sell(actor))  # type: ignore[operator]
        except Exception as error:
            refused.append(error)

    pool = [threading.Thread(target=worker, args=(a,)) for a in actors]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=60)
    return won, refused


def test_two_registers_selling_the_last_unit_exactly_one_succeeds(counter: Counter) -> None:
    item = counter.shop.item("Ultima bomba", stock=1, cost="400.00")
    actors = cashiers(counter, 2)
    registers = [counter.open(a, "100.00") for a in actors]

    def sell(actor: Actor) -> list[str]:
        return [counter.sell((item, "1", "800.00"), actor=actor, amount_paid="1000.00").folio]

    won, refused = race(actors, sell)
    assert won == ["V-0001"]
    assert len(refused) == 1 and isinstance(refused[0], InsufficientStock)
    assert counter.shop.stock(item) == D(0)
    expected = sorted(counter.run(cut_x, CutX(counter.owner, register_id=r)).expected_cash for r in registers)
    assert expected == [D("100.00"), D("1028.00")]  # 100 + 1000 received - 72 change; the loser untouched
    counter.shop.check()


def test_concurrent_sales_get_gapless_folios(counter: Counter) -> None:
    item = counter.shop.item("Filtro", stock=100, cost="20.00")
    actors = cashiers(counter, 4)
    for actor in actors:
        counter.open(actor, "0.00")

    def sell(actor: Actor) -> list[str]:
        return [counter.sell((item, "1", "50.00"), actor=actor).folio for _ in range(3)]

    won, refused = race(actors, sell)
    assert refused == []
    assert sorted(won) == [f"V-{n:04d}" for n in range(1, 13)]
    assert counter.shop.stock(item) == D(88)
