"""The ABC report over closed local days, ranked once and kept (docs/inventory.md#abc, ADR 34).

ABC classifies the ``days`` complete local days that ended yesterday. A movement's ``business_date``
is the local day it was written (cancellations and returns write today's movements), so the sales of a
window of closed days never change: the window's ranking is computed once per (database, tenant,
branch, since, until) and kept in process, in a small LRU. A page is then a slice of the kept ranking,
with names and part numbers read for the page's items only (one query by their ids).

The ranking is kept in integer arrays in the tables' units (cents, thousandths): 32 bytes per item
sold, about 3 MB for 100,000 items. The first request of a window pays the full aggregate.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from array import array
from collections import OrderedDict
from collections.abc import Hashable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
from sqlalchemy import Connection, Date, Engine, bindparam, text

from nexus_core.domain.abc import CLASSES, class_index, sold_order
from nexus_core.ports.inventory_queries import AbcClass, AbcReport, AbcRow, Page

KEPT = 16  # windows kept (an LRU over every database, tenant and branch of the process)

_SOLD = text(
    """SELECT item_id, -SUM(quantity) AS quantity, -SUM(value) AS value FROM stock_movements
       WHERE tenant_id = :tenant AND kind IN ('sale', 'consumption')
         AND business_date >= :since AND business_date <= :until
         AND (CAST(:branch AS BIGINT) IS NULL OR branch_id = :branch)
       GROUP BY item_id HAVING -SUM(quantity) > 0"""
).bindparams(bindparam("since", type_=Date()), bindparam("until", type_=Date()))

_NAMES = text("SELECT id, part_number, name FROM items WHERE tenant_id = :tenant AND id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)


def _cents(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(Decimal("0.01"))


def _qty(value: int) -> Decimal:
    return (Decimal(value) / 1000).quantize(Decimal("0.001"))


@attrs.frozen
class Ranking:
    """A window's items sold, best first (value, then quantity, then id): parallel integer arrays.
    Classes are consecutive runs of the ranking (``preceding`` only grows): ``ends[k]`` is where
    class ``CLASSES[k]`` stops."""

    item_ids: array[int]
    quantities: array[int]  # thousandths
    values: array[int]  # cents
    preceding: array[int]  # cents of the items ranked above
    ends: tuple[int, int, int]
    summary: tuple[tuple[str, int, int], ...]  # per class: its letter, items and value (cents)

    @property
    def total_value(self) -> int:
        return self.preceding[-1] + self.values[-1] if self.values else 0

    def klass(self, index: int) -> str:
        return next(k for k, end in zip(CLASSES, self.ends, strict=True) if index < end)

    def classes(self) -> list[AbcClass]:
        return [AbcClass(k, items, _cents(value)) for k, items, value in self.summary]


def rank(sold: list[tuple[int, int, int]]) -> Ranking:
    """Rank ``(item_id, quantity, value)`` and class them by the domain's rule (:mod:`nexus_core.domain.abc`),
    in exact integers."""
    sold.sort(key=lambda t: sold_order(*t))
    total = sum(t[2] for t in sold)
    ids, quantities, values, preceding = array("q"), array("q"), array("q"), array("q")
    ends = [0, 0, 0]
    running = 0
    for index, (item_id, quantity, value) in enumerate(sold):
        ids.append(item_id)
        quantities.append(quantity)
        values.append(value)
        preceding.append(running)
        k = class_index(running, total)
        for j in range(k, 3):
            ends[j] = index + 1
        running += value
    summary, start = [], 0
    for k, end in zip(CLASSES, ends, strict=True):  # once per window, not per page
        summary.append((k, end - start, sum(values[start:end])))
        start = end
    return Ranking(ids, quantities, values, preceding, (ends[0], ends[1], ends[2]), tuple(summary))


class RankingCache:
    """The kept rankings, least recently used dropped first; safe across handler threads."""

    def __init__(self, size: int = KEPT) -> None:
        self._size = size
        self._kept: OrderedDict[Hashable, Ranking] = OrderedDict()
        self._lock = threading.Lock()
        self._engines: weakref.WeakKeyDictionary[Engine, int] = weakref.WeakKeyDictionary()
        self._numbers = itertools.count(1)

    def database(self, engine: Engine) -> int:
        """A number for the engine's database that no other engine of the process ever gets (an
        ``id()`` can be reused once an engine is gone; a disposed test database must not answer)."""
        with self._lock:
            number = self._engines.get(engine)
            if number is None:
                number = self._engines[engine] = next(self._numbers)
            return number

    def get(self, key: Hashable) -> Ranking | None:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def put(self, key: Hashable, ranking: Ranking) -> None:
        with self._lock:
            self._kept[key] = ranking
            self._kept.move_to_end(key)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


CACHE = RankingCache()


def ranking(conn: Connection, tenant_id: int, branch_id: int | None, since: date, until: date) -> Ranking:
    """The window's ranking: kept, or computed now (two requests racing both compute; same answer)."""
    key = (CACHE.database(conn.engine), tenant_id, branch_id, since, until)
    found = CACHE.get(key)
    if found is None:
        params: dict[str, Any] = {"tenant": tenant_id, "branch": branch_id, "since": since, "until": until}
        rows = conn.execute(_SOLD, params).all()
        found = rank([(int(r[0]), int(r[1]), int(r[2])) for r in rows])
        CACHE.put(key, found)
    return found


def abc_report(
    conn: Connection, tenant_id: int, branch_id: int | None, since: date, until: date, page: Page
) -> AbcReport:
    kept = ranking(conn, tenant_id, branch_id, since, until)
    start = min(page.offset, len(kept.item_ids))
    stop = min(page.offset + page.size, len(kept.item_ids))
    shown = list(kept.item_ids[start:stop])
    names = {}
    if shown:
        names = {r[0]: (r[1], r[2]) for r in conn.execute(_NAMES, {"tenant": tenant_id, "ids": shown})}
    rows = [
        AbcRow(
            item_id=kept.item_ids[i],
            part_number=names[kept.item_ids[i]][0],
            name=names[kept.item_ids[i]][1],
            quantity=_qty(kept.quantities[i]),
            value=_cents(kept.values[i]),
            preceding=_cents(kept.preceding[i]),
            klass=kept.klass(i),
        )
        for i in range(start, stop)
    ]
    classes = kept.classes()
    return AbcReport(
        total_value=sum((c.value for c in classes), Decimal("0.00")),
        classes=classes,
        rows=rows,
        total=len(kept.item_ids),
    )
