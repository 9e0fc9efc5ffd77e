"""In-memory repositories of the parcels surface (places, currencies, delivery orders), keeping the
SQL adapter's rules: unique order numbers and currency codes per tenant, tenant isolation."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import attrs

from nexus_core.domain.geo import Currency, GeoLevel, Place
from nexus_core.domain.orders import DeliveryOrder, OrderState
from nexus_core.errors import Conflict
from nexus_core.ports.inventory_queries import Paged
from nexus_core.ports.parcels_repositories import OrderFilter
from nexus_core.testing.fake_repo import FakeRepo


@attrs.define
class ParcelsTables:
    places: dict[int, Place] = attrs.Factory(dict)
    currencies: dict[int, Currency] = attrs.Factory(dict)
    orders: dict[int, DeliveryOrder] = attrs.Factory(dict)


class _Repo(FakeRepo):
    @property
    def _t(self) -> ParcelsTables:
        return self._tx.work.parcels


class InMemoryPlaces(_Repo):
    def _mine(self) -> list[Place]:
        return sorted((p for p in self._t.places.values() if p.tenant_id == self._tid), key=lambda p: p.id or 0)

    def add(self, place: Place) -> int:
        assert place.tenant_id == self._tid, "entity of another tenant"
        place.id = self._all.new_id("geo_places")
        self._t.places[place.id] = attrs.evolve(place)
        return place.id

    def get(self, place_id: int) -> Place | None:
        p = self._t.places.get(place_id)
        return attrs.evolve(p) if p is not None and p.tenant_id == self._tid else None

    def get_many(self, place_ids: Collection[int]) -> dict[int, Place]:
        found = {i: self.get(i) for i in set(place_ids)}
        return {i: p for i, p in found.items() if p is not None}

    def list(self, level: GeoLevel | None = None) -> list[Place]:
        return [attrs.evolve(p) for p in self._mine() if level is None or p.level is level]

    def update(self, place: Place) -> None:
        assert place.id is not None and self.get(place.id) is not None, "unknown place"
        self._t.places[place.id] = attrs.evolve(place)

    def delete(self, place_id: int) -> None:
        if self.get(place_id) is not None:
            del self._t.places[place_id]

    def children(self, place_id: int) -> int:
        return sum(1 for p in self._mine() if p.parent_id == place_id)


class InMemoryCurrencies(_Repo):
    def _mine(self) -> list[Currency]:
        return sorted((c for c in self._t.currencies.values() if c.tenant_id == self._tid), key=lambda c: c.id or 0)

    def _check_unique(self, currency: Currency) -> None:
        if any(c.code == currency.code and c.id != currency.id for c in self._mine()):
            raise Conflict("unique index: currency code")

    def add(self, currency: Currency) -> int:
        assert currency.tenant_id == self._tid, "entity of another tenant"
        self._check_unique(currency)
        currency.id = self._all.new_id("currencies")
        self._t.currencies[currency.id] = attrs.evolve(currency)
        return currency.id

    def get(self, currency_id: int) -> Currency | None:
        c = self._t.currencies.get(currency_id)
        return attrs.evolve(c) if c is not None and c.tenant_id == self._tid else None

    def get_by_code(self, code: str) -> Currency | None:
        return next((attrs.evolve(c) for c in self._mine() if c.code == code), None)

    def list(self) -> list[Currency]:
        return [attrs.evolve(c) for c in self._mine()]

    def update(self, currency: Currency) -> None:
        assert currency.id is not None and self.get(currency.id) is not None, "unknown currency"
        self._check_unique(currency)
        self._t.currencies[currency.id] = attrs.evolve(currency)

    def delete(self, currency_id: int) -> None:
        if self.get(currency_id) is not None:
            del self._t.currencies[currency_id]


class InMemoryOrders(_Repo):
    def _mine(self) -> list[DeliveryOrder]:
        return sorted((o for o in self._t.orders.values() if o.tenant_id == self._tid), key=lambda o: o.id or 0)

    def add_many(self, orders: Sequence[DeliveryOrder]) -> list[int]:
        numbers = {o.number for o in self._mine()}
        for order in orders:
            assert order.tenant_id == self._tid, "entity of another tenant"
            if order.number in numbers:
                raise Conflict("unique index: order number")
            numbers.add(order.number)
        for order in orders:
            order.id = self._all.new_id("delivery_orders")
            self._t.orders[order.id] = attrs.evolve(order)
        return [o.id for o in orders if o.id is not None]

    def get(self, order_id: int) -> DeliveryOrder | None:
        o = self._t.orders.get(order_id)
        return attrs.evolve(o) if o is not None and o.tenant_id == self._tid else None

    def get_by_number(self, number: int) -> DeliveryOrder | None:
        return next((attrs.evolve(o) for o in self._mine() if o.number == number), None)

    def existing_numbers(self, numbers: Collection[int]) -> set[int]:
        wanted = set(numbers)
        return {o.number for o in self._mine() if o.number in wanted}

    def set_state(self, order: DeliveryOrder, previous: OrderState) -> bool:
        assert order.id is not None
        stored = self._t.orders.get(order.id)
        if stored is None or stored.tenant_id != self._tid or stored.state is not previous:
            return False
        self._t.orders[order.id] = attrs.evolve(stored, state=order.state, updated_at=order.updated_at)
        return True

    def search(self, wanted: OrderFilter) -> Paged[DeliveryOrder]:
        hits = [
            o
            for o in reversed(self._mine())
            if (wanted.state is None or o.state is wanted.state)
            and (wanted.date_from is None or o.business_date >= wanted.date_from)
            and (wanted.date_to is None or o.business_date <= wanted.date_to)
            and (wanted.municipality_id is None or o.municipality_id == wanted.municipality_id)
        ]
        page = wanted.page
        return Paged([attrs.evolve(o) for o in hits[page.offset : page.offset + page.size]], len(hits))

    def using_place(self, place_id: int) -> int:
        return sum(
            1
            for o in self._mine()
            if place_id in (o.country_id, o.department_id, o.municipality_id, o.neighbourhood_id)
        )

    def using_currency(self, currency_id: int) -> int:
        return sum(1 for o in self._mine() if o.currency_id == currency_id)
