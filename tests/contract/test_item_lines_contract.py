"""The item list's rows (``item_lines``, read on the driver's cursor in SQL) are the full search's rows
(``search_items``) as the page shows them: same items, same order, same figures, same total, for every
shape of search, on the fakes, SQLite and PostgreSQL. And a sale shows in the very next search."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from contract.test_inventory_queries_contract import Shop
from nexus_core.ports.inventory_queries import ItemSearch, Page
from nexus_core.ports.item_lines import line_of
from nexus_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from nexus_core.services import inventory_lists as L
from nexus_core.services import items as I
from nexus_core.services.runner import Deps, read_only


@pytest.fixture
def shop(uow_factory: UnitOfWorkFactory) -> Shop:
    return Shop(uow_factory)


def _stock(shop: Shop) -> dict[str, int]:
    category = shop.run(I.create_category, I.CreateCategory(shop.op, "Frenos"))
    return {
        "pads": shop.item(
            "Pastillas de freno delanteras",
            part_number="04465-02220",
            stock=7,
            cost="312.40",
            price_1="499.90",
            price_2="450.00",
            price_3="420.10",
            tax_rate="0.08",
            min_stock="10.5",
            max_stock="40",
            description="Juego de 4",
            brand="Bosch",
            location="A-3",
            image_url="https://example.com/p.png",
            catalog_part_id=77,
            category_id=category,
        ),
        "disc": shop.item("Disco de freno trasero", stock=2, min_stock=5, category_id=category),
        "oil": shop.item("Filtro de aceite Daño", barcode="7501234567893", is_active=False),
        "idle": shop.item("Balata de freno", unit="JGO"),
        "category": category,
    }


SEARCHES: list[dict[str, Any]] = [
    {},
    {"words": ("freno",)},
    {"words": ("fren", "delan")},
    {"words": ("dano",)},
    {"part_key": "0446502220", "words": ("0446502220",)},
    {"barcode": "7501234567893"},
    {"words": ("freno",), "page": Page(1, 2)},
    {"words": ("freno",), "page": Page(2, 2)},
    {"words": ("freno",), "page": Page(3, 2)},
    {"low_stock": True},
    {"low_stock": True, "page": Page(1, 1)},
    {"branch_id": "norte"},
    {"branch_id": "norte", "low_stock": True},
    {"category_id": "category"},
    {"category_id": "category", "words": ("freno",), "branch_id": "centro"},
    {"words": ("nada",)},
]


@pytest.mark.parametrize("asked", SEARCHES, ids=[str(i) for i in range(len(SEARCHES))])
def test_lines_are_the_full_search_as_the_page_shows_it(shop: Shop, asked: dict[str, Any]) -> None:
    made = _stock(shop)
    named = {"norte": shop.norte, "centro": shop.centro, "category": made["category"]}
    search = ItemSearch(**{k: named.get(v, v) if isinstance(v, str) else v for k, v in asked.items()})

    @read_only
    def both(_: None, uow: UnitOfWork, deps: Deps) -> Any:
        return uow.inventory_queries.item_lines(search), uow.inventory_queries.search_items(search)

    lines, full = shop.run(both, None)
    assert lines.rows == [line_of(row) for row in full.rows]
    assert lines.total == full.total


def test_a_line_carries_every_figure_of_the_item(shop: Shop) -> None:
    made = _stock(shop)
    found, _ = shop.run(L.list_items, L.ListItems(shop.op, "04465 02220"))
    (line,) = found.rows
    assert line.id == made["pads"] and line.branch_name == "Matriz"
    assert (line.cost, line.price_1, line.price_2, line.price_3) == (
        Decimal("312.40"),
        Decimal("499.90"),
        Decimal("450.00"),
        Decimal("420.10"),
    )
    assert (line.tax_rate, line.min_stock, line.max_stock) == (Decimal("0.08"), Decimal("10.5"), Decimal(40))
    assert (line.on_hand, line.reserved, line.stock) == (Decimal(7), Decimal(0), Decimal(7))
    assert (line.description, line.brand, line.location, line.catalog_part_id) == ("Juego de 4", "Bosch", "A-3", 77)
    assert line.category_id == made["category"] and line.is_active is True
    (oil,) = shop.run(L.list_items, L.ListItems(shop.op, "7501234567893"))[0].rows
    assert oil.is_active is False and oil.max_stock is None and oil.stock == 0


def test_a_sale_shows_in_the_next_search(shop: Shop) -> None:
    made = _stock(shop)
    before = shop.run(L.list_items, L.ListItems(shop.op, "delanteras"))[0].rows[0]
    shop.sell(made["pads"], 3)
    after = shop.run(L.list_items, L.ListItems(shop.op, "delanteras"))[0].rows[0]
    assert (before.stock, after.stock) == (7, 4)
