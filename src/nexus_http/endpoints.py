"""Declaring endpoints: one table entry says everything the app, the docs and the checks need.

A route module does::

    routes = RouteTable("config")

    @routes.post("/pos/api/config/branches", summary="Create a branch", permission="config.edit",
                 body=BranchIn, status=201, idempotent=True, example={"id": 2, "message": "Branch created"})
    def create_branch(call: Call) -> Reply:
        cmd = CreateBranch(actor=call.actor, name=call.body.name, ...)
        return call.respond(config.create_branch, cmd, lambda new_id: Reply({"id": new_id, ...}, 201))

Endpoints are authenticated unless ``public=True``; the token must be of the path's surface. On the POS
surface the employee's current state (at most a second old, see :mod:`nexus_http.auth`) decides: a
deactivated employee is refused and ``permission`` is checked against the current role before the handler
runs (the core re-checks writes against the database in their transaction).
``body`` is an attrs wire class structured strictly (see :mod:`nexus_http.schemas`); ``query`` is one for
the query string (see :mod:`nexus_http.query`), read as ``call.params``. ``response`` is the attrs class that
describes the answer's body in ``/openapi.json``; a test checks every real answer and every ``example``
against it. Handlers are plain ``def`` functions run in the threadpool, because the core is synchronous;
``inline=True`` runs one on the event loop instead, for handlers without I/O of their own (health, and
``me`` when the caller's state is cached), saving the thread hand-off. :mod:`nexus_http.dispatch` serves
the table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Callable, TypeVar

import attrs

from nexus_core.domain.idempotency import ANONYMOUS, principal_of
from nexus_core.errors import NotFound
from nexus_core.ports.unit_of_work import PlatformUnitOfWork, UnitOfWork
from nexus_core.services.authz import Actor
from nexus_core.services.runner import Deps, Nexus
from nexus_core.services.sessions import EmployeeState
from nexus_http import idempotency
from nexus_http.auth import Authenticator
from nexus_http.envelope import Surface
from nexus_http.query import check_query_class
from nexus_http.reply import Reply
from nexus_http.schemas import INT_MAX

C = TypeVar("C")
R = TypeVar("R")

_DIGITS = re.compile(r"^[0-9]{1,19}$")


@attrs.frozen
class Endpoint:
    method: str
    path: str
    handler: Callable[[Call], Any]
    summary: str
    public: bool = False
    permission: str | None = None
    body: type | None = None
    query: type | None = None
    response: type | None = None
    idempotent: bool = False
    status: int = 200
    example: Any = None
    errors: tuple[int, ...] = ()
    tag: str = ""
    # A cheap handler with no I/O of its own: served on the event loop (no threadpool hop) whenever
    # authentication needs no database read either (see nexus_http.auth.Authenticator).
    inline: bool = False
    # An inline handler that reads the database itself (a short indexed read, such as the item list): a
    # caller whose employee state is stale is read on the loop too, instead of every request sent to a
    # thread until one has refreshed it (that convoy held the GIL from the threads: p99 of 250-600 ms).
    reads_inline: bool = False
    # The handler reads the raw request body (``call.raw``): webhooks verify a signature over its bytes.
    raw_body: bool = False
    # What a successful answer is: JSON, or a document such as ``application/pdf`` (a RawBody reply).
    media_type: str = "application/json"
    # The largest body this endpoint reads, when it differs from the application's (a bulk import).
    max_body: int | None = None

    @property
    def surface(self) -> Surface:
        return Surface.of_path(self.path)

    @property
    def operation_id(self) -> str:
        return self.handler.__name__


class RouteTable:
    """The endpoints of one route module, collected by decorators."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.endpoints: list[Endpoint] = []

    def route(self, method: str, path: str, *, summary: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
        if options.get("query") is not None:
            check_query_class(options["query"])

        def register(handler: Callable[[Call], Any]) -> Callable[[Call], Any]:
            self.endpoints.append(Endpoint(method, path, handler, summary, tag=self.tag, **options))
            return handler

        return register

    def get(self, path: str, *, summary: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
        return self.route("GET", path, summary=summary, **options)

    def post(self, path: str, *, summary: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
        return self.route("POST", path, summary=summary, **options)

    def put(self, path: str, *, summary: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
        return self.route("PUT", path, summary=summary, **options)

    def delete(self, path: str, *, summary: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
        return self.route("DELETE", path, summary=summary, **options)


@attrs.define
class Call:
    """One request as a handler sees it: who, what (the structured body) and how to run use cases."""

    nexus: Nexus
    endpoint: Endpoint
    method: str
    path: str
    query_string: str
    path_params: Mapping[str, str]
    query: Mapping[str, str]
    headers: Mapping[str, str]
    actor_or_none: Actor | None
    body: Any
    json: Any
    responded: bool = False
    params: Any = None  # the structured query string, when the endpoint declares ``query=``
    # The employee's current state (POS endpoints), and the process's authenticator (to forget a
    # changed employee's cached state at once).
    employee: EmployeeState | None = None
    sessions: Authenticator | None = None
    raw: bytes = b""  # the body's bytes, for endpoints declared ``raw_body=True``
    integrations: Any = None  # the app's nexus_core.services.integrations.Integrations, when configured

    @property
    def actor(self) -> Actor:
        if self.actor_or_none is None:
            raise RuntimeError(f"{self.endpoint.path} is public: it has no actor")
        return self.actor_or_none

    def path_int(self, name: str) -> int:
        """A path id; anything that is not one answers 404, exactly like an id that does not exist."""
        raw = self.path_params.get(name, "")
        if not _DIGITS.match(raw) or int(raw) > INT_MAX:
            raise NotFound(f"{name} {raw!r} not found", field=name)
        return int(raw)

    def run(self, handler: Callable[[C, UnitOfWork, Deps], R], cmd: C, *, tenant_id: int | None = None) -> R:
        """A use case in the caller's tenant (or ``tenant_id`` for public endpoints such as login)."""
        return self.nexus.run(self._tenant(tenant_id), handler, cmd)

    def run_platform(self, handler: Callable[[C, PlatformUnitOfWork, Deps], R], cmd: C) -> R:
        return self.nexus.run_platform(handler, cmd)

    def respond(
        self,
        handler: Callable[[C, UnitOfWork, Deps], R],
        cmd: C,
        render: Callable[[R], Reply],
        *,
        tenant_id: int | None = None,
    ) -> Reply:
        """Run a write and render its answer, honouring ``Idempotency-Key`` when the endpoint declares it."""
        self.responded = True
        tenant = self._tenant(tenant_id)
        key = self.headers.get(idempotency.HEADER.lower()) if self.endpoint.idempotent else None
        if key is None:
            return render(self.nexus.run(tenant, handler, cmd))
        digest = idempotency.request_digest(self.method, self.path, self.query_string, self.json)
        return idempotency.run_idempotent(
            self.nexus,
            tenant_id=tenant,
            key=key,
            digest=digest,
            principal=self._principal(),
            surface=self.endpoint.surface,
            handler=handler,
            cmd=cmd,
            render=render,
        )

    def _principal(self) -> str:
        """Whose key it is (ADR 6): keys are per (tenant, principal)."""
        if self.actor_or_none is None:
            return ANONYMOUS
        return principal_of(self.actor.kind.value, self.actor.principal_id)

    def _tenant(self, tenant_id: int | None) -> int:
        return tenant_id if tenant_id is not None else self.actor.tenant_id
