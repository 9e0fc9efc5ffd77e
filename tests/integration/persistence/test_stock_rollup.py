"""The reports' maintained totals (ADR 34) always equal a recomputation from the balances and the
items, on SQLite and PostgreSQL, whatever the engine and the item edits do; and a rebuild repairs
them after a write that bypassed the engine."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, event, text

from contract.stock_shop import Shop, make_shop
from nexus_adapters.persistence.engine import make_engine, sqlite_writer
from nexus_adapters.persistence.stock_rollup import rebuild, rollup_drift
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.domain.stock import InsufficientStock
from nexus_core.errors import Conflict, InvalidInput, NotFound, RuleViolation
from nexus_core.services import inventory_reports as R
from nexus_core.services import items as I
from nexus_core.services.adjustments import AdjustStock, adjust_stock
from nexus_core.services.config import CreateBranch, create_branch
from nexus_core.services.reservations import release, reserve
from nexus_core.services.runner import Nexus
from nexus_core.services.stock import issue_lines, stock_context
from nexus_core.services.transfers import TransferLine, TransferStock, transfer_stock
from nexus_core.testing import in_memory_nexus

D = Decimal


@pytest.fixture
def setup(database_url: str) -> Iterator[tuple[Shop, Engine]]:
    engine = make_engine(database_url)
    try:
        yield make_shop(Nexus(uows=SqlUnitOfWorkFactory(engine), deps=in_memory_nexus().deps)), engine
    finally:
        engine.dispose()


def _drift(engine: Engine, tenant_id: int) -> list[str]:
    with engine.connect() as conn:
        return rollup_drift(conn, tenant_id)


def _engine(shop: Shop, fn: Any, **kw: Any) -> Any:
    def handler(cmd: object, uow: Any, deps: Any) -> Any:
        return fn(uow, stock_context(uow, deps, None), **kw)

    return shop.run(handler, None)


OPS = ["buy", "sell", "adjust", "transfer", "levels", "price", "active", "home", "reserve", "release"]
ops = st.lists(
    st.tuples(
        st.sampled_from(
            ["buy", "sell", "adjust", "transfer", "levels", "price", "active", "home", "reserve", "release"]
        ),
        st.integers(0, 2),  # item
        st.integers(0, 1),  # branch
        st.integers(1, 9),  # quantity / level
    ),
    max_size=12,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=ops)
def test_maintained_totals_always_equal_a_recomputation(setup: tuple[Shop, Engine], steps: list[Any]) -> None:
    shop, engine = setup
    with engine.connect() as conn:
        count = conn.execute(text("SELECT COUNT(*) FROM items WHERE tenant_id = :t"), {"t": shop.tenant_id})
        fresh = count.scalar_one() == 0
    if fresh:  # the first example creates the items; later ones keep moving them
        for name in ("A", "B", "C"):
            shop.item(name, stock=3, cost="10.00", min_stock=2, max_stock=8)
    items, branches = [1, 2, 3], [shop.centro, shop.norte]
    for k, (op, i, b, q) in enumerate(steps):
        item, branch, other = items[i], branches[b], branches[1 - b]
        try:
            if op == "buy":
                shop.buy(item, q, f"{q * 3}.25", branch=branch)
            elif op == "sell":
                _engine(shop, issue_lines, branch_id=branch, lines=[(item, D(q))], reference=f"V-{k}")
            elif op == "adjust":
                shop.run(adjust_stock, AdjustStock(shop.op, item, -q if q % 2 else q, "conteo", branch_id=branch))
            elif op == "transfer":
                shop.run(transfer_stock, TransferStock(shop.op, branch, other, [TransferLine(item, q)]))
            elif op == "levels":
                shop.run(I.update_item, I.UpdateItem(shop.op, item, {"min_stock": q % 4, "max_stock": q}))
            elif op == "price":
                shop.run(I.update_item, I.UpdateItem(shop.op, item, {"price_1": f"{q * 7}.50"}))
            elif op == "active":
                shop.run(I.update_item, I.UpdateItem(shop.op, item, {"is_active": q % 2 == 0}))
            elif op == "home":
                shop.run(I.update_item, I.UpdateItem(shop.op, item, {"branch_id": branch}))
            elif op == "reserve":
                lines = [(item, D(q))]
                _engine(shop, reserve, holder_kind="layaway", holder_id=k + 1, branch_id=branch, lines=lines)
            else:
                _engine(shop, release, holder_kind="layaway", holder_id=q)
        except (InvalidInput, NotFound, InsufficientStock, RuleViolation, Conflict):
            pass  # a refusal changes nothing: the invariant must hold all the same
    assert _drift(engine, shop.tenant_id) == []


def test_a_new_branch_gets_every_item_and_a_rebuild_repairs_a_bulk_write(setup: tuple[Shop, Engine]) -> None:
    shop, engine = setup
    item = shop.item("Balata", stock=5, cost="10.00", min_stock=2)
    sur = shop.run(create_branch, CreateBranch(actor=shop.op, name="Sucursal Sur"))
    assert _drift(engine, shop.tenant_id) == []
    low, _ = shop.run(R.low_stock_report, R.ReportQuery(shop.op, branch_id=sur))
    assert [r.item_id for r in low.rows] == [item] and low.total == 1  # nothing of it in the new branch
    with engine.begin() as conn:  # a bulk load that bypasses the engine (the benchmark's generator)
        conn.execute(
            text("UPDATE stock_balances SET on_hand = 9000 WHERE tenant_id = :t AND branch_id = :b"),
            {"t": shop.tenant_id, "b": sur},
        )
    assert _drift(engine, shop.tenant_id) != []
    with engine.begin() as conn:
        rebuild(conn, shop.tenant_id)
    assert _drift(engine, shop.tenant_id) == []
    compare = shop.run(R.branch_comparison, R.CompareBranches(shop.op))
    assert [(r.branch_id, r.on_hand, r.cost_value) for r in compare] == [
        (shop.centro, D(5), D("50.00")),
        (shop.norte, D(0), D("0.00")),
        (sur, D(9), D("90.00")),
    ]


def _rollup_statements(engine: Engine, action: Any) -> list[str]:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "stock_branch_totals" in statement or " ".join(statement.split()).startswith("WITH s AS"):
            seen.append(statement.split()[0])

    # SQLite writes go through the engine's one writer connection (ADR 12): count both.
    engines = {engine, sqlite_writer(engine).engine} if engine.dialect.name == "sqlite" else {engine}
    for counted in engines:
        event.listen(counted, "before_cursor_execute", count)
    try:
        action()
    finally:
        for counted in engines:
            event.remove(counted, "before_cursor_execute", count)
    return seen


def test_a_transaction_pays_one_refresh_statement_however_many_balances_it_changes(
    setup: tuple[Shop, Engine],
) -> None:
    shop, engine = setup
    items = [shop.item(f"Pieza {n}", stock=9, cost="10.00", min_stock=2) for n in range(4)]
    lines = [TransferLine(i, n + 1) for n, i in enumerate(items)]  # 8 balance changes, 4 items, 2 branches
    move = TransferStock(shop.op, shop.centro, shop.norte, lines)
    assert _rollup_statements(engine, lambda: shop.run(transfer_stock, move)) == ["WITH"]
    too_much = TransferStock(shop.op, shop.centro, shop.norte, [TransferLine(items[0], 99)])
    with pytest.raises(InsufficientStock):
        shop.run(transfer_stock, too_much)  # refused: rolled back, nothing left pending for the next commit
    assert _rollup_statements(engine, lambda: shop.run(transfer_stock, move)) == ["WITH"]
    assert _drift(engine, shop.tenant_id) == []
    compare = {r.branch_id: r.on_hand for r in shop.run(R.branch_comparison, R.CompareBranches(shop.op))}
    assert compare == {shop.centro: D(36 - 20), shop.norte: D(20)}
