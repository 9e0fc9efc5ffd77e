"""The ABC ranking kept by the SQL adapter: classes as the report defines them, and the LRU of kept
windows (bounded, per database: a new engine never answers with another database's ranking)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine

from nexus_adapters.persistence.inventory_abc import CLASSES, RankingCache, rank

sold_items = st.lists(
    st.tuples(st.integers(1, 10**6), st.integers(1, 10**6), st.integers(0, 10**9)),
    max_size=60,
    unique_by=lambda t: t[0],
)


@given(sold_items)
def test_each_item_is_classed_by_the_value_ranked_above_it(sold: list[tuple[int, int, int]]) -> None:
    ranking = rank(list(sold))
    expected = sorted(sold, key=lambda t: (-t[2], -t[1], t[0]))
    total = sum(t[2] for t in sold)
    assert list(ranking.item_ids) == [t[0] for t in expected] and ranking.total_value == total
    above = 0
    for index, (_, _, value) in enumerate(expected):
        klass = "A" if above * 100 < total * 80 else "B" if above * 100 < total * 95 else "C"
        assert (ranking.preceding[index], ranking.klass(index)) == (above, klass)
        above += value
    classes = ranking.classes()
    assert [c.klass for c in classes] == list(CLASSES) and sum(c.items for c in classes) == len(sold)
    assert sum(c.value for c in classes) * 100 == total


def test_an_empty_window_has_three_empty_classes() -> None:
    ranking = rank([])
    assert ranking.total_value == 0 and [(c.items, c.value) for c in ranking.classes()] == [(0, 0)] * 3


def test_the_least_recently_used_window_is_dropped_first() -> None:
    cache = RankingCache(size=2)
    one, two, three = rank([(1, 1, 10)]), rank([(2, 1, 20)]), rank([(3, 1, 30)])
    cache.put("one", one)
    cache.put("two", two)
    assert cache.get("one") is one  # now the most recently used
    cache.put("three", three)
    assert (cache.get("one"), cache.get("two"), cache.get("three")) == (one, None, three)
    cache.clear()
    assert cache.get("one") is None


def test_every_engine_gets_its_own_number_even_after_another_is_gone() -> None:
    cache = RankingCache()
    first = create_engine("sqlite://")
    number = cache.database(first)
    assert cache.database(first) == number
    first.dispose()
    del first
    later = [create_engine("sqlite://") for _ in range(3)]
    assert number not in {cache.database(e) for e in later}
    assert len({cache.database(e) for e in later}) == 3
