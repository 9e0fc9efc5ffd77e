"""The parcels surface's core on the fakes, SQLite and PostgreSQL: geography, products and delivery
orders that reserve, consume and release stock, as a delivery business notices them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from contract.parcels_shop import Parcels, make_parcels
from nexus_core.domain.geo import GeoLevel
from nexus_core.errors import Conflict, InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services import geoinfo as G
from nexus_core.services import items as I
from nexus_core.services import orders as O
from nexus_core.services.authz import Actor
from nexus_core.services.runner import Nexus
from nexus_core.testing import in_memory_nexus

D = Decimal


@pytest.fixture
def p(uow_factory: UnitOfWorkFactory) -> Parcels:
    return make_parcels(Nexus(uows=uow_factory, deps=in_memory_nexus().deps))


# --- geography -------------------------------------------------------------------------------------


def test_a_place_names_an_existing_parent_of_the_level_above(p: Parcels) -> None:
    with pytest.raises(NotFound, match="id_pais 999 not found"):
        p.place(GeoLevel.DEPARTMENT, {"nombre": "Guayas", "id_pais": 999})
    with pytest.raises(NotFound, match=f"id_departamento {p.pais} not found"):
        p.place(GeoLevel.MUNICIPALITY, {"nombre": "Cumbaya", "id_departamento": p.pais})  # a country, not a department
    with pytest.raises(InvalidInput, match="id_pais is required"):
        p.place(GeoLevel.DEPARTMENT, {"nombre": "Guayas"})
    renamed = p.place(GeoLevel.COUNTRY, {"nombre": "República del Ecuador", "codigo_iso": "ec"}, p.pais)
    (country,) = p.run(G.list_places, G.ListPlaces(p.shop.op, GeoLevel.COUNTRY, renamed))
    assert (country.name, country.code) == ("República del Ecuador", "EC")


def test_a_used_place_or_currency_is_not_deleted_and_the_refusal_says_what_uses_it(p: Parcels) -> None:
    item = p.product()
    p.create(1, (item, 1), id_moneda=p.usd, id_barrio=p.barrio)
    op = p.shop.op
    with pytest.raises(RuleViolation, match=r"pais \d+ \(Ecuador\) is still used by 1 departamentos and 1 orders"):
        p.run(G.delete_place, G.DeletePlace(op, GeoLevel.COUNTRY, p.pais))
    with pytest.raises(RuleViolation, match="still used by 1 orders"):
        p.run(G.delete_place, G.DeletePlace(op, GeoLevel.NEIGHBOURHOOD, p.barrio))
    with pytest.raises(RuleViolation, match=r"moneda \d+ \(USD\) is still used by 1 orders"):
        p.run(G.delete_currency, G.DeleteCurrency(op, p.usd))
    unused = p.place(GeoLevel.NEIGHBOURHOOD, {"nombre": "Guapulo", "id_municipio": p.muni})
    p.run(G.delete_place, G.DeletePlace(op, GeoLevel.NEIGHBOURHOOD, unused))
    assert [b.id for b in p.run(G.list_places, G.ListPlaces(op, GeoLevel.NEIGHBOURHOOD))] == [p.barrio]


def test_currencies_keep_their_four_decimal_rate_and_a_code_once(p: Parcels) -> None:
    op = p.shop.op
    mxn = p.run(G.save_currency, G.SaveCurrency(op, {"codigo": "mxn", "nombre": "Peso", "tasa_usd": "17.1234"}))
    (found,) = p.run(G.list_currencies, G.ListCurrencies(op, mxn))
    assert (found.code, found.rate) == ("MXN", D("17.1234"))
    with pytest.raises(RuleViolation, match="codigo MXN already exists"):
        p.run(G.save_currency, G.SaveCurrency(op, {"codigo": "MXN", "nombre": "Otro", "tasa_usd": 1}))
    with pytest.raises(InvalidInput, match="at most 4 decimals"):
        p.run(G.save_currency, G.SaveCurrency(op, {"codigo": "EUR", "nombre": "Euro", "tasa_usd": "0.12345"}))


def test_another_tenants_places_are_missing(p: Parcels) -> None:
    other = make_parcels(p.nexus, "Envios Guayaquil")  # a second delivery business on the same database
    assert other.shop.tenant_id != p.shop.tenant_id
    with pytest.raises(NotFound):
        p.run(G.list_places, G.ListPlaces(p.shop.op, GeoLevel.COUNTRY, other.pais))
    item = p.product()
    (result,) = p.batch(p.order(7, (item, 1), id_pais=other.pais, id_departamento=other.depto, id_municipio=other.muni))
    assert isinstance(result.error, NotFound) and "id_pais" in result.error.message


# --- products and orders ----------------------------------------------------------------------------


def test_a_product_is_an_item_and_its_initial_stock_a_movement(p: Parcels) -> None:
    item = p.product(stock=12)
    view = p.shop.view(item)
    assert (view.item.name, view.item.price_1, view.stock) == ("Protein Shake", D("40.00"), D(12))
    assert [m.kind.value for m in view.movements] == ["purchase"]
    assert p.available(item) == 12


def test_an_order_reserves_every_line_and_the_pos_sees_it(p: Parcels) -> None:
    a, b = p.product("A", stock=5), p.product("B", stock=3)
    p.create(90001, (a, 2), (b, 3))
    assert (p.available(a), p.available(b)) == (3, 0)
    assert (p.shop.stock(a), p.shop.view(a).on_hand, p.shop.view(a).reserved) == (3, 5, 2)  # the POS `stock`
    order = p.find(90001)
    assert order.state.value == "Pending" and [(ln.item_id, ln.quantity) for ln in order.lines] == [(a, 2), (b, 3)]
    p.check()


def test_a_short_line_refuses_the_whole_order_in_the_seeds_words(p: Parcels) -> None:
    a, b = p.product("A", stock=5), p.product("B", stock=0)
    with pytest.raises(RuleViolation) as refused:
        p.create(90002, (a, 1), (b, 1))
    seed_words = f"Insufficient stock for product ID {b}. Available: 0, required: 1"
    assert refused.value.message == f"Error inserting order: {seed_words}"
    assert p.available(a) == 5
    with pytest.raises(NotFound):
        p.find(90002)
    p.check()


def test_order_numbers_are_unique_per_tenant(p: Parcels) -> None:
    a = p.product(stock=5)
    p.create(1, (a, 1))
    with pytest.raises(RuleViolation, match="El número de orden ya existe"):
        p.create(1, (a, 1))
    other = make_parcels(p.nexus, "Envios Guayaquil")
    other.create(1, (other.product(stock=1), 1))  # the same number in another tenant
    assert p.available(a) == 4


def test_coordinates_keep_six_decimals_exactly(p: Parcels) -> None:
    a = p.product()
    p.create(5, (a, 1), coordenadas=None, latitud="-89.999999", longitud=D("179.000001"))
    order = p.find(5)
    assert (order.latitude, order.longitude) == (D("-89.999999"), D("179.000001"))
    (bad,) = p.batch(p.order(6, (a, 1), coordenadas="-0.1806531,-78.4"))
    assert isinstance(bad.error, InvalidInput) and "at most 6 decimals" in bad.error.message


def test_a_batch_goes_on_past_failures_in_input_order(p: Parcels) -> None:
    a = p.product(stock=3)
    results = p.batch(
        p.order(1, (a, 2)),
        p.order(2, (a, 2)),  # only 1 left after the first
        p.order(1, (a, 1)),  # the number is the first one's
        {"numero_orden": 4},
        p.order(5, (a, 1)),
        "not an order",
    )
    assert [r.ok for r in results] == [True, False, False, False, True, False]
    assert [r.number for r in results] == [1, 2, 1, 4, 5, None]
    assert results[1].error is not None and results[1].error.message.startswith(
        f"Insufficient stock for product ID {a}. Available: 1, required: 2"
    )
    assert results[3].error is not None and "destinatario is required" in results[3].error.message
    assert p.available(a) == 0
    p.check()


def test_missing_address_fields_are_named_together(p: Parcels) -> None:
    raw = p.order(9, (p.product(), 1))
    for name in ("id_pais", "id_departamento", "id_municipio"):
        del raw[name]
    raw["departamento"] = p.depto  # the seed's alias counts
    (result,) = p.batch(raw)
    assert result.error is not None and result.error.message == "missing required address fields: id_pais, id_municipio"


def test_a_municipio_outside_its_departamento_is_refused(p: Parcels) -> None:
    other_depto = p.place(GeoLevel.DEPARTMENT, {"nombre": "Guayas", "id_pais": p.pais})
    (result,) = p.batch(p.order(9, (p.product(), 1), id_departamento=other_depto))
    assert isinstance(result.error, InvalidInput) and "is not in id_departamento" in result.error.message


def test_delivery_consumes_and_cancel_or_return_releases(p: Parcels) -> None:
    op = Actor.operator(p.shop.tenant_id)
    fields = {"name": "Caja", "branch_id": p.shop.centro}
    item = p.run(I.create_item, I.CreateItem(op, fields, cost="10.00", initial_stock=10))
    a = item.id
    for n in (1, 2, 3):
        p.create(n, (a, 2))
    p.move(1, "In transit")
    p.move(1, "Delivered")
    p.move(2, "Cancelled")
    p.move(3, 2)  # by id: In transit
    p.move(3, "devuelto")
    view = p.shop.view(a)
    assert (view.on_hand, view.reserved, view.stock) == (8, 0, 8)
    assert view.item.stock_value == D("80.00")  # the delivered units' cost went to 501.01
    assert [o.state.value for o in (p.find(1), p.find(2), p.find(3))] == ["Delivered", "Cancelled", "Returned"]
    with pytest.raises(RuleViolation, match="order 1 is Delivered: it cannot become Cancelled"):
        p.move(1, "Cancelled")
    with pytest.raises(InvalidInput, match="estado must be one of"):
        p.move(2, "Lost")
    p.check()


def test_orders_are_listed_by_state_municipio_and_local_day(p: Parcels) -> None:
    a = p.product(stock=10)
    other_muni = p.place(GeoLevel.MUNICIPALITY, {"nombre": "Cumbaya", "id_departamento": p.depto})
    p.create(1, (a, 1))
    p.create(2, (a, 1), id_municipio=other_muni)
    p.move(1, "Cancelled")
    op = p.shop.op
    everything = p.run(O.list_orders, O.ListOrders(op))
    assert [o.number for o in everything.rows] == [2, 1] and everything.total == 2
    assert [o.number for o in p.run(O.list_orders, O.ListOrders(op, state="Pending")).rows] == [2]
    assert [o.number for o in p.run(O.list_orders, O.ListOrders(op, municipality_id=other_muni)).rows] == [2]
    day = p.find(1).business_date
    assert p.run(O.list_orders, O.ListOrders(op, date_from=day, date_to=day)).total == 2
    assert p.run(O.list_orders, O.ListOrders(op, date_from=day.replace(year=day.year + 1))).total == 0
    assert [o.number for o in p.run(O.list_orders, O.ListOrders(op, per_page=1, page=2)).rows] == [1]


def test_a_number_taken_meanwhile_costs_only_that_order(p: Parcels, monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch's lookups missed a number another request took: the batched insert collides, and the
    orders are written one by one in savepoints: that order is refused, the others are created."""
    a = p.product(stock=5)
    p.create(2, (a, 1))
    real_existing: list[Any] = []

    def blind(self: Any, numbers: Any) -> set[int]:
        if not real_existing:
            real_existing.append(True)
            return set()  # the first lookup does not see order 2
        return original(self, numbers)

    with p.nexus.uows.tenant(p.shop.tenant_id, write=False) as uow:
        cls = type(uow.orders)
    original = cls.existing_numbers
    monkeypatch.setattr(cls, "existing_numbers", blind)
    results = p.batch(p.order(1, (a, 1)), p.order(2, (a, 1)), p.order(3, (a, 1)))
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].error is not None and "El número de orden ya existe: 2" in results[1].error.message
    monkeypatch.undo()
    assert p.available(a) == 2
    assert [p.find(n).number for n in (1, 2, 3)] == [1, 2, 3]
    p.check()


def test_a_savepoint_undoes_only_its_own_writes(p: Parcels) -> None:
    def handler(cmd: object, uow: Any, deps: Any) -> None:
        from nexus_core.domain.geo import Place

        uow.places.add(Place.create(tenant_id=uow.tenant_id, level=GeoLevel.COUNTRY, name="Kept"))
        with pytest.raises(Conflict), uow.savepoint():
            uow.places.add(Place.create(tenant_id=uow.tenant_id, level=GeoLevel.COUNTRY, name="Undone"))
            raise Conflict("collision")

    p.run(handler, None)
    names = [c.name for c in p.run(G.list_places, G.ListPlaces(p.shop.op, GeoLevel.COUNTRY))]
    assert names == ["Ecuador", "Kept"]
