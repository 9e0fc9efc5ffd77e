"""Property: whatever the order of devices, successes, tenants and clock, wrong PINs per tenant and
window stay within the documented bound, and an enrolled device always logs in."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from nexus_core.domain.login_limiter import MAX_FAILURES_PER_WINDOW, PER_KEY_HARD_LIMIT, POOL_LIMITS, WINDOW, Pool
from nexus_core.errors import RateLimited, Unauthorized
from nexus_core.services.auth import PinLogin, login_with_pin
from nexus_core.services.devices import EnrollDevice, enroll_device
from nexus_core.testing import FakeClock, in_memory_nexus
from nexus_core.testing.builders import create_shop, login

PINS = {1: "1234", 2: "4321"}
ENROLLED = 2  # per tenant: "guard" (only ever right PINs) and "counter" (right and wrong)

step = st.tuples(
    st.sampled_from(["advance", "unknown", "learned", "enrolled", "guard"]),
    st.integers(1, 2),  # tenant
    st.integers(0, 11),  # which device of its kind
    st.booleans(),  # right PIN?
    st.integers(0, 400),  # seconds to advance
)


def _within(times: list[datetime], limit: int) -> bool:
    times = sorted(times)
    return all(sum(1 for u in times if t - WINDOW <= u <= t) <= limit for t in times)


@settings(max_examples=60)
@given(st.lists(step, min_size=1, max_size=150))
def test_wrong_pins_per_window_stay_bounded_and_enrolled_devices_get_in(steps) -> None:
    clock = FakeClock()
    nexus = in_memory_nexus(clock)
    shops = {1: create_shop(nexus, "Uno", PINS[1]), 2: create_shop(nexus, "Dos", PINS[2])}
    tenant_of = {n: s.tenant_id for n, s in shops.items()}
    enrolled: dict[tuple[int, str], str] = {}
    for n, shop in shops.items():
        _, owner = login(nexus, shop.tenant_id, PINS[n], device="setup")
        for name in ("guard", "counter"):
            secret = f"{name}-{n}".ljust(40, "e")
            nexus.run(shop.tenant_id, enroll_device, EnrollDevice(actor=owner, device_id=name, secret=secret))
            enrolled[(n, name)] = secret
    learned: dict[tuple[int, int], str] = {}
    failures: dict[tuple[int, str], list[datetime]] = defaultdict(list)  # (tenant, pool) -> instants

    for kind, n, which, right, seconds in steps:
        if kind == "advance":
            clock.advance(timedelta(seconds=seconds))
            continue
        tenant_id, pin = tenant_of[n], PINS[n] if right else "0000"
        secret, new_secret, pool = None, None, Pool.UNKNOWN.value
        if kind == "unknown":
            device = f"u{which}"
        elif kind == "learned":
            device = f"l{which}"
            secret = learned.get((n, which))
            new_secret = f"learned-{n}-{which}-{clock.now().timestamp()}".ljust(40, "l")
            pool = Pool.LEARNED.value if secret else Pool.UNKNOWN.value
        else:
            device = "guard" if kind == "guard" else "counter"
            secret = enrolled[(n, device)]
            pool = f"enrolled:{device}"
            pin = PINS[n] if kind == "guard" else pin
        cmd = PinLogin(
            tenant_id=tenant_id, pin=pin, device_id=device, device_secret=secret, new_device_secret=new_secret
        )
        try:
            result = nexus.run(tenant_id, login_with_pin, cmd)
        except Unauthorized:
            assert pin != PINS[n]
            failures[(n, pool)].append(clock.now())
            continue
        except RateLimited as limited:
            assert kind != "guard", "an enrolled device that never erred was locked out"
            assert limited.retry_after >= 1
            continue
        assert pin == PINS[n]
        if result.device_secret is not None:
            learned[(n, which)] = result.device_secret

    for n in shops:
        everything = [t for (m, _), times in failures.items() if m == n for t in times]
        assert _within(everything, MAX_FAILURES_PER_WINDOW)
        assert _within(failures[(n, Pool.UNKNOWN.value)], POOL_LIMITS[Pool.UNKNOWN] or 0)
        assert _within(failures[(n, Pool.LEARNED.value)], POOL_LIMITS[Pool.LEARNED] or 0)
        assert not failures[(n, "enrolled:guard")]
        assert _within(failures[(n, "enrolled:counter")], PER_KEY_HARD_LIMIT)
