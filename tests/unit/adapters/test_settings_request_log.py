"""NEXUS_ACCESS_LOG and NEXUS_SLOW_REQUEST_MS."""

from __future__ import annotations

import pytest

from nexus_adapters.settings import Settings, SettingsError


def test_the_access_log_is_off_and_slow_requests_are_logged_by_default():
    s = Settings.from_env({})
    assert s.access_log is False
    assert s.slow_request_ms == 500


@pytest.mark.parametrize(("raw", "on"), [("1", True), ("true", True), ("ON", True), ("0", False), ("no", False)])
def test_access_log_switch(raw, on):
    assert Settings.from_env({"NEXUS_ACCESS_LOG": raw}).access_log is on


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"NEXUS_ACCESS_LOG": "maybe"}, "NEXUS_ACCESS_LOG"),
        ({"NEXUS_SLOW_REQUEST_MS": "fast"}, "NEXUS_SLOW_REQUEST_MS must be a number"),
        ({"NEXUS_SLOW_REQUEST_MS": "-1"}, "NEXUS_SLOW_REQUEST_MS must be between"),
        ({"NEXUS_SLOW_REQUEST_MS": "nan"}, "NEXUS_SLOW_REQUEST_MS must be between"),
    ],
)
def test_bad_values_name_the_variable(env, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_slow_threshold_is_read():
    assert Settings.from_env({"NEXUS_SLOW_REQUEST_MS": "250"}).slow_request_ms == 250
    assert Settings.from_env({"NEXUS_SLOW_REQUEST_MS": "0"}).slow_request_ms == 0


def test_handler_threads_follow_the_database_unless_set() -> None:
    from nexus_adapters.settings import Settings, SettingsError

    assert Settings.from_env({"NEXUS_DATABASE_URL": "sqlite:///x.db"}).threads_for_handlers() == 2
    assert Settings.from_env({"NEXUS_DATABASE_URL": "postgresql+psycopg://u@h/db"}).threads_for_handlers() == 8
    assert Settings.from_env({"NEXUS_HANDLER_THREADS": "16"}).threads_for_handlers() == 16
    for bad in ("0", "-1", "many", "1000"):
        with pytest.raises(SettingsError, match="NEXUS_HANDLER_THREADS"):
            Settings.from_env({"NEXUS_HANDLER_THREADS": bad})
