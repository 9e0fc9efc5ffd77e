"""From an ASGI request to an endpoint's answer: the routes, the threadpool, and the fast lane.

Every path is one pure ASGI route (no ``Request`` object, no per-request wrapper layers): the body is read
from ``receive`` (413 as soon as it is known to be too large), the handler runs with a :class:`Call`
built straight from the scope, and the answer is sent as two ASGI messages.

Handlers are synchronous (the core is), so they run in the threadpool, at most :data:`HANDLER_THREADS`
at a time: more threads than that only fight over the GIL and the database connections, and stretch
every request's latency (ADR 18); endpoints that write (every method but GET) take at most ``write_threads``
of them (1 on SQLite, ADR 35). ``inline=True`` endpoints run on the event loop whenever
authentication needs no database read, or always when they read the database themselves
(``reads_inline``, ADR 37).

The fast lane (:meth:`Dispatcher.fast`) answers inline endpoints with a fixed path and no body
(health, ``auth/me``, the item list and search) before Starlette's routing, from the outer middleware
(:mod:`nexus_http.frontline`); its refusals are the same envelopes the exception handlers write.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qsl

from anyio import CapacityLimiter, move_on_after
from anyio.to_thread import run_sync
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from nexus_core.errors import Conflict, NexusError
from nexus_core.services.runner import Nexus
from nexus_http.auth import Authenticator, Resolved
from nexus_http.endpoints import Call, Endpoint
from nexus_http.errors import error_reply, http_error_reply
from nexus_http.jsonio import parse_object
from nexus_http.query import structure_query
from nexus_http.reply import Reply, send_reply
from nexus_http.schemas import structure

HANDLER_THREADS = 2
WRITE_WAIT = 30.0  # seconds a write waits for its turn before 409, as in the SQLite write queue
_NO_QUERY: Mapping[str, str] = MappingProxyType({})
_NO_PATH_PARAMS: Mapping[str, str] = MappingProxyType({})


def _headers(scope: Scope) -> dict[str, str]:
    # ASGI header names are lower-case already; a repeated header keeps its last value.
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}


class _LazyHeaders(Mapping[str, str]):
    """The request headers as :func:`_headers` has them, decoded only if a fast-lane handler reads them."""

    def __init__(self, scope: Scope) -> None:
        self._scope = scope
        self._decoded: dict[str, str] | None = None

    def _all(self) -> dict[str, str]:
        if self._decoded is None:
            self._decoded = _headers(self._scope)
        return self._decoded

    def __getitem__(self, name: str) -> str:
        return self._all()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def _authorization(scope: Scope) -> str | None:
    found = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            found = value  # the last one, as in _headers
    return None if found is None else str(found.decode("latin-1"))


def handle(
    endpoint: Endpoint,
    nexus: Nexus,
    sessions: Authenticator,
    scope: Scope,
    headers: Mapping[str, str],
    raw: bytes,
    resolved: Resolved | None = None,
    integrations: Any = None,
) -> Reply:
    """Authenticate, parse, run the handler: on the event loop when inline, else in a worker thread."""
    actor, employee = None, None
    if not endpoint.public:
        actor, employee = resolved or sessions.resolve(headers.get("authorization"), endpoint.surface)
        if endpoint.permission is not None:
            actor.require(endpoint.permission)
    json_value: Any = None
    body: Any = None
    if endpoint.body is not None:
        json_value = parse_object(raw)
        body = structure(json_value, endpoint.body)
    query_string = scope.get("query_string", b"").decode("latin-1")
    pairs = parse_qsl(query_string, keep_blank_values=True) if query_string else []
    call = Call(
        nexus=nexus,
        endpoint=endpoint,
        method=scope["method"],
        path=scope["path"],
        query_string=query_string,
        path_params=scope.get("path_params") or _NO_PATH_PARAMS,
        query=dict(pairs) if pairs else _NO_QUERY,
        headers=headers,
        actor_or_none=actor,
        body=body,
        json=json_value,
        params=structure_query(pairs, endpoint.query) if endpoint.query else None,
        employee=employee,
        sessions=sessions,
        raw=raw if endpoint.raw_body else b"",
        integrations=integrations,
    )
    result = endpoint.handler(call)
    if endpoint.idempotent and not call.responded:
        raise RuntimeError(f"{endpoint.method} {endpoint.path} is idempotent but did not answer via call.respond")
    return result if isinstance(result, Reply) else Reply(result, endpoint.status)


async def read_body(headers: Mapping[str, str], receive: Receive, max_size: int, *, own: int | None = None) -> bytes:
    """The body, refusing with 413 as soon as it is known to exceed ``max_size`` bytes (an endpoint with
    its ``own`` limit says it in the refusal)."""
    too_large = (
        None if own is None else f"request body too large: at most {own / 1_048_576:g} MB; send fewer per request"
    )
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_size:
        raise HTTPException(413, too_large)
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_size:
            raise HTTPException(413, too_large)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


class Dispatcher:
    """The endpoints of one application, with its authenticator and its handler threads."""

    def __init__(
        self,
        endpoints: Iterable[Endpoint],
        nexus: Nexus,
        *,
        max_body_size: int,
        threads: int = HANDLER_THREADS,
        write_threads: int | None = None,
        write_wait: float = WRITE_WAIT,
        integrations: Any = None,
    ) -> None:
        self.endpoints = list(endpoints)
        self.integrations = integrations
        self.nexus = nexus
        self.sessions = Authenticator(nexus)
        self.max_body_size = max_body_size
        self.threads = CapacityLimiter(threads)
        # Endpoints that change something wait here for a thread (FIFO, on the event loop) rather than in the
        # database's write queue holding one: on SQLite their writes run one at a time anyway (ADR 35).
        self.write_threads = self.threads if write_threads is None else CapacityLimiter(write_threads)
        self.write_wait = write_wait
        self._fast = {
            (e.method, e.path)
            for e in self.endpoints
            if e.inline and e.body is None and not e.raw_body and "{" not in e.path
        }
        self._direct = {(e.method, e.path): e for e in self.endpoints if "{" not in e.path}

    def routes(self) -> list[Route]:
        """One route per path, dispatching on the method, so a 405 lists every allowed method."""
        by_path: dict[str, dict[str, Endpoint]] = {}
        for e in self.endpoints:
            by_path.setdefault(e.path, {})[e.method] = e
        return [
            Route(
                path,
                _PathApp(self, methods),
                methods=list(methods),
                name="|".join(e.operation_id for e in methods.values()),
            )
            for path, methods in by_path.items()
        ]

    def _resolve(self, endpoint: Endpoint, authorization: str | None) -> Resolved | None:
        """The caller from the caches, or (``reads_inline``) read on the loop; ``None``: read it in a thread."""
        if endpoint.reads_inline:
            return self.sessions.resolve(authorization, endpoint.surface)
        return self.sessions.resolve_cached(authorization, endpoint.surface)

    def is_fast(self, endpoint: Endpoint) -> bool:
        """Whether ``endpoint`` may be answered on the event loop without reading a body (:meth:`fast`)."""
        return (endpoint.method, endpoint.path) in self._fast

    async def fast(self, endpoint: Endpoint, scope: Scope, send: Send) -> bool:
        """Answer a fast-lane endpoint on the event loop; ``False`` (nothing sent) when it needs the database."""
        headers = _LazyHeaders(scope)
        try:
            resolved = None
            if not endpoint.public:
                resolved = self._resolve(endpoint, _authorization(scope))
                if resolved is None:
                    return False
            reply = handle(endpoint, self.nexus, self.sessions, scope, headers, b"", resolved)
        except NexusError as exc:
            reply = error_reply(exc, endpoint.surface)
        await send_reply(reply, send)
        return True

    def direct_endpoint(self, method: str, path: str) -> Endpoint | None:
        return self._direct.get((method, path))

    async def direct(self, endpoint: Endpoint, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer an endpoint with a fixed path without Starlette's routing and exception middleware: its
        refusals are the envelopes their exception handlers write (:mod:`nexus_http.errors`)."""
        try:
            await self.answer(endpoint, scope, receive, send)
        except NexusError as exc:
            await send_reply(error_reply(exc, endpoint.surface), send)
        except HTTPException as exc:
            await send_reply(http_error_reply(exc, endpoint.surface), send)

    async def answer(self, endpoint: Endpoint, scope: Scope, receive: Receive, send: Send) -> None:
        headers = _headers(scope)
        raw = b""
        if endpoint.body is not None or endpoint.raw_body:
            raw = await read_body(headers, receive, endpoint.max_body or self.max_body_size, own=endpoint.max_body)
        if endpoint.inline:
            resolved = None
            if not endpoint.public:
                resolved = self._resolve(endpoint, headers.get("authorization"))
            if endpoint.public or resolved is not None:
                await send_reply(handle(endpoint, self.nexus, self.sessions, scope, headers, raw, resolved), send)
                return
        args = (endpoint, self.nexus, self.sessions, scope, headers, raw, None, self.integrations)
        if endpoint.method == "GET" or self.write_threads is self.threads:
            reply = await run_sync(handle, *args, limiter=self.threads)
        else:
            reply = await self._write(args)
        await send_reply(reply, send)

    async def _write(self, args: tuple[Any, ...]) -> Reply:
        """A write's turn: wait (FIFO, on the event loop) for the write thread at most ``write_wait`` seconds,
        as the database's write queue would have, then run on a handler thread."""
        acquired = False
        with move_on_after(self.write_wait):
            await self.write_threads.acquire()
            acquired = True
        if not acquired:
            raise Conflict("the database is busy: too many writes are queued; retry the request")
        try:
            return await run_sync(handle, *args, limiter=self.threads)
        finally:
            self.write_threads.release()


class _PathApp:
    """The ASGI app of one path (a class, so Starlette's ``Route`` calls it as ASGI, unwrapped)."""

    def __init__(self, dispatcher: Dispatcher, by_method: dict[str, Endpoint]) -> None:
        self.dispatcher = dispatcher
        self.by_method = by_method

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        endpoint = self.by_method["GET" if method == "HEAD" else method]
        await self.dispatcher.answer(endpoint, scope, receive, send)
