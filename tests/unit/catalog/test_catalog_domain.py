"""The catalog's rules: part numbers as compared, interchange groups with their chains, the ranking of
a search, which items carry a part, and the checks of the import files."""

from __future__ import annotations

from collections import deque
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nexus_core.domain.catalog import (
    CrossLink,
    CrossSource,
    Direction,
    InterchangeGroups,
    MatchedVia,
    PartFacts,
    normalize_part_number,
    rank_results,
)
from nexus_core.domain.catalog_files import BY_NAME, CatalogRowError, parse_row
from nexus_core.ports.catalog import LocalStockRow, Part
from nexus_core.services.catalog_stock import link_stock


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("04465-02220", "0446502220"),
        (" 04465 02220 ", "0446502220"),
        ("04465.02220", "0446502220"),
        ("Toyota 04465-02220", "0446502220"),
        ("BOSCH 0 986 494 104", "0986494104"),
        ("bosch-0986494104", "0986494104"),
        ("Brembo P 83 024", "P83024"),
        ("BOSCH0986", "BOSCH0986"),  # glued to the digits: it may be the number itself
        ("BOSCH", "BOSCH"),  # a brand alone is kept
        ("vw 5U0 615 301", "5U0615301"),
        ("d1060-1ka0a", "D10601KA0A"),
    ],
)
def test_part_numbers_are_compared_without_case_separators_or_brand_words(typed: str, key: str) -> None:
    assert normalize_part_number(typed) == key


numbers = st.text(alphabet=st.sampled_from("abcXYZ0129 -."), max_size=20)
with_brands = st.lists(st.sampled_from(["BOSCH", "toyota", "Brembo", "X1", "04465", " ", "-", "."]), max_size=6).map(
    " ".join
)


@given(st.one_of(numbers, with_brands, st.text(max_size=30)))
def test_normalizing_is_idempotent(text: str) -> None:
    once = normalize_part_number(text)
    assert normalize_part_number(once) == once


@given(st.text(alphabet=st.sampled_from("0123456789ABCDEFK"), min_size=1, max_size=12), st.data())
def test_case_and_separators_never_matter(core: str, data: st.DataObject) -> None:
    spelled = "".join(
        data.draw(st.sampled_from(["", " ", "-", "."])) + (c.lower() if data.draw(st.booleans()) else c) for c in core
    )
    assert normalize_part_number(spelled) == normalize_part_number(core) == core


def _link(a: int, b: int, source: CrossSource = CrossSource.SUPPLIER) -> CrossLink:
    return CrossLink(a, b, source, Direction.BOTH)


def _components(n: int, links: list[CrossLink]) -> dict[int, set[int]]:
    adjacent: dict[int, set[int]] = {i: set() for i in range(n)}
    for lk in links:
        adjacent[lk.part_id].add(lk.other_part_id)
        adjacent[lk.other_part_id].add(lk.part_id)
    out: dict[int, set[int]] = {}
    for start in range(n):
        seen, queue = {start}, deque([start])
        while queue:
            for nxt in adjacent[queue.popleft()] - seen:
                seen.add(nxt)
                queue.append(nxt)
        out[start] = seen
    return out


def _distance(links: list[CrossLink], a: int, b: int) -> int:
    adjacent: dict[int, set[int]] = {}
    for lk in links:
        adjacent.setdefault(lk.part_id, set()).add(lk.other_part_id)
        adjacent.setdefault(lk.other_part_id, set()).add(lk.part_id)
    dist, queue = {a: 0}, deque([a])
    while queue:
        here = queue.popleft()
        for nxt in adjacent.get(here, ()):
            if nxt not in dist:
                dist[nxt] = dist[here] + 1
                queue.append(nxt)
    return dist[b]


links_strategy = st.integers(2, 12).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
            .filter(lambda p: p[0] != p[1])
            .map(lambda p: _link(*p)),
            max_size=20,
        ),
    )
)


@given(links_strategy)
def test_union_find_reaches_every_interchangeable_part_with_a_shortest_chain(case: tuple[int, list[CrossLink]]) -> None:
    n, links = case
    groups = InterchangeGroups(links)
    components = _components(n, links)
    for a in range(n):
        for b in range(n):
            connected = b in components[a]
            assert groups.same_group(a, b) == connected
            chain = groups.chain(a, b)
            if not connected:
                assert chain is None
                continue
            assert chain is not None and len(chain) == _distance(links, a, b) if a != b else chain == []
            here = a
            for step in chain:  # every step is a stored link, walked end to end
                assert step.from_part == here
                stored = (step.to_part, step.from_part) if step.reversed else (step.from_part, step.to_part)
                assert any((lk.part_id, lk.other_part_id) == stored for lk in links)
                here = step.to_part
            assert here == b
        if len(components[a]) > 1:
            assert groups.group_id(a) == min(components[a])


def test_groups_without_chains_still_know_the_groups() -> None:
    groups = InterchangeGroups([_link(5, 3), _link(3, 9), _link(1, 2)], keep_chains=False)
    assert sorted(groups.groups()) == [(1, 1), (2, 1), (3, 3), (5, 3), (9, 3)]
    assert groups.chain(5, 9) is None and groups.chain(5, 5) == []


def _facts(n: int) -> dict[int, PartFacts]:
    return {i: PartFacts(i, ["BOSCH", "TOYOTA", "FRAM"][i % 3], f"N{i:03d}", i % 3 == 1) for i in range(n)}


@given(links_strategy, st.data())
def test_ranking_lists_each_part_once_best_way_first(case: tuple[int, list[CrossLink]], data: st.DataObject) -> None:
    n, links = case
    groups = InterchangeGroups(links)
    hits = data.draw(st.lists(st.integers(0, n - 1), unique=True, max_size=3))
    words = data.draw(st.lists(st.integers(0, n - 1), unique=True))
    members = sorted({m for h in hits for m in range(n) if groups.same_group(h, m)})
    ranked = rank_results(_facts(n), hits, groups, members, words, limit=100)
    ids = [r.part_id for r in ranked]
    assert len(ids) == len(set(ids)) and set(ids) == set(hits) | set(members) | set(words)
    order = list(MatchedVia)
    assert [order.index(r.matched_via) for r in ranked] == sorted(order.index(r.matched_via) for r in ranked)
    for r in ranked:
        if r.matched_via is MatchedVia.NUMBER:
            assert r.part_id in hits and r.chain == ()
        elif r.matched_via in (MatchedVia.OE_CROSS, MatchedVia.AFTERMARKET_CROSS):
            assert (r.matched_via is MatchedVia.OE_CROSS) == _facts(n)[r.part_id].is_oe
            assert len(r.chain) == min(_distance(links, h, r.part_id) for h in hits if groups.same_group(h, r.part_id))
    assert rank_results(_facts(n), hits, groups, members, words, limit=2) == ranked[:2]


def _part(pid: int, key: str) -> Part:
    return Part(pid, "BOSCH", key, key, "Balata", False)


def test_an_item_carries_its_linked_part_or_else_every_part_with_its_number() -> None:
    rows = [
        LocalStockRow(1, None, "AAA", Decimal("10.00"), 1, Decimal("4")),
        LocalStockRow(1, None, "AAA", Decimal("10.00"), 2, Decimal("1.5")),
        LocalStockRow(2, 7, "AAA", Decimal("12.00"), 1, Decimal("2")),
        LocalStockRow(3, None, "BBB", Decimal("9.00"), None, Decimal("0")),
    ]
    stock = link_stock([_part(7, "AAA"), _part(8, "AAA"), _part(9, "BBB"), _part(10, "CCC")], rows, 1)
    assert (stock[7].stock, stock[7].price, stock[7].item_ids) == (Decimal("2"), Decimal("12.00"), (2,))
    assert (stock[8].stock, stock[8].by_branch) == (Decimal("4"), ((1, Decimal("4")), (2, Decimal("1.5"))))
    assert stock[9].carried and not stock[9].in_stock and stock[9].by_branch == ()
    assert not stock[10].carried and stock[10].price is None
    everywhere = link_stock([_part(8, "AAA")], rows, None)
    assert everywhere[8].stock == Decimal("5.5")


def test_a_row_of_a_file_is_checked_with_its_references() -> None:
    parts = BY_NAME["parts"]
    row = parse_row(
        parts, 2, {"id": "5", "manufacturer": "BOSCH", "part_number": "0 986 494 104", "name": "Balata"}, {}
    )
    assert (row["number_key"], row["is_oe"], row["attributes"]) == ("0986494104", False, None)
    fitments = BY_NAME["fitments"]
    known = {"parts": {5}, "vehicles": {1}, "part_groups": {3}}
    assert parse_row(fitments, 2, {"part_id": "5", "vehicle_id": "1", "group_id": "3"}, known)["part_id"] == 5
    with pytest.raises(CatalogRowError, match=r"line 9, column group_id: 4 is not an id of part_groups\.csv"):
        parse_row(fitments, 9, {"part_id": "5", "vehicle_id": "1", "group_id": "4"}, known)
    cases = [
        ({"id": "-1"}, "id"),
        ({"manufacturer": ""}, "manufacturer"),
        ({"part_number": "--"}, "part_number"),
        ({"attributes": "oops"}, "attributes"),
        ({"is_oe": "si"}, "is_oe"),
    ]
    for bad, column in cases:
        with pytest.raises(CatalogRowError) as error:
            parse_row(parts, 3, {"id": "1", "manufacturer": "X", "part_number": "1", "name": "n", **bad}, {})
        assert error.value.column == column
    cross = BY_NAME["cross_references"]
    with pytest.raises(CatalogRowError, match="cannot cross-reference itself"):
        parse_row(cross, 2, {"part_id": "5", "other_part_id": "5", "source": "oe"}, {"parts": {5}})
