"""The parts catalog's rules (docs/catalog.md): part numbers as compared, interchange groups that keep
the chain connecting two parts, and the ranking of a search's results.

Pure functions and values: the catalog's rows come from the ports, the search's answer is built here.
"""

from __future__ import annotations

import enum
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence

import attrs

from nexus_core.domain.items import part_number_key

# Names people type in front of a number ("BOSCH 0 986 494 104", "Toyota 04465-02220"): a leading
# token that is one of these, followed by a separator, is not part of the number.
BRAND_PREFIXES = frozenset(
    {
        "ACDELCO", "BOSCH", "BREMBO", "CHAMPION", "CHEVROLET", "CHRYSLER", "DENSO", "DODGE", "FORD", "FRAM",
        "FRITEC", "GATES", "GM", "GONHER", "HONDA", "HYUNDAI", "INTERFIL", "KIA", "KYB", "LUK", "MAHLE", "MAZDA",
        "MITSUBISHI", "MONROE", "MOTORCRAFT", "NGK", "NISSAN", "RENAULT", "SEAT", "SKF", "SUZUKI", "TOYOTA",
        "TRW", "VALEO", "VOLKSWAGEN", "VW", "WAGNER", "WIX",
    }
)  # fmt: skip
_TOKEN = re.compile(r"[^\s.\-]+")
_SEPARATOR = re.compile(r"[\s.\-]+")


def normalize_part_number(text: str, prefixes: frozenset[str] = BRAND_PREFIXES) -> str:
    """The number as stored in the indexed column and compared: upper case, without spaces, dashes or
    dots, and without leading brand names written as words of their own (``Bosch 0 986-494.104`` ->
    ``0986494104``). A brand glued to the digits (``BOSCH0986``) stays: it may be the number itself.
    Idempotent: the result has no separators left, so nothing more is removed a second time."""
    stripped = _SEPARATOR.sub(" ", text).strip()
    tokens = _TOKEN.findall(stripped)
    while len(tokens) > 1 and tokens[0].upper() in prefixes:
        tokens = tokens[1:]
    return part_number_key("".join(tokens))


class CrossSource(enum.StrEnum):
    """Who says two parts are interchangeable."""

    OE = "oe"  # the vehicle maker (a superseded or alternative original number)
    SUPPLIER = "supplier"  # the aftermarket maker's own cross list
    USER = "user"  # an operator's or a shop's finding


class Direction(enum.StrEnum):
    BOTH = "both"  # each replaces the other
    FORWARD = "forward"  # the first may be replaced by the second, not the reverse (supersession)


class MatchedVia(enum.StrEnum):
    """How a search result was reached, best first."""

    NUMBER = "number"
    OE_CROSS = "oe_cross"
    AFTERMARKET_CROSS = "aftermarket_cross"
    WORDS = "words"


RANK = {m: i for i, m in enumerate(MatchedVia)}


@attrs.frozen
class CrossLink:
    """A cross-reference as stored: ``part_id`` says it is interchangeable with ``other_part_id``."""

    part_id: int
    other_part_id: int
    source: CrossSource
    direction: Direction = Direction.BOTH


@attrs.frozen
class Step:
    """One link of a chain, walked from ``from_part`` to ``to_part`` (``reversed`` when the stored
    cross-reference points the other way)."""

    from_part: int
    to_part: int
    source: CrossSource
    direction: Direction
    reversed: bool


class InterchangeGroups:
    """Union-find over cross-references (which parts can replace which, however many links apart),
    keeping the links themselves so the chain connecting two parts of a group can be told: every part
    a search reaches says how. ``keep_chains=False`` keeps only the groups (the importer's case).

    ``group_id`` of a part is the smallest part id of its group: the same whatever order links came in.
    """

    def __init__(self, links: Iterable[CrossLink] = (), *, keep_chains: bool = True) -> None:
        self._parent: dict[int, int] = {}
        self._size: dict[int, int] = {}
        self._least: dict[int, int] = {}
        self._links: dict[int, list[tuple[int, CrossLink]]] | None = {} if keep_chains else None
        for link in links:
            self.link(link)

    def find(self, part: int) -> int:
        parent = self._parent
        if part not in parent:
            return part
        root = part
        while parent[root] != root:
            root = parent[root]
        while parent[part] != root:  # path compression: the chain lives in the forest, not here
            parent[part], part = root, parent[part]
        return root

    def link(self, link: CrossLink) -> bool:
        """Join the two parts' groups; ``False`` when they already were one."""
        a, b = link.part_id, link.other_part_id
        for p in (a, b):
            if p not in self._parent:
                self._parent[p], self._size[p], self._least[p] = p, 1, p
        if self._links is not None:
            self._links.setdefault(a, []).append((b, link))
            self._links.setdefault(b, []).append((a, link))
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self._size[ra] < self._size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._size[ra] += self._size[rb]
        self._least[ra] = min(self._least[ra], self._least[rb])
        return True

    def group_id(self, part: int) -> int:
        return self._least.get(self.find(part), part)

    def same_group(self, a: int, b: int) -> bool:
        return a == b or self.find(a) == self.find(b)

    def groups(self) -> Iterator[tuple[int, int]]:
        """``(part_id, group_id)`` of every part in a group of two or more."""
        for part in self._parent:
            yield part, self.group_id(part)

    def chain(self, start: int, goal: int) -> list[Step] | None:
        """The fewest links from ``start`` to ``goal`` (``[]`` for the same part, ``None`` when
        unconnected)."""
        if start == goal:
            return []
        if not self.same_group(start, goal) or self._links is None:
            return None
        came: dict[int, tuple[int, CrossLink]] = {start: (start, CrossLink(start, start, CrossSource.USER))}
        queue = deque([start])
        while queue:
            here = queue.popleft()
            if here == goal:
                break
            for there, link in self._links.get(here, ()):
                if there not in came:
                    came[there] = (here, link)
                    queue.append(there)
        steps: list[Step] = []
        node = goal
        while node != start:
            before, link = came[node]
            steps.append(Step(before, node, link.source, link.direction, reversed=link.part_id != before))
            node = before
        return steps[::-1]


@attrs.frozen
class PartFacts:
    """What the ranking needs of a part."""

    id: int
    manufacturer: str
    part_number: str
    is_oe: bool


@attrs.frozen
class Ranked:
    part_id: int
    matched_via: MatchedVia
    chain: tuple[Step, ...] = ()


def rank_results(
    parts: Mapping[int, PartFacts],
    number_hits: Sequence[int],
    interchange: InterchangeGroups,
    group_members: Iterable[int],
    word_hits: Sequence[int],
    limit: int,
) -> list[Ranked]:
    """Exact number first, then OE parts reached through cross-references, then aftermarket ones, then
    name words; inside each, shorter chains first, then by maker and number. A part found several ways
    is listed once, by its best way. ``group_members`` are the interchangeable parts of the number
    hits; each keeps the chain from the nearest number hit."""
    best: dict[int, Ranked] = {}
    for pid in number_hits:
        best[pid] = Ranked(pid, MatchedVia.NUMBER)
    for pid in group_members:
        if pid in best or pid not in parts:
            continue
        chains = [c for c in (interchange.chain(h, pid) for h in number_hits) if c is not None]
        if not chains:
            continue
        chain = min(chains, key=len)
        via = MatchedVia.OE_CROSS if parts[pid].is_oe else MatchedVia.AFTERMARKET_CROSS
        best[pid] = Ranked(pid, via, tuple(chain))
    for pid in word_hits:
        if pid not in best and pid in parts:
            best[pid] = Ranked(pid, MatchedVia.WORDS)

    def order(r: Ranked) -> tuple[int, int, str, str, int]:
        p = parts.get(r.part_id)
        return (RANK[r.matched_via], len(r.chain), p.manufacturer if p else "", p.part_number if p else "", r.part_id)

    return sorted(best.values(), key=order)[:limit]
