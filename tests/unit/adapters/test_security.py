from __future__ import annotations

import base64
import json
import os
import stat
import time

import jwt
import pytest

from nexus_adapters.security import Argon2Hasher, HmacDigester, JwtCodec
from nexus_adapters.settings import Settings, SettingsError, load_or_create_pepper
from nexus_core.errors import Unauthorized

SECRET = "s" * 48


def _claims(**over):
    now = int(time.time())
    base = {"typ": "pos", "sub": "1", "tenant_id": 1, "iat": now, "exp": now + 60}
    base.update(over)
    return base


def test_argon2id_hashes_verify_and_are_salted() -> None:
    h = Argon2Hasher()
    a, b = h.hash("1234"), h.hash("1234")
    assert a != b and a.startswith("$argon2id$")
    assert h.verify(a, "1234") and not h.verify(a, "4321")
    assert not h.verify("garbage", "1234")


def test_pin_digest_depends_on_tenant_pin_and_pepper() -> None:
    d = HmacDigester(b"p" * 32)
    assert d.digest(1, "1234") == d.digest(1, "1234")
    assert d.digest(1, "1234") != d.digest(2, "1234")
    assert HmacDigester(b"q" * 32).digest(1, "1234") != d.digest(1, "1234")
    with pytest.raises(ValueError):
        HmacDigester(b"short")


def test_jwt_round_trip() -> None:
    codec = JwtCodec(SECRET)
    assert codec.decode(codec.encode(_claims()))["tenant_id"] == 1


def test_expired_token() -> None:
    codec = JwtCodec(SECRET)
    with pytest.raises(Unauthorized, match="expired"):
        codec.decode(codec.encode(_claims(exp=int(time.time()) - 5)))


def test_tampered_token() -> None:
    codec = JwtCodec(SECRET)
    head, _body, sig = codec.encode(_claims()).split(".")
    forged = base64.urlsafe_b64encode(json.dumps(_claims(tenant_id=2)).encode()).rstrip(b"=").decode()
    with pytest.raises(Unauthorized):
        codec.decode(f"{head}.{forged}.{sig}")


def test_alg_none_and_other_algorithms_are_refused() -> None:
    codec = JwtCodec(SECRET)
    unsigned = jwt.encode(_claims(), None, algorithm="none")
    with pytest.raises(Unauthorized):
        codec.decode(unsigned)
    hs512 = jwt.encode(_claims(), SECRET, algorithm="HS512")
    with pytest.raises(Unauthorized):
        codec.decode(hs512)


def test_required_claims() -> None:
    codec = JwtCodec(SECRET)
    claims = _claims()
    del claims["iat"]
    with pytest.raises(Unauthorized, match="iat"):
        codec.decode(codec.encode(claims))


def test_pepper_file_is_created_once_with_mode_0600(tmp_path) -> None:
    path = tmp_path / "var" / "pin-pepper"
    first = load_or_create_pepper(path)
    assert load_or_create_pepper(path) == first and len(first) >= 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_settings_from_env() -> None:
    s = Settings.from_env({"NEXUS_TOKEN_TTL_HOURS": "2", "NEXUS_DATABASE_URL": "sqlite:///x.db"})
    assert s.token_ttl_hours == 2 and s.database_url == "sqlite:///x.db" and s.jwt_secret is None
    assert Settings.from_env({}).database_url == "sqlite:///var/nexus.db"
    with pytest.raises(SettingsError, match="NEXUS_TOKEN_TTL_HOURS"):
        Settings.from_env({"NEXUS_TOKEN_TTL_HOURS": "abc"})
    with pytest.raises(SettingsError, match="NEXUS_LOG_LEVEL"):
        Settings.from_env({"NEXUS_LOG_LEVEL": "loud"})
