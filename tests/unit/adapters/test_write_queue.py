"""The SQLite writer's queue: first come, first served; a nested turn is a bug, not a deadlock."""

from __future__ import annotations

import threading
import time

import pytest

from nexus_adapters.persistence.write_queue import WriteQueue
from nexus_core.errors import Conflict


def _until(condition: object) -> None:
    deadline = time.monotonic() + 30  # a bound for a broken build only
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the queue never reached the expected state"
        time.sleep(0.001)


def test_writers_get_their_turn_in_the_order_they_asked() -> None:
    queue = WriteQueue()
    order: list[int] = []
    threads = []

    def writer(n: int) -> None:
        with queue.turn():
            order.append(n)

    with queue.turn():  # the writer at work while the others line up, one after another
        for n in range(12):
            t = threading.Thread(target=writer, args=(n,))
            t.start()
            threads.append(t)
            _until(lambda n=n: queue.waiting == n + 1)
    for t in threads:
        t.join()
    assert order == list(range(12))
    assert queue.waiting == 0


def test_a_turn_is_released_when_the_writer_fails() -> None:
    queue = WriteQueue()
    with pytest.raises(ValueError), queue.turn():
        raise ValueError("the use case refused")
    with queue.turn():
        pass


def test_a_nested_turn_in_the_same_thread_is_refused_instead_of_waiting_forever() -> None:
    queue = WriteQueue()
    with queue.turn(), pytest.raises(RuntimeError, match="nested"), queue.turn():
        pass


def test_a_writer_that_waits_too_long_gives_up_with_conflict_and_leaves_the_queue() -> None:
    queue = WriteQueue(timeout=0.05)
    outcome: list[BaseException] = []

    def impatient() -> None:
        try:
            with queue.turn():
                pass
        except Conflict as error:
            outcome.append(error)

    with queue.turn():
        t = threading.Thread(target=impatient)
        t.start()
        t.join()
    assert len(outcome) == 1 and "busy" in str(outcome[0])
    assert queue.waiting == 0
    with queue.turn():  # the queue still works
        pass
