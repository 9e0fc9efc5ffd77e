"""A fair (first come, first served) queue for the one writer connection of a SQLite database.

SQLite lets one connection write at a time. Left to SQLite, waiting writers poll in its busy
handler with growing sleeps, in no particular order, and give up with "database is locked" after
the busy timeout. In one process we know better: writers wait here, each woken exactly when its turn
comes (the lock is handed over, never grabbed), so a write waits only for the writes queued before
it. The busy timeout still covers writers in *other* processes (a CLI beside the server).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

from nexus_core.errors import Conflict


class WriteQueue:
    """A FIFO lock: ``with queue.turn(): ...`` runs once every earlier caller has finished."""

    def __init__(self, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Event] = deque()
        self._owner: int | None = None

    @property
    def waiting(self) -> int:
        """How many callers are queued behind the current one."""
        with self._mutex:
            return len(self._waiters)

    @contextmanager
    def turn(self) -> Iterator[None]:
        self._acquire()
        try:
            yield
        finally:
            self._release()

    def _acquire(self) -> None:
        me = threading.get_ident()
        with self._mutex:
            if self._owner == me:
                # The same thread would wait for itself forever: a nested write transaction is a bug.
                raise RuntimeError("this thread already holds the write turn (nested write transaction)")
            if self._owner is None:
                self._owner = me
                return
            ready = threading.Event()
            self._waiters.append(ready)
        if ready.wait(self.timeout):
            self._owner = me  # handed over by _release, which left the turn reserved for us
            return
        with self._mutex:
            if ready.is_set():  # handed over just as we gave up: take it
                self._owner = me
                return
            self._waiters.remove(ready)
        raise Conflict("the database is busy: too many writes are queued; retry the request")

    def _release(self) -> None:
        with self._mutex:
            if self._waiters:
                self._owner = -1  # reserved for the next waiter until it wakes and claims it
                self._waiters.popleft().set()
            else:
                self._owner = None
