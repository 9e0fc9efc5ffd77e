"""Checks `nexus serve` makes before it announces anything: the port is free, and several workers
have a database several processes can write to."""

from __future__ import annotations

import errno
import socket

from nexus_adapters.database_checks import backend_of


def port_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on now, or ``None`` when it can.

    The probe binds like uvicorn does (``SO_REUSEADDR``), so a port left in TIME_WAIT counts as free and
    a port another server listens on does not. Another process may still take the port between this
    check and the server's own bind; the server then fails with its own message.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return f"cannot listen on {host}:{port}: unknown host ({exc.strerror})"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} on {host} is already in use; stop the other server or choose another --port"
            return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
    return None


def workers_problem(workers: int, database_url: str) -> str | None:
    """Several worker processes on SQLite would fight over its single writer: refuse with the reason."""
    if workers > 1 and backend_of(database_url) == "sqlite":
        return (
            f"--workers {workers} needs PostgreSQL: SQLite allows one writing process at a time, so extra "
            "workers would fail with 'database is locked'. Set NEXUS_DATABASE_URL=postgresql+psycopg://... "
            "or serve with --workers 1"
        )
    return None
