"""The HTTP application: pure composition over a :class:`Nexus`, so tests build it on fakes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from nexus_core.services.integrations import Integrations
from nexus_core.services.runner import Nexus
from nexus_http.dispatch import HANDLER_THREADS, WRITE_WAIT, Dispatcher
from nexus_http.docs_page import docs_page, static_files
from nexus_http.errors import exception_handlers
from nexus_http.frontline import Frontline
from nexus_http.jsonio import dumps
from nexus_http.metrics import Metrics, metrics_endpoint
from nexus_http.openapi import build_spec
from nexus_http.reply import JSON
from nexus_http.routes import all_endpoints

# Bulk order imports (10^4 orders in one request) need room; anything larger is refused with 413.
DEFAULT_MAX_BODY_SIZE = 32 * 1024 * 1024


class BackgroundWorker(Protocol):
    """Something the app runs while it serves (the outbox worker): started at start-up, stopped at shutdown."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


def create_app(
    nexus: Nexus,
    *,
    metrics: bool = True,
    max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    access_log: bool = False,
    slow_request_ms: float = 500.0,
    handler_threads: int = HANDLER_THREADS,
    write_threads: int | None = None,
    write_wait: float = WRITE_WAIT,
    worker: BackgroundWorker | None = None,
    integrations: Integrations | None = None,
) -> Starlette:
    """Both surfaces, ``/openapi.json``, ``/docs`` and (unless ``metrics=False``) ``/metrics``.

    Every answer carries an ``X-Request-Id``; errors and requests over ``slow_request_ms`` are logged, and
    every request when ``access_log`` is on (see :mod:`nexus_http.request_log`)."""
    if integrations is None:  # the built-in sandboxes: nothing leaves the process
        from nexus_adapters.integrations.settings import IntegrationSettings
        from nexus_adapters.integrations.wiring import build_integrations

        integrations = build_integrations(IntegrationSettings())
    endpoints = all_endpoints()
    spec = build_spec(endpoints)
    spec_bytes = dumps(spec)
    docs_html = docs_page(spec)

    async def openapi_json(request: Request) -> Response:
        return Response(spec_bytes, media_type=JSON)

    async def docs(request: Request) -> Response:
        return HTMLResponse(docs_html)

    dispatcher = Dispatcher(
        endpoints,
        nexus,
        max_body_size=max_body_size,
        threads=handler_threads,
        write_threads=write_threads,
        write_wait=write_wait,
        integrations=integrations,
    )
    routes: list[BaseRoute] = [*dispatcher.routes()]
    routes += [
        Route("/openapi.json", openapi_json, methods=["GET"], include_in_schema=False),
        Route("/docs", docs, methods=["GET"], include_in_schema=False),
        static_files(),
    ]
    registry = Metrics() if metrics else None
    if registry is not None:
        routes.append(Route("/metrics", metrics_endpoint(registry), methods=["GET"], include_in_schema=False))
    frontline = Middleware(
        Frontline, dispatcher=dispatcher, metrics=registry, access_log=access_log, slow_ms=slow_request_ms
    )
    middleware: list[Middleware] = [frontline]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if worker is not None:
            worker.start()
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()

    app = Starlette(routes=routes, middleware=middleware, exception_handlers=exception_handlers(), lifespan=lifespan)
    app.state.nexus = nexus
    app.state.metrics = registry
    return app


def create_app_from_env() -> Starlette:
    """For ``uvicorn --factory nexus_http.app:create_app_from_env``: a Nexus on ``NEXUS_DATABASE_URL``."""
    from nexus_adapters.bootstrap import build_outbox_worker, build_services
    from nexus_adapters.bootstrap import integrations as build_integrations
    from nexus_adapters.integrations.settings import IntegrationSettings
    from nexus_adapters.settings import Settings

    settings = Settings.from_env()
    integrations = IntegrationSettings.from_env()
    nexus = build_services(settings=settings)
    bundle = build_integrations(integrations)
    return create_app(
        nexus,
        worker=build_outbox_worker(nexus, integrations, bundle) if integrations.worker else None,
        integrations=bundle,
        access_log=settings.access_log,
        slow_request_ms=settings.slow_request_ms,
        handler_threads=settings.threads_for_handlers(),
        write_threads=settings.threads_for_writes(),
    )
