"""Repositories of the parcels surface: places, currencies and delivery orders, per tenant."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Protocol

import attrs

from nexus_core.domain.geo import Currency, GeoLevel, Place
from nexus_core.domain.orders import DeliveryOrder, OrderState
from nexus_core.ports.inventory_queries import Page, Paged


class PlaceRepository(Protocol):
    def add(self, place: Place) -> int:
        """Insert and set ``place.id``."""
        ...

    def get(self, place_id: int) -> Place | None: ...

    def get_many(self, place_ids: Collection[int]) -> dict[int, Place]:
        """The tenant's places among ``place_ids``, in one query (missing ids are absent)."""
        ...

    def list(self, level: GeoLevel | None = None) -> list[Place]:
        """The places of one level (every level when ``None``), by id."""
        ...

    def update(self, place: Place) -> None: ...

    def delete(self, place_id: int) -> None: ...

    def children(self, place_id: int) -> int:
        """How many places name this one as their parent."""
        ...


class CurrencyRepository(Protocol):
    def add(self, currency: Currency) -> int:
        """Insert and set ``currency.id``; a code already used by the tenant is a Conflict."""
        ...

    def get(self, currency_id: int) -> Currency | None: ...

    def get_by_code(self, code: str) -> Currency | None: ...

    def list(self) -> list[Currency]:
        """Every currency of the tenant, by id."""
        ...

    def update(self, currency: Currency) -> None: ...

    def delete(self, currency_id: int) -> None: ...


@attrs.frozen
class OrderFilter:
    """What ``GET /api/pedidos/listar`` asks: every field optional; days are the tenant's local days."""

    state: OrderState | None = None
    date_from: date | None = None
    date_to: date | None = None
    municipality_id: int | None = None
    page: Page = attrs.field(factory=Page)


class OrderRepository(Protocol):
    def add_many(self, orders: Sequence[DeliveryOrder]) -> list[int]:
        """Insert the orders and their lines in one statement batch each; sets and returns their ids.
        A number already used by the tenant is a Conflict (nothing of the batch is written)."""
        ...

    def get(self, order_id: int) -> DeliveryOrder | None:
        """The order with its lines."""
        ...

    def get_by_number(self, number: int) -> DeliveryOrder | None:
        """The order with its lines."""
        ...

    def existing_numbers(self, numbers: Collection[int]) -> set[int]:
        """Which of ``numbers`` the tenant's orders already use, in one query."""
        ...

    def set_state(self, order: DeliveryOrder, previous: OrderState) -> bool:
        """Write ``order.state`` and ``updated_at`` only if the row is still in ``previous``; whether it applied."""
        ...

    def search(self, wanted: OrderFilter) -> Paged[DeliveryOrder]:
        """Orders matching the filter, newest first (lines included)."""
        ...

    def using_place(self, place_id: int) -> int:
        """How many orders name the place as their country, department, municipality or neighbourhood."""
        ...

    def using_currency(self, currency_id: int) -> int:
        """How many orders are priced in the currency."""
        ...
