"""The catalog's read side gives the same answers on the fakes, SQLite and PostgreSQL (the SQL
databases loaded by the real importer): finding parts by vehicle, by number typed any way and by name
words, the interchange chains, and the tenant's stock of each part."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from contract.catalog_shop import CatalogShop, catalog_shop
from nexus_core.domain.catalog import MatchedVia
from nexus_core.errors import InvalidInput, NotFound
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services import catalog as C
from nexus_core.services import catalog_search as S
from nexus_core.services import items as I


@pytest.fixture
def cat(uow_factory: UnitOfWorkFactory, tmp_path: Path) -> CatalogShop:
    return catalog_shop(uow_factory, tmp_path)


def _search(cat: CatalogShop, q: str, **kw: object) -> list[tuple[int, str, int]]:
    hits = cat.run(S.search_catalog, S.SearchCatalog(cat.actor(), q, **kw))  # type: ignore[arg-type]
    return [(h.part.id, h.matched_via.value, len(h.chain)) for h in hits]


def test_from_brand_to_group(cat: CatalogShop) -> None:
    op = cat.actor()
    brands = cat.run(C.list_brands, C.ListBrands(op))
    assert [(b.name, b.count) for b in brands] == [("NISSAN", 2), ("TOYOTA", 8)]  # Ford has no parts
    assert [m.name for m in cat.run(C.list_models, C.ListModels(op, 1))] == ["Corolla", "Yaris"]
    assert [(y.id, y.year) for y in cat.run(C.list_years, C.ListYears(op, 10))] == [(2, 2019), (1, 2018)]
    engines = cat.run(C.list_engines, C.ListEngines(op, 10, 2))
    assert [(e.mye_id, e.code, e.name) for e in engines] == [
        (1002, "1NZ-FE", "1.5L 1NZ-FE"),
        (1001, "2ZR-FE", "1.8L 2ZR-FE"),
    ]
    cats = cat.run(C.list_categories, C.ListCategories(op, 1000))
    assert [(c.id, c.name, c.count) for c in cats] == [(2, "Filtros", 2), (1, "Frenos", 4)]
    groups = cat.run(C.list_groups, C.ListGroups(op, 1000, 1))
    assert [(g.id, g.name, g.count) for g in groups] == [(10, "Balatas delanteras", 3), (11, "Discos de freno", 1)]
    assert cat.run(C.list_groups, C.ListGroups(op, 1000, 3)) == []


@pytest.mark.parametrize(
    ("handler", "cmd", "field"),
    [
        (C.list_models, lambda op: C.ListModels(op, 99), "brand_id"),
        (C.list_years, lambda op: C.ListYears(op, 99), "model_id"),
        (C.list_engines, lambda op: C.ListEngines(op, 10, 99), "year_id"),
        (C.list_categories, lambda op: C.ListCategories(op, 99), "mye_id"),
        (C.list_groups, lambda op: C.ListGroups(op, 1000, 99), "category_id"),
        (C.list_parts, lambda op: C.ListParts(op, 1000, 99), "group_id"),
        (S.part_detail, lambda op: S.GetPart(op, 99), "part_id"),
    ],
)
def test_unknown_ids_are_not_found(cat: CatalogShop, handler: object, cmd: object, field: str) -> None:
    with pytest.raises(NotFound) as error:
        cat.run(handler, cmd(cat.actor()))  # type: ignore[operator]
    assert error.value.field == field


def test_parts_of_a_vehicle_carry_local_stock_price_and_alternatives(cat: CatalogShop) -> None:
    shop = cat.shop
    # Carried by its number typed another way (no catalog_part_id): 5 here, 2 of them reserved.
    pads = shop.item("Balata Corolla", part_number="04465 02220", stock=5, price_1="350.00")
    cat.hold(pads, "2", shop.centro)
    # Linked by catalog_part_id, stocked only in the other branch.
    brembo = shop.item("Balata Brembo", part_number="BRE-83024", catalog_part_id=502, price_1="420.50")
    shop.buy(brembo, 4, "200.00", branch=shop.norte)
    page = cat.run(C.list_parts, C.ListParts(cat.actor(shop.centro), 1000, 10))
    rows = [(ln.part.id, ln.stocked.stock, ln.stocked.price, ln.alternatives) for ln in page.lines]
    assert rows == [
        (500, Decimal("3"), Decimal("350.00"), 4),
        (501, Decimal("0"), None, 4),
        (502, Decimal("0"), Decimal("420.50"), 4),
    ]
    assert page.total == 3
    norte = cat.run(C.list_parts, C.ListParts(cat.actor(), 1000, 10, branch_id=shop.norte))
    assert [ln.stocked.stock for ln in norte.lines] == [Decimal("0"), Decimal("0"), Decimal("4")]
    second = cat.run(C.list_parts, C.ListParts(cat.actor(), 1001, 10, page=2, per_page=3))
    assert [ln.part.id for ln in second.lines] == [504] and second.total == 4
    with pytest.raises(InvalidInput, match="per_page must be at most 100"):
        cat.run(C.list_parts, C.ListParts(cat.actor(), 1000, 10, per_page=101))
    with pytest.raises(NotFound, match="branch 99"):
        cat.run(C.list_parts, C.ListParts(cat.actor(), 1000, 10, branch_id=99))


def test_a_number_typed_any_way_reaches_every_interchangeable_part(cat: CatalogShop) -> None:
    expected = [(500, "number", 0), (504, "oe_cross", 1), (501, "aftermarket_cross", 1), (502, "aftermarket_cross", 2),
                (503, "aftermarket_cross", 2)]  # fmt: skip
    for typed in ("04465-02220", "0446502220", "04465 02220", " toyota 04465.02220 "):
        assert _search(cat, typed) == expected, typed
    assert _search(cat, "Bosch 0 986 494 104") == [
        (501, "number", 0),
        (500, "oe_cross", 1),
        (504, "oe_cross", 2),
        (502, "aftermarket_cross", 1),
        (503, "aftermarket_cross", 3),
    ]
    hits = cat.run(S.search_catalog, S.SearchCatalog(cat.actor(), "P83024"))
    brembo_to_wagner = next(h for h in hits if h.part.id == 503)
    assert [(s.from_part, s.to_part, s.source.value) for s in brembo_to_wagner.chain] == [
        (502, 501, "user"),
        (501, 500, "supplier"),
        (500, 504, "oe"),
        (504, 503, "supplier"),
    ]
    assert _search(cat, "04465-02220", limit=2) == expected[:2]


def test_name_words_come_last_and_ignore_accents(cat: CatalogShop) -> None:
    assert [h[0] for h in _search(cat, "balata delan")] == [501, 509, 502, 508, 500, 504, 503]
    assert {h[1] for h in _search(cat, "balata delan")} == {MatchedVia.WORDS.value}
    assert _search(cat, "SEMIMETALICAS") == [(503, "words", 0)]
    assert _search(cat, "filtro fram") == [(507, "words", 0)]
    assert _search(cat, "zzz-no-such") == []
    assert _search(cat, '"bal"* -(') == _search(cat, "bal")  # the text is only words


def test_a_word_finds_every_name_word_it_begins_and_no_more(cat: CatalogShop) -> None:
    # SQLite expands each word into the index's terms that begin with it ("de" -> de, delanteras):
    # the same parts as a prefix search, newest first up to the limit, in any spelling.
    assert [h[0] for h in _search(cat, "de aceite")] == [507, 506]  # FRAM, TOYOTA
    assert [h[0] for h in _search(cat, "balatas de")] == [h[0] for h in _search(cat, "balata delan")]
    assert [h[0] for h in _search(cat, "CERÁMICAS bos")] == [501]
    assert [h[0] for h in _search(cat, "balata de", limit=2)] == [509, 508]  # the 2 newest, ranked
    assert _search(cat, "balatasx") == []
    assert _search(cat, "ba_la") == []  # not a plain word: left to the index's own tokenizer


def test_a_search_refuses_short_or_long_text_and_bad_limits(cat: CatalogShop) -> None:
    for q in ("", " a ", "x"):
        with pytest.raises(InvalidInput, match="q must be at least 2 characters"):
            _search(cat, q)
    with pytest.raises(InvalidInput, match="q must be at most 200"):
        _search(cat, "x" * 201)
    for limit in (0, 101):
        with pytest.raises(InvalidInput, match="limit must be between 1 and 100"):
            _search(cat, "balata", limit=limit)


def test_part_detail_shows_stock_everywhere_alternatives_and_cross_references(cat: CatalogShop) -> None:
    shop = cat.shop
    pads = shop.item("Balata Corolla", part_number="0446502220", stock=5, price_1="350.00")
    shop.buy(pads, 3, "100.00", branch=shop.norte)
    bosch = shop.item("Balata Bosch", part_number="0986494104", catalog_part_id=501, price_1="300.00")
    shop.run(I.update_item, I.UpdateItem(shop.op, bosch, {"is_active": True}))
    detail = cat.run(S.part_detail, S.GetPart(cat.actor(shop.norte), 500))
    assert detail.part.part_number == "04465-02220" and detail.branch_id == shop.norte
    assert detail.stocked.stock == Decimal("3") and detail.stocked.price == Decimal("350.00")
    assert detail.stocked.by_branch == ((shop.centro, Decimal("5")), (shop.norte, Decimal("3")))
    assert [(a.part.id, a.matched_via.value, len(a.chain)) for a in detail.alternatives] == [
        (504, "oe_cross", 1),
        (501, "aftermarket_cross", 1),
        (502, "aftermarket_cross", 2),
        (503, "aftermarket_cross", 2),
    ]
    carried = {a.part.id: (a.stocked.carried, a.stocked.in_stock) for a in detail.alternatives}
    assert carried[501] == (True, False) and carried[502] == (False, False)
    crosses = [(x.part.id, x.source, x.direction, x.outgoing) for x in detail.cross_references]
    assert crosses == [(504, "oe", "forward", True), (501, "supplier", "both", False)]


def test_an_item_linked_to_another_part_does_not_carry_this_one(cat: CatalogShop) -> None:
    shop = cat.shop
    # Same number as part 500, but explicitly the Bosch part: it carries 501 only.
    shop.item("Balata", part_number="04465-02220", catalog_part_id=501, stock=7)
    page = cat.run(C.list_parts, C.ListParts(cat.actor(shop.centro), 1000, 10))
    assert {ln.part.id: ln.stocked.stock for ln in page.lines} == {500: 0, 501: 7, 502: 0}


def test_other_tenants_stock_is_never_counted(cat: CatalogShop) -> None:
    from nexus_core.services.authz import Actor
    from nexus_core.testing.builders import create_shop

    cat.shop.item("Balata", part_number="04465-02220", stock=5)
    other = create_shop(cat.nexus, name="Autopartes Lopez", owner_pin="9999")
    op = Actor.operator(other.tenant_id)
    page = cat.nexus.run(other.tenant_id, C.list_parts, C.ListParts(op, 1000, 10, branch_id=other.branch_id))
    assert [ln.stocked.carried for ln in page.lines] == [False, False, False]
