"""Every answer carries a request id; errors and slow requests are logged with it, every request only on demand."""

from __future__ import annotations

import logging

import pytest
from http_support import TestClient

from nexus_core.services import config as config_services
from nexus_http import create_app
from nexus_http.request_log import RequestIdFilter

REQUESTS = "nexus_http.requests"


def _lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == REQUESTS]


def test_every_answer_has_its_own_request_id(client):
    ids = {client.get("/pos/health").headers["x-request-id"] for _ in range(5)}
    ids.add(client.get("/no/such/route").headers["x-request-id"])
    assert len(ids) == 6
    assert all(0 < len(i) <= 64 for i in ids)


@pytest.mark.parametrize("incoming", ["abc-123", "0f8fad5b-d9cb-469f-a165-70867728950e", "req.1:edge_2"])
def test_a_sane_incoming_request_id_is_kept(client, incoming):
    assert client.get("/pos/health", headers={"X-Request-Id": incoming}).headers["x-request-id"] == incoming


@pytest.mark.parametrize("incoming", ["", "x" * 65, "has space", "semi;colon", "ñandú".encode(), "a\tb"])
def test_an_odd_incoming_request_id_is_replaced(client, incoming):
    r = client.get("/pos/health", headers={"X-Request-Id": incoming})
    assert r.status_code == 200
    assert r.headers["x-request-id"] not in ("", incoming, "ñandú")


def test_no_access_log_by_default(client, caplog):
    with caplog.at_level(logging.DEBUG, logger=REQUESTS):
        assert client.get("/pos/health").status_code == 200
        assert client.get("/pos/api/auth/me").status_code == 401
    assert _lines(caplog) == []


def test_the_access_log_writes_one_line_per_request(nexus, caplog):
    with TestClient(create_app(nexus, access_log=True)) as c, caplog.at_level(logging.INFO, logger=REQUESTS):
        r = c.get("/pos/health?probe=1")
        c.get("/pos/api/auth/me")
    first, second = _lines(caplog)
    assert first.levelno == logging.INFO
    assert '"GET /pos/health?probe=1" 200' in first.getMessage()
    assert first.request_id == r.headers["x-request-id"]
    assert '"GET /pos/api/auth/me" 401' in second.getMessage()


def test_slow_requests_are_logged_as_warnings(nexus, caplog):
    # Every request takes more than a microsecond: each one is "slow" at this threshold.
    with TestClient(create_app(nexus, slow_request_ms=0.001)) as c, caplog.at_level(logging.INFO, logger=REQUESTS):
        r = c.get("/pos/health")
    (line,) = _lines(caplog)
    assert line.levelno == logging.WARNING
    assert "slow" in line.getMessage()
    assert line.request_id == r.headers["x-request-id"]


def test_a_zero_threshold_turns_the_slow_log_off(nexus, caplog):
    with TestClient(create_app(nexus, slow_request_ms=0)) as c, caplog.at_level(logging.INFO, logger=REQUESTS):
        c.get("/pos/health")
    assert _lines(caplog) == []


def test_errors_are_logged_with_the_request_id(client, owner_headers, monkeypatch, caplog):
    def broken(cmd, uow, deps):
        raise RuntimeError("database fell over")

    monkeypatch.setattr(config_services, "get_theme", broken)
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO, logger="nexus_http"):
        r = client.get("/pos/api/config/theme", headers={**owner_headers, "X-Request-Id": "trace-500"})
    assert r.status_code == 500
    assert r.headers["x-request-id"] == "trace-500"
    (line,) = _lines(caplog)
    assert line.levelno == logging.ERROR
    assert '"GET /pos/api/config/theme" 500' in line.getMessage()
    assert line.request_id == "trace-500"
    # The traceback logged deeper down carries the same id, through the filter the served log handler installs.
    (traceback,) = [rec for rec in caplog.records if rec.exc_info]
    assert traceback.request_id == "trace-500"


def test_outside_a_request_the_filter_stamps_a_dash():
    record = logging.LogRecord("nexus_http", logging.INFO, __file__, 1, "hello", None, None)
    assert RequestIdFilter().filter(record)
    assert record.request_id == "-"
