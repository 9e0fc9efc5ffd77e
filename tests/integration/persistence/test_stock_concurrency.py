"""Many threads (SQLite: one queued writer) and many connections (PostgreSQL: row locks in item-id
order, conditional updates) sell, reserve, consume, release and transfer the same three items at
once. Nothing is oversold; per branch, on_hand is the sum of the movements and reserved the sum of
the open reservations; every success took exactly what it said; the books follow."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from contract.stock_shop import Shop, make_shop
from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.domain.ledger import EntryDraft, EntryType
from nexus_core.domain.posting_basics import cost_lines
from nexus_core.domain.stock import InsufficientStock
from nexus_core.errors import Conflict, RuleViolation
from nexus_core.services.posting import PostEntry, post_entry
from nexus_core.services.reservations import consume, release, reserve
from nexus_core.services.runner import Nexus
from nexus_core.services.stock import issue_lines, stock_context
from nexus_core.services.transfers import TransferLine, TransferStock, transfer_stock
from nexus_core.testing import in_memory_nexus

D = Decimal
THREADS = 8
OPS = 14
START = 12  # units of each item in each branch


@pytest.fixture
def shop(database_url: str) -> Iterator[Shop]:
    engine = make_engine(database_url)
    try:
        yield make_shop(Nexus(uows=SqlUnitOfWorkFactory(engine), deps=in_memory_nexus().deps))
    finally:
        engine.dispose()


def engine_call(shop: Shop, fn: Any, **kw: Any) -> Any:
    """An engine call as a sale or a delivery makes it: the cost it returns is posted with it."""

    def handler(cmd: object, uow: Any, deps: Any) -> Any:
        ctx = stock_context(uow, deps, None)
        result = fn(uow, ctx, **kw)
        cost = sum((getattr(x, "cost", D(0)) for x in result), D(0)) if isinstance(result, list) else result
        if isinstance(cost, Decimal) and cost > 0:
            draft = EntryDraft.create(
                type=EntryType.SALE, date=ctx.business_date, reference="V", description="costo", lines=cost_lines(cost)
            )
            post_entry(PostEntry(draft, "test"), uow, deps)
        return result

    return shop.run(handler, None)


def test_concurrent_sales_reservations_and_transfers_never_oversell(shop: Shop) -> None:
    items = [shop.item(name, stock=START, cost="10.00") for name in ("A", "B", "C")]
    for item_id in items:
        shop.buy(item_id, START, "13.00", branch=shop.norte)
    branches = [shop.centro, shop.norte]
    lock = threading.Lock()
    taken = {"sold": D(0), "consumed": D(0)}
    refusals = {"short": 0, "conflict": 0}
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def take(what: str, qty: Decimal) -> None:
        with lock:
            taken[what] += qty

    def worker(n: int) -> None:
        rnd = random.Random(n)
        mine: list[int] = []
        try:
            start.wait()
            for op in range(OPS):
                branch = rnd.choice(branches)
                lines = [(rnd.choice(items), D(rnd.randint(1, 3))) for _ in range(rnd.randint(1, 2))]
                choice = rnd.random()
                try:
                    if choice < 0.35:
                        engine_call(shop, issue_lines, branch_id=branch, lines=lines, reference="V")
                        take("sold", sum((q for _, q in lines), D(0)))
                    elif choice < 0.6:
                        holder = n * 1000 + op
                        engine_call(
                            shop, reserve, holder_kind="delivery_order", holder_id=holder, branch_id=branch, lines=lines
                        )
                        mine.append(holder)
                    elif choice < 0.8 and mine:
                        holder = mine.pop(rnd.randrange(len(mine)))
                        if rnd.random() < 0.5:
                            engine_call(shop, release, holder_kind="delivery_order", holder_id=holder)
                        else:
                            with shop.nexus.uows.tenant(shop.tenant_id, write=False) as uow:
                                qty = sum(
                                    (r.quantity for r in uow.reservations.for_holder("delivery_order", holder)), D(0)
                                )
                            engine_call(shop, consume, holder_kind="delivery_order", holder_id=holder)
                            take("consumed", qty)
                    else:
                        other = shop.norte if branch == shop.centro else shop.centro
                        cmd = TransferStock(shop.op, branch, other, [TransferLine(i, q) for i, q in lines])
                        shop.run(transfer_stock, cmd)
                except (InsufficientStock, RuleViolation):
                    with lock:
                        refusals["short"] += 1
                except Conflict:
                    with lock:
                        refusals["conflict"] += 1
        except BaseException as error:
            failures.append(error)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=60)
    assert failures == []
    assert refusals["conflict"] == 0  # locks in item-id order: no deadlock to retry
    assert refusals["short"] > 0  # the stock ran short: the race was real
    shop.check()  # per branch: movements, open reservations, on_hand >= reserved >= 0
    with shop.nexus.uows.tenant(shop.tenant_id, write=False) as uow:
        on_hand = sum((b.on_hand for b in uow.stock.all()), D(0))
        assert all(b.on_hand >= b.reserved >= 0 for b in uow.stock.all())
    assert on_hand == 2 * START * len(items) - taken["sold"] - taken["consumed"]
    assert shop.books_115() == shop.value()


@pytest.mark.parametrize("how", ["sell", "reserve"])
def test_twenty_buyers_for_ten_units_exactly_ten_succeed(shop: Shop, how: str) -> None:
    item_id = shop.item("Ultimas", stock=10, cost="10.00")
    start = threading.Barrier(20)
    won: list[int] = []
    failures: list[BaseException] = []

    def buyer(n: int) -> None:
        try:
            start.wait()
            if how == "sell":
                engine_call(shop, issue_lines, branch_id=shop.centro, lines=[(item_id, D(1))], reference=f"V-{n}")
            else:
                kw = {"holder_kind": "layaway", "holder_id": n, "branch_id": shop.centro, "lines": [(item_id, D(1))]}
                engine_call(shop, reserve, **kw)
            won.append(n)
        except InsufficientStock:
            pass
        except BaseException as error:
            failures.append(error)

    pool = [threading.Thread(target=buyer, args=(n,)) for n in range(20)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=60)
    assert failures == [] and len(won) == 10
    view = shop.view(item_id)
    assert view.stock == 0 and view.on_hand == (0 if how == "sell" else 10)
    shop.check()
