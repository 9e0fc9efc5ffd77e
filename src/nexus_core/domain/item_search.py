"""What a search box's text means for the item list (docs/inventory.md#search): name words
(each a prefix), a part number however it was typed, or a barcode. An item matching any of them is
a hit; the database's indexes answer each (never a scan of the catalog)."""

from __future__ import annotations

import re

import attrs

from nexus_core.domain.items import part_number_key
from nexus_core.errors import InvalidInput

MAX_QUERY = 200
MAX_WORDS = 8
_WORD = re.compile(r"\w+")
_BARCODE = re.compile(r"^[A-Za-z0-9.\-]{1,32}$")


@attrs.frozen
class SearchTerms:
    words: tuple[str, ...] = ()
    part_key: str | None = None
    barcode: str | None = None


def parse_search(q: str | None) -> SearchTerms:
    """``q`` as search terms; blank means no search. Words of one letter are left out (they would
    match half the catalog); the whole text still counts as a part number or a barcode."""
    if q is None or not q.strip():
        return SearchTerms()
    text = q.strip()
    if len(text) > MAX_QUERY:
        raise InvalidInput(f"q must be at most {MAX_QUERY} characters", field="q")
    words = tuple(dict.fromkeys(w.casefold() for w in _WORD.findall(text) if len(w) > 1 and w != "_"))
    key = part_number_key(text)
    return SearchTerms(
        words=words[:MAX_WORDS],
        part_key=key if key and len(key) <= 60 else None,
        barcode=text if _BARCODE.match(text) else None,
    )
