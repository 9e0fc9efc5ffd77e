"""Webhook signatures against known vectors (RFC 4231 test case 2) and Meta's header format."""

from __future__ import annotations

import pytest

from nexus_core.domain.webhooks import hmac_sha256_hex, signature_matches

# RFC 4231, test case 2: HMAC-SHA-256 with key "Jefe".
RFC_KEY, RFC_DATA = "Jefe", b"what do ya want for nothing?"
RFC_MAC = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"


def test_the_rfc_4231_vector() -> None:
    assert hmac_sha256_hex(RFC_KEY, RFC_DATA) == RFC_MAC


def test_meta_header_format_matches_and_is_case_insensitive_in_hex() -> None:
    assert signature_matches(RFC_DATA, f"sha256={RFC_MAC}", RFC_KEY, prefix="sha256=")
    assert signature_matches(RFC_DATA, f"sha256={RFC_MAC.upper()}", RFC_KEY, prefix="sha256=")
    assert signature_matches(RFC_DATA, RFC_MAC, RFC_KEY)


@pytest.mark.parametrize(
    ("raw", "given", "secret"),
    [
        (RFC_DATA, None, RFC_KEY),
        (RFC_DATA, "", RFC_KEY),
        (RFC_DATA, RFC_MAC, RFC_KEY),  # the prefix is missing
        (RFC_DATA, f"sha1={RFC_MAC}", RFC_KEY),
        (RFC_DATA + b" ", f"sha256={RFC_MAC}", RFC_KEY),  # one byte more in the body
        (RFC_DATA, f"sha256={RFC_MAC}", "jefe"),  # another secret
        (RFC_DATA, f"sha256={RFC_MAC}", ""),  # no secret configured never matches
        (RFC_DATA, "sha256=" + "0" * 64, RFC_KEY),
    ],
)
def test_anything_else_does_not_match(raw: bytes, given: str | None, secret: str) -> None:
    assert not signature_matches(raw, given, secret, prefix="sha256=")
