"""The HTTP surface with the production token codec (PyJWT, HS256): forged tokens get 401."""

from __future__ import annotations

import time

import attrs
import jwt
import pytest
from starlette.testclient import TestClient

from nexus_adapters.security import JwtCodec, SystemClock
from nexus_core.testing import in_memory_nexus
from nexus_core.testing.builders import create_shop
from nexus_http.app import create_app

SECRET = "x" * 64


@pytest.fixture
def setup():
    nexus = in_memory_nexus()
    nexus.deps = attrs.evolve(nexus.deps, clock=SystemClock(), tokens=JwtCodec(SECRET))
    shop = create_shop(nexus)
    client = TestClient(create_app(nexus, metrics=False))
    token = client.post("/pos/api/auth/login", json={"tenant_id": shop.tenant_id, "pin": "1234"}).json()["token"]
    return client, token


def _me(client, token):
    return client.get("/pos/api/auth/me", headers={"Authorization": f"Bearer {token}"})


def test_a_real_token_works(setup) -> None:
    client, token = setup
    assert _me(client, token).status_code == 200


def test_alg_none_is_refused(setup) -> None:
    client, token = setup
    claims = jwt.decode(token, options={"verify_signature": False})
    forged = jwt.encode(claims, None, algorithm="none")
    r = _me(client, forged)
    assert r.status_code == 401 and "error" in r.json()


def test_a_token_signed_with_another_secret_is_refused(setup) -> None:
    client, token = setup
    claims = jwt.decode(token, options={"verify_signature": False})
    assert _me(client, jwt.encode({**claims, "role": "owner"}, "y" * 64, algorithm="HS256")).status_code == 401


def test_an_expired_token_is_refused(setup) -> None:
    client, token = setup
    claims = jwt.decode(token, options={"verify_signature": False})
    expired = jwt.encode({**claims, "exp": int(time.time()) - 10}, SECRET, algorithm="HS256")
    r = _me(client, expired)
    assert r.status_code == 401 and "expired" in r.json()["error"]


def test_a_tampered_payload_is_refused(setup) -> None:
    client, token = setup
    head, _payload, sig = token.split(".")
    other = jwt.encode({"typ": "pos", "tenant_id": 2}, SECRET, algorithm="HS256").split(".")[1]
    assert _me(client, f"{head}.{other}.{sig}").status_code == 401
