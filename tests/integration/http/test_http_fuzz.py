"""Whatever a client sends to a POST route, the answer is never a 500."""

from __future__ import annotations

import json
from decimal import Decimal

import attrs
import pytest
from http_support import OWNER_PIN, TestClient, login, make_shop
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nexus_core.testing import in_memory_nexus
from nexus_http import create_app
from nexus_http.routes import all_endpoints

POSTS = [e for e in all_endpoints() if e.method == "POST"]
FIELDS = sorted({f.name for e in POSTS if e.body for f in attrs.fields(e.body)})

texts = st.text(alphabet=st.characters(codec=None, categories=None), max_size=20) | st.sampled_from(
    ["1234", "5678", "admin", "cashier", "a@b.co", "\x00", "\ud800", " ", "1e9999", "NaN", "-0", "12.345"]
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.sampled_from([0, 1, 2, -1, 2**63, 2**63 - 1, -(2**63) - 1])
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4), max_leaves=12
)
bodies = st.dictionaries(st.sampled_from(FIELDS) | texts, values, max_size=8) | values


def _encode(value: object) -> bytes:
    return json.dumps(value, default=lambda d: float(d) if isinstance(d, Decimal) else str(d)).encode()


@pytest.fixture(scope="module")
def fuzz_client():
    nexus = in_memory_nexus()
    shop = make_shop(nexus)
    with TestClient(create_app(nexus), raise_server_exceptions=False) as c:
        token = login(c, shop.tenant_id, OWNER_PIN, device=None).json()["token"]
        yield c, {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("endpoint", POSTS, ids=lambda e: e.path)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, key=st.none() | st.text(max_size=8))
def test_random_json_never_gives_500(fuzz_client, endpoint, body, key):
    client, headers = fuzz_client
    headers = dict(headers)
    if key is not None and key.isascii():
        headers["Idempotency-Key"] = key
    r = client.post(endpoint.path, content=_encode(body), headers={**headers, "content-type": "application/json"})
    assert r.status_code < 500, r.text
    assert r.headers["content-type"] == "application/json"


@pytest.mark.parametrize("endpoint", POSTS, ids=lambda e: e.path)
@settings(max_examples=60, deadline=None)
@given(raw=st.binary(max_size=64))
def test_random_bytes_never_give_500(fuzz_client, endpoint, raw):
    client, headers = fuzz_client
    r = client.post(endpoint.path, content=raw, headers=headers)
    assert r.status_code < 500, r.text
