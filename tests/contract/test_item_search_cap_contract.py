"""A search counts its hits up to a cap (``ItemSearch.total_cap``, 250 by default): past it ``total``
is the cap and the page says ``capped``; the rows and their order never change, pages past the cap
are still served, a list without a search counts exactly. Same rule on the fakes, SQLite and
PostgreSQL (the cap is lowered here instead of writing 1,001 items). And a word search driven by the
FTS order (SQLite) pages exactly like the plain list, with another tenant's items in between."""

from __future__ import annotations

from typing import Any

import pytest

from contract.test_inventory_queries_contract import Shop
from nexus_core.ports.inventory_queries import SEARCH_TOTAL_CAP, ItemSearch, Page, Paged
from nexus_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from nexus_core.services import inventory_lists as L
from nexus_core.services import items as I
from nexus_core.services.authz import Actor
from nexus_core.services.runner import Deps, read_only
from nexus_core.testing.builders import create_shop

NAMES = [
    "Pastillas de freno delanteras",
    "Disco de freno trasero",
    "Filtro de aceite",
    "Balata de freno delantera",
    "Freno de mano",
    "Bomba de agua",
]


@pytest.fixture
def shop(uow_factory: UnitOfWorkFactory) -> Shop:
    return Shop(uow_factory)


def _searched(shop: Shop, search: ItemSearch) -> tuple[Paged[Any], Paged[Any]]:
    @read_only
    def both(_: None, uow: UnitOfWork, deps: Deps) -> Any:
        return uow.inventory_queries.item_lines(search), uow.inventory_queries.search_items(search)

    lines, full = shop.run(both, None)
    assert (lines.total, lines.capped) == (full.total, full.capped)
    assert [r.id for r in lines.rows] == [r.item.id for r in full.rows]
    return lines, full


def _freno(shop: Shop) -> list[int]:
    made = [shop.item(name) for name in NAMES]
    return [made[i] for i in (0, 1, 3, 4)]  # the four with "freno", in id order


CAPPED = [
    # (cap, page, rows of the four hits, total, capped)
    (2, Page(1, 50), slice(0, 4), 2, True),  # a short page: every hit, the total capped
    (2, Page(1, 2), slice(0, 2), 2, True),  # a full page: counted, up to the cap
    (2, Page(2, 2), slice(2, 4), 2, True),  # past the cap: still served
    (2, Page(4, 2), slice(4, 4), 2, True),  # past the end
    (3, Page(1, 3), slice(0, 3), 3, True),
    (4, Page(1, 3), slice(0, 3), 4, False),  # exactly the cap: not capped
    (SEARCH_TOTAL_CAP, Page(1, 2), slice(0, 2), 4, False),
]


@pytest.mark.parametrize(("cap", "page", "rows", "total", "capped"), CAPPED, ids=[str(i) for i in range(len(CAPPED))])
def test_a_search_counts_up_to_its_cap(shop: Shop, cap: int, page: Page, rows: slice, total: int, capped: bool) -> None:
    hits = _freno(shop)
    for search in (
        ItemSearch(words=("freno",), part_key="FRENO", page=page, total_cap=cap),
        ItemSearch(words=("fren",), page=page, total_cap=cap),
    ):
        lines, _ = _searched(shop, search)
        assert [r.id for r in lines.rows] == hits[rows]
        assert (lines.total, lines.capped) == (total, capped)


def test_the_cap_applies_to_searches_only(shop: Shop) -> None:
    _freno(shop)
    lines, _ = _searched(shop, ItemSearch(page=Page(1, 2), total_cap=1))
    assert (lines.total, lines.capped) == (len(NAMES), False)


def test_the_list_answer_says_when_the_total_is_capped(shop: Shop) -> None:
    _freno(shop)
    found, _ = shop.run(L.list_items, L.ListItems(shop.op, "freno"))
    assert (found.total, found.capped) == (4, False)


def test_word_pages_skip_another_tenants_items(uow_factory: UnitOfWorkFactory) -> None:
    ours = Shop(uow_factory)
    other = create_shop(ours.nexus, name="Refaccionaria Otra")
    op = Actor.operator(other.tenant_id)
    mine: list[int] = []
    for k in range(7):  # interleaved ids: every other "freno" is the other tenant's
        mine.append(ours.item(f"Freno {k} delantero", part_number=f"FR-{k}"))
        fields = {"name": f"Freno {k} delantero", "part_number": f"FR-{k}", "branch_id": other.branch_id}
        ours.nexus.run(other.tenant_id, I.create_item, I.CreateItem(op, fields, cost="100.00"))
    for number in (1, 2, 3, 4):
        page = Page(number, 2)
        lines, _ = _searched(ours, ItemSearch(words=("freno", "del"), part_key="FR1", page=page, total_cap=5))
        assert [r.id for r in lines.rows] == mine[page.offset : page.offset + 2]
        assert (lines.total, lines.capped) == (5, True)
    lines, _ = _searched(ours, ItemSearch(words=("freno",), part_key="FR1", page=Page(1, 50)))
    assert [r.id for r in lines.rows] == mine and (lines.total, lines.capped) == (7, False)
