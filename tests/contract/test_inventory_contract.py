"""The inventory ports behave alike on the fakes, SQLite and PostgreSQL: items and their unique
keys, conditional balance changes, the movement ledger, reservations and counts, per tenant."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from contract.builders import NOW, new_tenant
from nexus_core.domain.items import Category, Item
from nexus_core.domain.stock import (
    CountLine,
    CountStatus,
    Movement,
    MovementKind,
    PhysicalCount,
    Reservation,
    ReservationStatus,
)
from nexus_core.errors import Conflict
from nexus_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

D = Decimal


def item(uow: UnitOfWork, branch_id: int, barcode: str = "7500000000015", **fields: object) -> Item:
    return Item.create(
        tenant_id=uow.tenant_id,
        fields={"name": "Pastillas de freno", "branch_id": branch_id, **fields},
        barcode=barcode,
        cost="150.00",
        now=NOW,
    )


def add_item(uows: UnitOfWorkFactory, tenant_id: int, branch_id: int, **kw: object) -> int:
    with uows.tenant(tenant_id) as uow:
        item_id = uow.items.add(item(uow, branch_id, **kw))  # type: ignore[arg-type]
        uow.commit()
    return item_id


def test_items_round_trip_every_field(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, branch_id = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        category_id = uow.categories.add(Category.create(tenant_id=tenant_id, name="Frenos"))
        new = item(
            uow,
            branch_id,
            part_number="04465-02220",
            description="Ceramicas",
            category_id=category_id,
            brand="Toyota",
            price_1="350.00",
            price_2="300.00",
            price_3="280.00",
            tax_rate="0.16",
            min_stock="5",
            max_stock="50.5",
            location="A-3-2",
            image_url="https://example.com/a.png",
            catalog_part_id=12345,
        )
        item_id = uow.items.add(new)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        got = uow.items.get(item_id)
        assert got is not None
        for name in ("part_number", "barcode", "name", "description", "branch_id", "category_id", "brand", "unit"):
            assert getattr(got, name) == getattr(new, name)
        assert (got.cost, got.price_1, got.tax_rate, got.min_stock, got.max_stock) == (
            D("150.00"),
            D("350.00"),
            D("0.1600"),
            D("5.000"),
            D("50.500"),
        )
        assert (got.location, got.image_url, got.catalog_part_id, got.is_active) == (
            "A-3-2",
            "https://example.com/a.png",
            12345,
            True,
        )
        assert got.created_at == NOW and got.part_number_key == "0446502220"
        assert uow.items.get_by_part_number_key("0446502220") is not None
        assert uow.items.get_by_barcode("7500000000015") is not None
        assert uow.items.brands() == ["Toyota"]
        assert [c.name for c in uow.categories.list()] == ["Frenos"]
        assert uow.categories.get_by_name("frenos") is not None


def test_barcode_and_part_number_are_unique_per_tenant_only(uow_factory: UnitOfWorkFactory) -> None:
    t1, b1 = new_tenant(uow_factory, "Uno")
    t2, b2 = new_tenant(uow_factory, "Dos")
    add_item(uow_factory, t1, b1, part_number="04465-02220")
    with pytest.raises(Conflict), uow_factory.tenant(t1) as uow:
        uow.items.add(item(uow, b1, barcode="7500000000022", part_number="0446502220"))
    with pytest.raises(Conflict), uow_factory.tenant(t1) as uow:
        uow.items.add(item(uow, b1))
    other = add_item(uow_factory, t2, b2, part_number="04465-02220")
    with uow_factory.tenant(t1) as uow:
        assert uow.items.get(other) is None  # another tenant's item is missing
        assert uow.items.max_barcode("750") == "7500000000015"


def test_add_many_assigns_ids_in_order(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, branch_id = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        batch = [item(uow, branch_id, barcode=f"B-{n}") for n in range(5)]
        ids = uow.items.add_many(batch)
        uow.commit()
    assert ids == sorted(ids) and len(set(ids)) == 5
    with uow_factory.tenant(tenant_id) as uow:
        assert [uow.items.get_many(ids)[i].barcode for i in ids] == [f"B-{n}" for n in range(5)]
        assert list(uow.items.lock(ids)) == ids


def test_balance_changes_are_conditional(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, branch_id = new_tenant(uow_factory)
    item_id = add_item(uow_factory, tenant_id, branch_id)
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.stock.get(item_id, branch_id).on_hand == 0
        assert not uow.stock.decrease(item_id, branch_id, D(1))
        uow.stock.increase(item_id, branch_id, D("5.5"))
        uow.stock.increase(item_id, branch_id, D("0.5"))
        assert uow.stock.reserve(item_id, branch_id, D(4))
        assert not uow.stock.reserve(item_id, branch_id, D(3))  # available 2
        assert not uow.stock.decrease(item_id, branch_id, D(3))  # reserved units are not sellable
        assert uow.stock.decrease(item_id, branch_id, D(2))
        assert not uow.stock.release(item_id, branch_id, D(5))
        assert uow.stock.consume(item_id, branch_id, D(1))
        assert uow.stock.release(item_id, branch_id, D(1))
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        balance = uow.stock.get(item_id, branch_id)
        assert (balance.on_hand, balance.reserved, balance.available) == (D(3), D(2), D(1))
        assert uow.stock.total_on_hand(item_id) == D(3)
        assert uow.stock.for_items([item_id, 999], branch_id)[999].on_hand == 0
        assert uow.stock.reserved_totals() == {(item_id, branch_id): D(2)}
        uow.stock.set_reserved(item_id, branch_id, D(0))
        assert uow.stock.all()[0].reserved == 0


def movement(uow: UnitOfWork, item_id: int, branch_id: int, qty: str, n: int) -> Movement:
    return Movement(
        id=None,
        tenant_id=uow.tenant_id,
        item_id=item_id,
        branch_id=branch_id,
        kind=MovementKind.PURCHASE,
        quantity=D(qty),
        reserved_delta=D(0),
        value=D("10.00"),
        unit_cost=D("2.50"),
        reference=f"FAC-{n}",
        reason="compra",
        actor_id=None,
        actor_name="operator",
        at=NOW + timedelta(seconds=n),
        business_date=date(2026, 4, 1),
    )


def test_movements_are_a_ledger_newest_first(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, branch_id = new_tenant(uow_factory)
    item_id = add_item(uow_factory, tenant_id, branch_id)
    with uow_factory.tenant(tenant_id) as uow:
        uow.movements.add_many([movement(uow, item_id, branch_id, q, n) for n, q in enumerate(["4", "-1.5", "2"])])
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        history = uow.movements.for_item(item_id, limit=2)
        assert [m.reference for m in history] == ["FAC-2", "FAC-1"]
        assert history[1].quantity == D("-1.500") and history[1].at == NOW + timedelta(seconds=1)
        assert uow.movements.quantity_totals() == {(item_id, branch_id): D("4.500")}


def test_reservations_close_once(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, branch_id = new_tenant(uow_factory)
    item_id = add_item(uow_factory, tenant_id, branch_id)
    with uow_factory.tenant(tenant_id) as uow:
        for holder, expires in ((7, NOW), (8, None)):
            uow.reservations.add(
                Reservation(
                    None, tenant_id, item_id, branch_id, D(2), "layaway", holder, ReservationStatus.OPEN, NOW, expires
                )
            )
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.reservations.open_totals() == {(item_id, branch_id): D(4)}
        assert [r.holder_id for r in uow.reservations.expired(NOW)] == [7]
        (mine,) = uow.reservations.for_holder("layaway", 7)
        assert mine.id is not None
        assert uow.reservations.close(mine.id, ReservationStatus.CONSUMED, NOW)
        assert not uow.reservations.close(mine.id, ReservationStatus.RELEASED, NOW)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.reservations.for_holder("layaway", 7) == []
        assert uow.reservations.for_holder("layaway", 7, open_only=False)[0].status is ReservationStatus.CONSUMED
        assert uow.reservations.open_totals() == {(item_id, branch_id): D(2)}


def test_counts_keep_their_lines_and_approve_once(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, branch_id = new_tenant(uow_factory)
    item_id = add_item(uow_factory, tenant_id, branch_id)
    with uow_factory.tenant(tenant_id) as uow:
        count = PhysicalCount(
            None,
            tenant_id,
            branch_id,
            CountStatus.OPEN,
            [CountLine(item_id, D(8), D(10))],
            "Ana",
            NOW,
            date(2026, 4, 1),
        )
        count_id = uow.counts.add(count)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        got = uow.counts.get(count_id)
        assert got is not None and got.lines == [CountLine(item_id, D(8), D(10))]
        assert uow.counts.approve(count_id, approved_by="Ana", approved_at=NOW)
        assert not uow.counts.approve(count_id, approved_by="Ana", approved_at=NOW)
        uow.commit()
    with uow_factory.tenant(tenant_id) as uow:
        got = uow.counts.get(count_id)
        assert got is not None and got.status is CountStatus.APPROVED and got.approved_by == "Ana"
