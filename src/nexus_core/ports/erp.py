"""ERP sync ports: the jobs and what each provider was sent (``uow.erp_jobs``), the documents to export
(``uow.erp_sources``), and the exporters (adapters: files, Odoo, SAP B1), which run outside transactions."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Protocol

from nexus_core.domain.erp import ExportBatch, ExportResult, SyncJob
from nexus_core.domain.stock import Movement


class ErpJobRepository(Protocol):
    def add(self, job: SyncJob) -> int:
        """Insert and set ``job.id``."""
        ...

    def get(self, job_id: int) -> SyncJob | None: ...

    def lock(self, job_id: int) -> SyncJob | None:
        """Like :meth:`get`, locking the job's row until the transaction ends."""
        ...

    def save(self, job: SyncJob) -> None:
        """Store the status, times, counts, errors and output."""
        ...

    def sent(self, provider: str, sync_type: str, doc_ids: Collection[str]) -> set[str]:
        """Which of ``doc_ids`` were already sent to the provider for the sync type (by any job)."""
        ...

    def mark_sent(
        self, provider: str, sync_type: str, job_id: int, sent: Sequence[tuple[str, str | None]], at: datetime
    ) -> None:
        """Record documents as sent, with the provider's id for each; a document already recorded is kept."""
        ...


class ErpSources(Protocol):
    """Ids of what a job may export, oldest first."""

    def sale_ids(self, date_from: date, date_to: date, limit: int) -> list[int]:
        """Completed sales of the local days ``date_from..date_to``."""
        ...

    def item_ids(self, limit: int) -> list[int]:
        """The tenant's items by id."""
        ...

    def customer_ids(self, limit: int) -> list[int]:
        """The tenant's customers by id (inactive ones too: the ERP learns they are inactive)."""
        ...

    def purchase_movements(self, date_from: date, date_to: date, limit: int) -> list[Movement]:
        """Stock movements of kind ``purchase`` of the local days ``date_from..date_to``, by id."""
        ...


class ErpExporter(Protocol):
    def export(self, batch: ExportBatch) -> ExportResult:
        """Deliver the batch: a file (in the result) or calls to the provider. Errors the provider
        reports per document go into the result; an unreachable provider or refused credentials raise
        :class:`nexus_core.errors.ExternalServiceError`. Never called inside a transaction."""
        ...


class ErpExporters(Protocol):
    def for_provider(self, provider_id: str) -> ErpExporter: ...
