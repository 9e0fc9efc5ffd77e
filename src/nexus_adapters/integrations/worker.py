"""The outbox worker: a background thread of the HTTP app, and one pass for ``nexus integrations run``.

It never holds a transaction while calling out (:func:`nexus_core.services.outbox.deliver_due`); several
workers (processes) may run at once: each attempt is claimed under a row lock with a lease.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping

from nexus_core.services.outbox import DeliveryReport, Topic, deliver_due
from nexus_core.services.runner import Nexus

log = logging.getLogger("nexus.outbox")


class OutboxWorker:
    def __init__(self, nexus: Nexus, topics: Mapping[str, Topic], *, interval: float = 5.0) -> None:
        self.nexus, self.topics, self.interval = nexus, topics, interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> DeliveryReport:
        return deliver_due(self.nexus, self.topics)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                report = self.run_once()
                if report.delivered or report.retrying or report.failed:
                    log.info("outbox: %s", report)
            except Exception:  # the database may be away for a moment: try again next pass
                log.exception("outbox pass failed")
            self._stop.wait(self.interval)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="nexus-outbox", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
