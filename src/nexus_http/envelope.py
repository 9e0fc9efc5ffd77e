"""The two surfaces and their JSON envelopes.

POS (``/pos/...`` and everything that is not parcels): bare JSON, errors ``{"error": "..."}``.
Parcels (``/api/...``): ``{"success": true|false, "message": "...", "data": ...}``.
"""

from __future__ import annotations

import enum
from typing import Any

PARCELS_PREFIX = "/api"


class Surface(enum.Enum):
    POS = "pos"
    PARCELS = "parcels"

    @classmethod
    def of_path(cls, path: str) -> Surface:
        if path == PARCELS_PREFIX or path.startswith(PARCELS_PREFIX + "/"):
            return cls.PARCELS
        return cls.POS


def error_body(surface: Surface, message: str) -> dict[str, Any]:
    if surface is Surface.PARCELS:
        return {"success": False, "message": message}
    return {"error": message}


def parcels_ok(message: str, data: Any = None) -> dict[str, Any]:
    """A parcels success envelope; ``data`` is left out when there is none."""
    body: dict[str, Any] = {"success": True, "message": message}
    if data is not None:
        body["data"] = data
    return body
