"""A sale's basket is batched: the statements a sale sends (and a cancellation's) do not grow with
its lines, on SQLite and PostgreSQL. Counted at the driver, not timed (docs/adr/0033-counter-speed.md)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event

from contract.sell_shop import Counter, make_counter
from nexus_adapters.persistence.engine import make_engine
from nexus_adapters.persistence.unit_of_work import SqlUnitOfWorkFactory
from nexus_core.services.runner import Nexus
from nexus_core.services.sales import CancelSale, cancel_sale
from nexus_core.testing import in_memory_nexus


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _statements(engine: Engine, action: Any) -> int:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_a_sale_and_its_cancellation_cost_the_same_statements_for_1_or_6_lines(engine: Engine) -> None:
    counter: Counter = make_counter(Nexus(uows=SqlUnitOfWorkFactory(engine), deps=in_memory_nexus().deps))
    items = [counter.shop.item(f"Pieza {n}", stock=50, cost="10.00") for n in range(6)]
    counter.sell((items[0], "1", "20.00"), method="tarjeta")  # warm-up: folio row, first movements
    sales: list[Any] = []
    one = _statements(engine, lambda: sales.append(counter.sell((items[0], "1", "20.00"), method="tarjeta")))
    basket = [(i, "2", "20.00") for i in items]
    six = _statements(engine, lambda: sales.append(counter.sell(*basket, method="tarjeta")))
    assert six == one, (one, six)  # the lines', tenders', movements' and balances' statements are batches
    cancel_one = _statements(engine, lambda: counter.run(cancel_sale, CancelSale(counter.owner, sales[0].id)))
    cancel_six = _statements(engine, lambda: counter.run(cancel_sale, CancelSale(counter.owner, sales[1].id)))
    assert cancel_six - cancel_one <= 2, (cancel_one, cancel_six)
    counter.shop.check()
