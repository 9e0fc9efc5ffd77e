"""Repositories of quotations and layaways (with their lines, and a layaway's installments). Reached
through a tenant's unit of work; they see only its rows."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from nexus_core.domain.layaways import Installment, Layaway, LayawayStatus
from nexus_core.domain.quotations import Quotation, QuotationStatus
from nexus_core.ports.inventory_queries import Page, Paged


class QuotationRepository(Protocol):
    def add(self, quotation: Quotation) -> int:
        """Insert the quotation with its lines; sets and returns ``quotation.id``."""
        ...

    def get(self, quotation_id: int) -> Quotation | None: ...

    def lock(self, quotation_id: int) -> Quotation | None:
        """Like :meth:`get`, locking the row until the transaction ends."""
        ...

    def save_status(self, quotation: Quotation) -> None:
        """Store ``status``, ``sale_id``, ``converted_at`` and ``cancelled_at``."""
        ...

    def list(
        self, *, status: QuotationStatus | None, customer_id: int | None, today: date, page: Page
    ) -> Paged[Quotation]:
        """Newest first. ``expired`` and ``active`` are told apart by ``valid_until`` against the
        tenant's local ``today`` (an active row past it is expired)."""
        ...


class LayawayRepository(Protocol):
    def add(self, layaway: Layaway) -> int:
        """Insert the layaway with its lines (not its installments); sets and returns ``layaway.id``."""
        ...

    def get(self, layaway_id: int) -> Layaway | None:
        """The layaway with its lines and installments (oldest first)."""
        ...

    def lock(self, layaway_id: int) -> Layaway | None:
        """Like :meth:`get`, locking the row until the transaction ends."""
        ...

    def save(self, layaway: Layaway) -> None:
        """Store what changes after creation: ``paid``, the status and the completion's or the
        cancellation's fields."""
        ...

    def add_payment(self, payment: Installment) -> int: ...

    def list(self, *, status: LayawayStatus | None, customer_id: int | None, page: Page) -> Paged[Layaway]:
        """Newest first, with lines, without installments."""
        ...
