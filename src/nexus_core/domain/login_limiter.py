"""The login limiter's arithmetic: which failures count, and how long the next attempt must wait.

Failures are counted per *key* (one device, one email, one employee choosing PINs) and per *pool*
(all devices of a tenant the shop does not know; all devices it learned; the whole parcels surface),
each within a sliding window. A success never deletes failures: it may only mark its own key's
failures as cleared, so they stop counting for that key's later attempts while still counting for
the pool. The bound that follows (and that the property tests prove) is :data:`MAX_FAILURES_PER_WINDOW`
wrong PINs per tenant in any window, whatever the order of devices, successes and clock.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Mapping

WINDOW = timedelta(minutes=15)
PER_KEY_LIMIT = 5
# A success clears its key's count, but never beyond this many failures of the key per window in all:
# otherwise someone who knows one PIN could alternate it with guesses for ever on one enrolled device.
PER_KEY_HARD_LIMIT = 2 * PER_KEY_LIMIT


class Pool(enum.StrEnum):
    """Where a failed attempt is counted besides its own key."""

    UNKNOWN = "unknown"  # devices the shop does not know, and employees choosing PINs
    LEARNED = "learned"  # devices that proved a secret issued at a successful login (last 30 days)
    ENROLLED = "enrolled"  # devices the owner enrolled: their own key's limit only


# Failures per tenant and window in each pool; ``None``: no pool-wide limit (each key still has its own).
POOL_LIMITS: Mapping[Pool, int | None] = MappingProxyType({Pool.UNKNOWN: 30, Pool.LEARNED: 30, Pool.ENROLLED: None})
MAX_ENROLLED_DEVICES = 20
LEARNED_DEVICE_TTL = timedelta(days=30)

# The bound per tenant and window: both capped pools, plus every enrolled device's own hard limit.
MAX_FAILURES_PER_WINDOW = sum(v for v in POOL_LIMITS.values() if v) + PER_KEY_HARD_LIMIT * MAX_ENROLLED_DEVICES

# Parcels login (email and password, no tenant): per email, and installation-wide.
PASSWORD_PER_EMAIL_LIMIT = 5
PASSWORD_GLOBAL_LIMIT = 300


def retry_after(failures: Iterable[datetime], limit: int | None, now: datetime) -> int | None:
    """Whole seconds until one more attempt may be made, or ``None`` when it may be made now.

    ``failures`` are the instants that count (already filtered to the window's start). The window is
    inclusive, so a failure at exactly ``now - WINDOW`` still counts: hence the extra second.
    """
    if limit is None:
        return None
    recent = sorted(t for t in failures if now - WINDOW <= t <= now)
    if len(recent) < limit:
        return None
    must_leave = recent[len(recent) - limit]
    return max(1, math.ceil((must_leave + WINDOW - now).total_seconds()) + 1)


def window_start(now: datetime) -> datetime:
    return now - WINDOW
