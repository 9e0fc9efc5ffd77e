"""The stock engine's batch of receipts (``stock.receive_many``) over fakes, SQLite and PostgreSQL:
one batch leaves the same stock, average cost, value and movements as the lines received one by one."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from contract.stock_shop import Shop, make_shop
from nexus_core.domain.stock import MovementKind
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services.runner import Nexus
from nexus_core.services.stock import Receipt, lock_items, receive, receive_many, stock_context
from nexus_core.testing import in_memory_nexus

D = Decimal
LINES = [
    ("a", "centro", "3", "10.00"),
    ("b", "centro", "2", "7.35"),
    ("a", "norte", "1", "11.00"),
    ("a", "centro", "2", "9.99"),
]


@pytest.fixture
def shops(uow_factory: UnitOfWorkFactory) -> Shop:
    return make_shop(Nexus(uows=uow_factory, deps=in_memory_nexus().deps))


def _receive(shop: Shop, ids: dict[str, int], *, batch: bool) -> list[Decimal]:
    def handler(cmd: object, uow: object, deps: object) -> list[Decimal]:
        ctx = stock_context(uow, deps, None)  # type: ignore[arg-type]
        items = lock_items(uow, list(ids.values()))  # type: ignore[arg-type]
        lines = [(items[ids[k]], getattr(shop, b), D(q), D(c)) for k, b, q, c in LINES]
        if batch:
            # Two objects of item "a": the running average must follow the lines whatever object each holds.
            receipts = [
                Receipt(attrs.evolve(item) if n == 2 else item, b, q, c) for n, (item, b, q, c) in enumerate(lines)
            ]
            return receive_many(uow, ctx, receipts, reference="B-1")  # type: ignore[arg-type]
        return [receive(uow, ctx, item, b, q, unit_cost=c, reference="B-1") for item, b, q, c in lines]  # type: ignore[arg-type]

    result: list[Decimal] = shop.run(handler, None)
    return result


def _state(shop: Shop, ids: dict[str, int]) -> list[object]:
    out: list[object] = []
    for key in ("a", "b"):
        view = shop.view(ids[key])
        branches = [(b.branch_id == shop.centro, b.on_hand) for b in view.balances]
        moves = sorted((m.branch_id == shop.centro, m.quantity, m.value) for m in view.movements)
        out.append((view.item.cost, view.item.stock_value, sorted(branches), moves))
    return out


def test_a_batch_of_receipts_equals_the_lines_received_one_by_one(shops: Shop) -> None:
    one = {"a": shops.item("A", stock=4, cost="8.00"), "b": shops.item("B", cost="5.00")}
    other = {"a": shops.item("A2", stock=4, cost="8.00"), "b": shops.item("B2", cost="5.00")}
    singly = _receive(shops, one, batch=False)
    batched = _receive(shops, other, batch=True)
    assert batched == singly == [D("30.00"), D("14.70"), D("11.00"), D("19.98")]
    assert _state(shops, other) == _state(shops, one)
    a = shops.view(other["a"])
    # 4 x 8.00 + 30.00 + 11.00 + 19.98 = 92.98 for 10 units
    assert (a.item.stock_value, a.item.cost) == (D("92.98"), D("9.30"))
    assert [m.kind for m in a.movements].count(MovementKind.PURCHASE) == 4
    shops.check()
