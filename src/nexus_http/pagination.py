"""The ``pagination`` object every paged list answers with (``per_page`` at most 200)."""

from __future__ import annotations

import attrs


@attrs.frozen
class Pagination:
    page: int
    per_page: int
    total: int
    total_pages: int
