"""The fast answer encoder writes what the pure encoder always wrote, digit for digit."""

from __future__ import annotations

import enum
import json
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

from nexus_http.jsonio import RawJson, canonical, canonical_body, dumps, strict_dumps
from nexus_http.reply import Reply, to_response


class Colour(enum.Enum):
    RED = "red"
    ONE = 1


@attrs.frozen
class Point:
    x: Decimal
    label: str


finite_decimals = st.decimals(allow_nan=False, allow_infinity=False) | st.builds(
    lambda digits, exponent: Decimal(digits).scaleb(exponent),
    st.integers(-(10**20), 10**20),
    st.integers(-12, 12),
)
moments = st.datetimes(
    timezones=st.none() | st.just(UTC) | st.builds(lambda m: timezone(timedelta(minutes=m)), st.integers(-720, 720))
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.text()
    | finite_decimals
    | moments
    | st.dates()
    | st.times()
    | st.sampled_from(Colour)
    | st.builds(Point, finite_decimals, st.text())
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20
)


def _digits(raw: bytes) -> object:
    """The JSON value with every number kept as the text it was written with."""
    return json.loads(raw, parse_float=str, parse_int=str)


@given(values)
def test_fast_encoder_writes_what_the_pure_one_wrote(value):
    assert _digits(dumps(value)) == _digits(strict_dumps(value))


@given(finite_decimals)
def test_decimals_keep_their_own_digits(value):
    assert dumps(value) == format(value, "f").encode()


def test_answers_are_utf8_and_raw_json_is_verbatim():
    out = dumps({"name": "Refaccionaria Peña", "stored": RawJson('{"id": 1}')})
    assert out == '{"name":"Refaccionaria Peña","stored":{"id": 1}}'.encode()


def test_integers_beyond_64_bits_still_leave_exactly():
    assert dumps({"n": 2**80}) == b'{"n":1208925819614629174706176}'


def test_times_are_written_by_isoformat():
    value = [time(10, 30, tzinfo=UTC), time(0, 0, 0, 10000), datetime(2026, 4, 1, 9, 0, 0, 10000)]
    assert dumps(value) == b'["10:30:00+00:00","00:00:00.010000","2026-04-01T09:00:00.010000"]'


def test_fingerprints_do_not_change():
    body = {"b": [Decimal("1.50"), "ñ"], "a": {"d": date(2026, 4, 1), "t": datetime(2026, 4, 1, tzinfo=UTC)}}
    assert canonical(body) == b'{"a":{"d":"2026-04-01","t":"2026-04-01T00:00:00+00:00"},"b":[1.50,"\\u00f1"]}'


ascii_heavy_text = st.text() | st.text(alphabet=st.characters(max_codepoint=0x80), max_size=12)
bodies = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | ascii_heavy_text | finite_decimals | moments,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ascii_heavy_text, inner, max_size=4),
    max_leaves=20,
)


@given(bodies)
def test_fingerprints_are_the_pure_encoders_bytes_whoever_writes_them(value):
    # canonical_body() lets orjson write what it writes identically; the bytes must never differ (stored keys).
    assert canonical_body(value) == canonical(value) == strict_dumps(value, sort_keys=True)


def test_a_reply_becomes_a_json_response():
    response = to_response(Reply({"total": Decimal("812.00")}, 201, {"X-Extra": "1"}))
    assert response.status_code == 201
    assert response.body == b'{"total":812.00}'
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-extra"] == "1"
