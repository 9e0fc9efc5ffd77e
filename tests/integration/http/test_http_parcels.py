"""The parcels surface over HTTP: the seed's troubleshooting cases, the envelope on every answer
(errors included), tenancy, and the bulk endpoint's limits."""

from __future__ import annotations

from typing import Any

import pytest
from http_support import PARCELS_PASSWORD, TestClient, bearer, make_shop

from nexus_core.services import order_batch
from nexus_core.services.runner import Nexus
from nexus_core.services.tenants import CreateUser, create_user
from nexus_http.routes.parcels_orders import MAX_BATCH_BODY

COORDS = "-0.180653,-78.467838"


@pytest.fixture
def world(client: TestClient, parcels_headers: dict[str, str]) -> dict[str, Any]:
    """Geography, a currency and a product with 10 units, created over the API."""
    h = parcels_headers

    def post(path: str, body: dict[str, Any]) -> int:
        r = client.post(path, json=body, headers=h)
        assert r.status_code == 201, r.text
        return int(r.json()["data"]["id"])

    pais = post("/api/geoinfo/paises", {"nombre": "Ecuador", "codigo_iso": "EC"})
    depto = post("/api/geoinfo/departamentos", {"nombre": "Pichincha", "id_pais": pais})
    muni = post("/api/geoinfo/municipios", {"nombre": "Quito", "id_departamento": depto})
    moneda = post("/api/geoinfo/monedas", {"codigo": "USD", "nombre": "US Dollar", "tasa_usd": "1.0000"})
    product = post("/api/productos/crear", {"nombre": "Protein Shake", "precio_usd": 40, "stock": 10})
    return {"h": h, "pais": pais, "depto": depto, "muni": muni, "moneda": moneda, "product": product}


def order(w: dict[str, Any], number: int, qty: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "numero_orden": number,
        "destinatario": "Cliente Prueba",
        "telefono": "0999999999",
        "producto_id": w["product"],
        "cantidad": qty,
        "coordenadas": COORDS,
        "id_pais": w["pais"],
        "id_departamento": w["depto"],
        "id_municipio": w["muni"],
        **extra,
    }


def stock_total(client: TestClient, w: dict[str, Any]) -> Any:
    r = client.get("/api/productos/listar", headers=w["h"])
    return next(p["stock_total"] for p in r.json()["data"] if p["id"] == w["product"])


def refused(r: Any, status: int) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"success", "message"} and body["success"] is False
    return str(body["message"])


def test_the_seeds_working_example_creates_and_finds_the_order(client, world) -> None:
    w = world
    body = order(w, 1700385600, comentario="Pedido de prueba via Postman", zona="Centro", id_moneda=w["moneda"])
    del body["id_pais"], body["id_departamento"]
    body |= {"pais": w["pais"], "departamento": w["depto"]}
    r = client.post("/api/pedidos/crear", json=body, headers=w["h"])
    assert r.status_code == 201, r.text
    assert r.json()["success"] is True and r.json()["data"] == 1700385600
    found = client.get("/api/pedidos/buscar", params={"numero_orden": "1700385600"}, headers=w["h"]).json()
    assert found["message"] == "Order found"
    data = found["data"]
    assert (data["numero_orden"], data["latitud"], data["longitud"]) == ("1700385600", -0.180653, -78.467838)
    assert data["nombre_estado"] == "Pending" and data["id_proveedor"] is not None
    assert stock_total(client, w) == 9


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"id_pais": None, "id_municipio": None}, "missing required address fields: id_pais, id_municipio"),
        ({"coordenadas": None}, "coordinates are required"),
        ({"coordenadas": "-0.18,abc"}, "longitud must be a number"),
        ({"coordenadas": "91,10"}, "latitud must be between -90 and 90"),
        ({"cantidad": 11}, "Insufficient stock for product ID {product}. Available: 10, required: 11"),
        ({"id_moneda": 999}, "id_moneda 999 not found"),
        ({"id_vendedor": 999}, "id_vendedor 999 not found"),
        ({"id_proveedor": 999}, "id_proveedor 999 not found"),
        ({"producto_id": 999}, "product ID 999 not found"),
        ({"numero_orden": "abc"}, "numero_orden must be a positive integer"),
        ({"telefono": 5}, "telefono must be a string"),
        ({"cantidad": 1.5}, "cantidad must be a whole number"),
        ({"precio_local": "12.345"}, "precio_local must have at most 2 decimals"),
    ],
)
def test_troubleshooting_cases_are_clear_refusals_that_change_nothing(client, world, change, words) -> None:
    w = world
    body = {k: v for k, v in {**order(w, 5), **change}.items() if v is not None}
    r = client.post("/api/pedidos/crear", json=body, headers=w["h"])
    message = refused(r, 404 if "not found" in words else 400)
    assert message.startswith("Error inserting order: ")
    assert words.format(product=w["product"]) in message
    assert "constraint" not in message.lower()
    assert stock_total(client, w) == 10
    assert client.get("/api/pedidos/buscar", params={"numero_orden": 5}, headers=w["h"]).status_code == 404


def test_a_duplicate_number_says_so_in_the_seeds_words(client, world) -> None:
    w = world
    assert client.post("/api/pedidos/crear", json=order(w, 7), headers=w["h"]).status_code == 201
    message = refused(client.post("/api/pedidos/crear", json=order(w, 7), headers=w["h"]), 400)
    assert "El número de orden ya existe: 7" in message
    assert stock_total(client, w) == 9


def test_orders_move_through_their_states(client, world) -> None:
    w = world
    client.post("/api/pedidos/crear", json=order(w, 1, qty=3), headers=w["h"])
    client.post("/api/pedidos/crear", json=order(w, 2, qty=2), headers=w["h"])
    put = lambda body: client.put("/api/pedidos/estado", json=body, headers=w["h"])  # noqa: E731
    assert put({"numero_orden": 1, "estado": "In transit"}).json()["data"]["id_estado"] == 2
    assert put({"numero_orden": 1, "estado": "Delivered"}).json()["data"]["nombre_estado"] == "Delivered"
    assert put({"numero_orden": 2, "estado": 4}).json()["data"]["nombre_estado"] == "Cancelled"
    assert "cannot become" in refused(put({"numero_orden": 1, "estado": "Returned"}), 400)
    assert "order 99 not found" in refused(put({"numero_orden": 99, "estado": "Cancelled"}), 404)
    assert stock_total(client, w) == 7  # 3 delivered, 2 released
    listed = client.get("/api/pedidos/listar", params={"estado": "Delivered"}, headers=w["h"]).json()
    assert [o["numero_orden"] for o in listed["data"]] == ["1"] and listed["pagination"]["total"] == 1
    assert "desde must not be after hasta" in refused(
        client.get("/api/pedidos/listar", params={"desde": "2026-05-01", "hasta": "2026-04-01"}, headers=w["h"]), 400
    )


def test_bulk_orders_report_each_result_in_input_order(client, world) -> None:
    w = world
    batch = {"pedidos": [order(w, 1001, 2), order(w, 1002, 9), order(w, 1003, 1), {"numero_orden": 1004}, []]}
    r = client.post("/api/pedidos/multiple", json=batch, headers=w["h"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["success"] is True and body["data"] == {"created": 2, "failed": 3}
    results = body["results"]
    assert [x["numero_orden"] for x in results] == [1001, 1002, 1003, 1004, None]
    assert [x["success"] for x in results] == [True, False, True, False, False]
    assert results[1]["error"] == f"Insufficient stock for product ID {w['product']}. Available: 8, required: 9"
    assert isinstance(results[0]["id_pedido"], int) and "error" not in results[0]
    assert stock_total(client, w) == 7


@pytest.mark.parametrize("raw", [b"{", b"[]", b'{"pedidos": 5}', b'{"other": []}'])
def test_a_malformed_bulk_body_is_400(client, world, raw) -> None:
    r = client.post("/api/pedidos/multiple", content=raw, headers={**world["h"], "content-type": "application/json"})
    refused(r, 400)


def test_a_10_mb_batch_is_refused_and_writes_nothing(client, world) -> None:
    w = world
    one = order(w, 1, comentario="x" * 900)
    count = 10 * 1024 * 1024 // len(str(one)) + 1
    pedidos = [{**one, "numero_orden": n + 1} for n in range(count)]
    r = client.post("/api/pedidos/multiple", json={"pedidos": pedidos}, headers=w["h"])
    assert "request body too large: at most 8 MB" in refused(r, 413)
    assert MAX_BATCH_BODY == 8 * 1024 * 1024
    assert stock_total(client, w) == 10


def test_another_tenants_ids_are_missing(client, nexus: Nexus, world) -> None:
    other = make_shop(nexus, name="Envios Lopez", pin="9999")
    nexus.run_platform(
        create_user, CreateUser(tenant_id=other.tenant_id, email="x@lopez.example", password=PARCELS_PASSWORD)
    )
    r = client.post("/api/auth/login", json={"email": "x@lopez.example", "password": PARCELS_PASSWORD})
    h = bearer(r.json()["data"]["token"])
    w = world
    client.post("/api/pedidos/crear", json=order(w, 77), headers=w["h"])
    refused(client.get("/api/geoinfo/paises", params={"id": w["pais"]}, headers=h), 404)
    refused(client.delete("/api/geoinfo/monedas", params={"id": w["moneda"]}, headers=h), 404)
    refused(client.get("/api/pedidos/buscar", params={"numero_orden": 77}, headers=h), 404)
    refused(client.put("/api/pedidos/estado", json={"numero_orden": 77, "estado": "Cancelled"}, headers=h), 404)
    assert client.get("/api/productos/listar", headers=h).json()["data"] == []
    assert "not found" in refused(client.post("/api/pedidos/crear", json=order(w, 78), headers=h), 404)


def test_geoinfo_crud_in_the_seeds_id_style(client, world) -> None:
    w, h = world, world["h"]
    r = client.put(
        "/api/geoinfo/municipios",
        params={"id": w["muni"]},
        json={"nombre": "San Francisco de Quito", "id_departamento": w["depto"]},
        headers=h,
    )
    assert r.status_code == 200 and r.json()["data"] == {"id": w["muni"]}
    listed = client.get("/api/geoinfo/municipios", params={"id": w["muni"]}, headers=h).json()["data"]
    assert listed == [{"id": w["muni"], "nombre": "San Francisco de Quito", "id_departamento": w["depto"]}]
    assert "id is required" in refused(client.delete("/api/geoinfo/municipios", headers=h), 400)
    assert "id must be an integer" in refused(client.get("/api/geoinfo/paises", params={"id": "x"}, headers=h), 400)
    assert "is still used by 1 departamentos" in refused(
        client.delete("/api/geoinfo/paises", params={"id": w["pais"]}, headers=h), 400
    )
    assert "nombre is required" in refused(
        client.post("/api/geoinfo/barrios", json={"id_municipio": w["muni"]}, headers=h), 400
    )
    r = client.post("/api/geoinfo/barrios", json={"nombre": "La Floresta", "id_municipio": w["muni"]}, headers=h)
    barrio = r.json()["data"]["id"]
    assert client.delete("/api/geoinfo/barrios", params={"id": barrio}, headers=h).json() == {
        "success": True,
        "message": "barrio deleted",
    }


def test_every_api_error_is_in_the_envelope(client, world, monkeypatch) -> None:
    w = world
    refused(client.get("/api/productos/listar"), 401)
    refused(client.get("/api/pedidos/nada", headers=w["h"]), 404)
    refused(client.patch("/api/pedidos/crear", headers=w["h"]), 405)
    key = {**w["h"], "Idempotency-Key": "prod-1"}
    assert client.post("/api/productos/crear", json={"nombre": "A"}, headers=key).status_code == 201
    refused(client.post("/api/productos/crear", json={"nombre": "B"}, headers=key), 422)

    def broken(*args: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(order_batch, "create_orders", broken)
    r = client.post("/api/pedidos/multiple", json={"pedidos": []}, headers=w["h"])
    assert refused(r, 500) == "internal server error"


def test_a_pos_token_does_not_open_the_parcels_surface(client, owner_headers) -> None:
    refused(client.get("/api/geoinfo/listar", headers=owner_headers), 401)
