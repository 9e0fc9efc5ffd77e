"""Searching the catalog by number or words, and a part's detail (docs/catalog.md#search).

A number typed any way finds the parts with that normalized number, and through the interchange
groups every part that can replace them, each with the chain of cross-references that connects it;
name words find parts through the full-text index. Results are ranked (number, OE cross, aftermarket
cross, words) and each says how it matched. The tenant's stock of every result is one query.
"""

from __future__ import annotations

import re

import attrs

from nexus_core.domain.catalog import (
    InterchangeGroups,
    MatchedVia,
    PartFacts,
    Ranked,
    Step,
    normalize_part_number,
    rank_results,
)
from nexus_core.errors import InvalidInput, NotFound
from nexus_core.ports.catalog import Part
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.catalog import PERMISSION
from nexus_core.services.catalog_stock import Stocked, enrich, stock_branch
from nexus_core.services.runner import Deps, read_only

MIN_QUERY = 2
MAX_QUERY = 200
DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_WORDS = 8
MAX_GROUP = 500  # parts read of one search's interchange groups
_WORD = re.compile(r"\w+")


@attrs.frozen
class Hit:
    part: Part
    matched_via: MatchedVia
    chain: tuple[Step, ...]
    stocked: Stocked


@attrs.frozen
class SearchCatalog:
    actor: Actor
    q: str
    limit: int = DEFAULT_LIMIT
    branch_id: int | None = None


def _words(text: str) -> tuple[str, ...]:
    words = dict.fromkeys(w.casefold() for w in _WORD.findall(text) if len(w) >= MIN_QUERY and w != "_")
    return tuple(words)[:MAX_WORDS]


def _facts(parts: dict[int, Part]) -> dict[int, PartFacts]:
    return {p.id: PartFacts(p.id, p.manufacturer, p.part_number, p.is_oe) for p in parts.values()}


def _with_group(uow: UnitOfWork, start: list[int]) -> tuple[dict[int, int], InterchangeGroups]:
    """The interchange groups of ``start``: member -> group, and the links between members."""
    members = uow.catalog.interchange(start, MAX_GROUP) if start else {}
    links = uow.catalog.cross_links(sorted(members)) if members else []
    return members, InterchangeGroups(links)


def _hits(uow: UnitOfWork, ranked: list[Ranked], parts: dict[int, Part], branch: int | None) -> list[Hit]:
    chosen = [parts[r.part_id] for r in ranked]
    stock = enrich(uow, chosen, branch)
    return [Hit(parts[r.part_id], r.matched_via, r.chain, stock[r.part_id]) for r in ranked]


@read_only
def search_catalog(cmd: SearchCatalog, uow: UnitOfWork, deps: Deps) -> list[Hit]:
    cmd.actor.require(PERMISSION)
    text = cmd.q.strip()
    if len(text) < MIN_QUERY:
        raise InvalidInput(f"q must be at least {MIN_QUERY} characters", field="q")
    if len(text) > MAX_QUERY:
        raise InvalidInput(f"q must be at most {MAX_QUERY} characters", field="q")
    if not 1 <= cmd.limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
    branch = stock_branch(uow, cmd.actor, cmd.branch_id)
    key = normalize_part_number(text)
    by_number = uow.catalog.parts_by_key(key, cmd.limit) if key and len(key) <= 60 else []
    members, groups = _with_group(uow, [p.id for p in by_number])
    words = _words(text)
    by_words = uow.catalog.parts_by_words(words, cmd.limit) if words else []
    parts = {p.id: p for p in (*by_number, *by_words)}
    missing = [m for m in members if m not in parts]
    parts.update({p.id: p for p in uow.catalog.parts(missing)} if missing else {})
    ranked = rank_results(
        _facts(parts), [p.id for p in by_number], groups, sorted(members), [p.id for p in by_words], cmd.limit
    )
    return _hits(uow, ranked, parts, branch)


@attrs.frozen
class GetPart:
    actor: Actor
    part_id: int
    branch_id: int | None = None


@attrs.frozen
class CrossView:
    """A cross-reference of the part: the other part, who says so, which way (``outgoing``: stored
    from this part), and whether the tenant stocks it."""

    part: Part
    source: str
    direction: str
    outgoing: bool
    stocked: Stocked


@attrs.frozen
class PartDetail:
    part: Part
    stocked: Stocked
    branch_id: int | None
    branch_names: dict[int, str]
    alternatives: list[Hit]
    cross_references: list[CrossView]


@read_only
def part_detail(cmd: GetPart, uow: UnitOfWork, deps: Deps) -> PartDetail:
    """The part, its stock here and in every branch, its interchangeable parts (each with its chain)
    and its own cross-references, each flagged with the tenant's stock; one stock query for them all."""
    cmd.actor.require(PERMISSION)
    found = uow.catalog.parts([cmd.part_id])
    if not found:
        raise NotFound(f"part {cmd.part_id} not found", field="part_id")
    part = found[0]
    branch = stock_branch(uow, cmd.actor, cmd.branch_id)
    members, groups = _with_group(uow, [part.id])
    links = uow.catalog.cross_links([part.id])
    ends = {lk.part_id for lk in links} | {lk.other_part_id for lk in links}
    others = sorted((set(members) | ends) - {part.id})
    parts = {part.id: part, **{p.id: p for p in (uow.catalog.parts(others) if others else [])}}
    stock = enrich(uow, list(parts.values()), branch, every_branch=True)
    ranked = rank_results(_facts(parts), [part.id], groups, sorted(members), [], MAX_GROUP)
    alternatives = [Hit(parts[r.part_id], r.matched_via, r.chain, stock[r.part_id]) for r in ranked[1:]]
    crosses = []
    for link in links:
        outgoing = link.part_id == part.id
        other = parts.get(link.other_part_id if outgoing else link.part_id)
        if other is not None:
            crosses.append(CrossView(other, link.source.value, link.direction.value, outgoing, stock[other.id]))
    names = {b.id: b.name for b in uow.branches.list() if b.id is not None}
    return PartDetail(part, stock[part.id], branch, names, alternatives, crosses)
