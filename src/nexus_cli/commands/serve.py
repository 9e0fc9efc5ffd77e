from __future__ import annotations

import copy
from typing import Any

import typer
import uvicorn
from uvicorn.config import LOGGING_CONFIG

from nexus_adapters import bootstrap
from nexus_adapters.settings import Settings
from nexus_cli.output import domain_errors, fail, say
from nexus_cli.preflight import port_problem, workers_problem

APP = "nexus_http.app:create_app_from_env"


def log_config(level: str) -> dict[str, Any]:
    """uvicorn's logging plus the ``nexus_http`` loggers, every line of those stamped ``[request id]``."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"request_id": {"()": "nexus_http.request_log.RequestIdFilter"}}
    config["formatters"]["nexus"] = {
        "()": "uvicorn.logging.DefaultFormatter",
        "fmt": "%(levelprefix)s [%(request_id)s] %(message)s",
        "use_colors": None,
    }
    config["handlers"]["nexus"] = {
        "formatter": "nexus",
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
        "filters": ["request_id"],
    }
    config["loggers"]["nexus_http"] = {"handlers": ["nexus"], "level": level.upper(), "propagate": False}
    if level == "trace":  # uvicorn's own level name; the standard library does not know it
        config["loggers"]["nexus_http"]["level"] = "DEBUG"
    return config


def uvicorn_options(settings: Settings, *, host: str, port: int, workers: int) -> dict[str, Any]:
    """How Nexus is served; the benchmarks serve their bare ceiling app with exactly these options.

    uvloop and httptools come with ``uvicorn[standard]``. uvicorn's access log stays off: the app's own
    request log (``NEXUS_ACCESS_LOG=1``) writes one line per request with its request id instead.
    """
    return {
        "host": host,
        "port": port,
        "workers": workers,
        "log_level": settings.log_level,
        "log_config": log_config(settings.log_level),
        "access_log": False,
        "loop": "auto",  # uvloop, installed by uvicorn[standard] wherever it runs
        "http": "auto",  # httptools, likewise
    }


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(5001, min=1, max=65535, help="TCP port."),
    workers: int = typer.Option(1, min=1, max=64, help="Worker processes (more than one wants PostgreSQL)."),
) -> None:
    """Upgrade the schema, then serve both HTTP surfaces."""
    with domain_errors():
        settings = Settings.from_env()
        problem = workers_problem(workers, settings.database_url) or port_problem(host, port)
        if problem is not None:
            raise fail(problem)
        bootstrap.upgrade()
        bootstrap.release_orphaned_claims()  # keys of requests that died with the previous server (ADR 6)
        # Create the shared secrets (JWT secret in the database, PIN pepper file) before workers start,
        # so every worker reads the same values instead of racing to create them.
        bootstrap.build_services()
    say(f"Nexus serving on http://{host}:{port}")
    uvicorn.run(APP, factory=True, **uvicorn_options(settings, host=host, port=port, workers=workers))
