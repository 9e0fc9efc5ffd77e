"""Repositories of invoicing, reached through a tenant's unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from nexus_core.domain.invoicing import CfdiRecord, CfdiStatus, IssuerCertificate
from nexus_core.domain.payment_complements import ComplementLink


class IssuerRepository(Protocol):
    def get(self) -> IssuerCertificate | None: ...

    def put(self, issuer: IssuerCertificate) -> None:
        """Store the tenant's CSD and issuer data, replacing the previous ones."""
        ...


class CfdiRepository(Protocol):
    def add(self, record: CfdiRecord) -> int:
        """Insert with its sale links; sets and returns ``record.id``."""
        ...

    def get(self, cfdi_id: int) -> CfdiRecord | None: ...

    def lock(self, cfdi_id: int) -> CfdiRecord | None:
        """Like :meth:`get`, locking the row until the transaction ends."""
        ...

    def by_uuid(self, uuid: str) -> CfdiRecord | None: ...

    def save(self, record: CfdiRecord) -> None:
        """Store the state: status, stamp, error, attempts, claim and cancellation fields."""
        ...

    def page(self, status: CfdiStatus | None, offset: int, limit: int) -> tuple[list[CfdiRecord], int]:
        """Newest first, and how many match."""
        ...

    def claim_pending(self, now: datetime, limit: int) -> list[CfdiRecord]:
        """Up to ``limit`` claimable pending rows (oldest first), locked so that a concurrent claimer skips
        them (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite has one writer)."""
        ...

    def holding(self, sale_ids: Sequence[int]) -> dict[int, CfdiRecord]:
        """For each given sale that a live CFDI (pending, stamped, cancellation pending) covers, that CFDI."""
        ...

    def latest_for_sale(self, sale_id: int) -> CfdiRecord | None:
        """The newest CFDI covering the sale, whatever its state."""
        ...

    def uninvoiced_sale_ids(self, date_from: date, date_to: date, *, register_id: int | None = None) -> list[int]:
        """Completed sales of those business dates that no live CFDI covers, by id."""
        ...


class ComplementLinkRepository(Protocol):
    """Which payment complement (CFDI tipo P) documents which payment on which PPD invoice."""

    def add(self, link: ComplementLink) -> None: ...

    def for_invoice(self, invoice_id: int) -> list[ComplementLink]:
        """The invoice's complements' links, by instalment number."""
        ...

    def sale_id_by_folio(self, folio: str) -> int | None:
        """The sale with this folio (a charge names its sale by folio)."""
        ...

    def for_sale(self, sale_id: int) -> list[ComplementLink]:
        """The links of the complements of the sale's invoices, oldest first."""
        ...


class PendingCfdiTenants(Protocol):
    """Across tenants (the platform unit of work): who has CFDIs waiting for the PAC."""

    def tenant_ids(self, now: datetime) -> list[int]:
        """Tenants with a pending CFDI that is not leased at ``now``, ascending."""
        ...
