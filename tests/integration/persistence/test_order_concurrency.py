"""Many workers create delivery orders (one at a time and in batches) for the same scarce products at
once, on SQLite (one queued writer) and PostgreSQL (row locks in item-id order): never more is
reserved than there was; every created order holds exactly its lines; on_hand, reserved and the
movements agree; the POS stock equals the parcels stock_total."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal

import pytest

from contract.parcels_shop import Parcels, make_parcels
from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.errors import Conflict, NexusError
from nexus_core.services.runner import Nexus
from nexus_core.testing import in_memory_nexus

THREADS = 6
ROUNDS = 5
STOCK = 20


@pytest.fixture
def p(database_url: str) -> Iterator[Parcels]:
    engine = make_engine(database_url)
    try:
        yield make_parcels(Nexus(uows=SqlUnitOfWorkFactory(engine), deps=in_memory_nexus().deps))
    finally:
        engine.dispose()


def test_concurrent_orders_never_reserve_more_than_there_is(p: Parcels) -> None:
    a, b = p.product("A", stock=STOCK), p.product("B", stock=STOCK)
    start = threading.Barrier(THREADS)
    lock = threading.Lock()
    created: list[tuple[int, int]] = []  # (order id, units of a + units of b)
    failures: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            start.wait()
            for r in range(ROUNDS):
                number = (n + 1) * 1000 + r * 10
                if r % 2:  # a batch of three orders
                    orders = [p.order(number + k, (a, 1), (b, 2)) for k in range(3)]
                    results = p.batch(*orders)
                    with lock:
                        created.extend((res.order_id, 3) for res in results if res.order_id is not None)
                    continue
                try:
                    order_id = p.create(number, (b, 1), (a, 2))
                except Conflict:
                    continue
                except NexusError as exc:
                    assert "Insufficient stock" in exc.message
                    continue
                with lock:
                    created.append((order_id, 3))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    reserved_a, reserved_b = p.shop.view(a).reserved, p.shop.view(b).reserved
    assert reserved_a <= STOCK and reserved_b <= STOCK
    assert reserved_a + reserved_b == sum(units for _, units in created)
    assert len({order_id for order_id, _ in created}) == len(created)
    assert created, "some orders must have been created"
    assert min(p.available(a), p.available(b)) < 2  # the scarce product ran out
    for item in (a, b):
        assert p.shop.stock(item) == p.available(item) == STOCK - p.shop.view(item).reserved
    p.check()


def test_deliveries_and_cancellations_keep_stock_consistent(p: Parcels) -> None:
    a = p.product("A", stock=STOCK)
    for n in range(1, 11):
        p.create(n, (a, 2))
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            start.wait()
            for n in range(1 + k % 2, 11, 2):
                try:
                    p.move(n, "In transit")
                    p.move(n, "Delivered" if n % 3 else "Cancelled")
                except NexusError:
                    pass  # another worker moved it first
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    states = [p.find(n).state.value for n in range(1, 11)]
    delivered = states.count("Delivered")
    assert states.count("Cancelled") + delivered == 10
    view = p.shop.view(a)
    assert (view.on_hand, view.reserved) == (Decimal(STOCK - 2 * delivered), 0)
    p.check()
