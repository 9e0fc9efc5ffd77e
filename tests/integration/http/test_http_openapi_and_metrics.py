"""/openapi.json, /docs, /metrics and /pos/health."""

from __future__ import annotations

import re

from http_support import TestClient

from nexus_http import create_app
from nexus_http.routes import all_endpoints


def test_health(client):
    r = client.get("/pos/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_openapi_lists_every_route(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    spec = r.json()
    assert spec["openapi"].startswith("3.1")
    for e in all_endpoints():
        op = spec["paths"][e.path][e.method.lower()]
        assert op["summary"] and op["responses"]
    ops = [op for ops in spec["paths"].values() for op in ops.values()]
    assert len(ops) == len(all_endpoints()) >= 8
    assert len({op["operationId"] for op in ops}) == len(ops)


def test_openapi_describes_bodies_auth_and_idempotency(client):
    spec = client.get("/openapi.json").json()
    login = spec["paths"]["/pos/api/auth/login"]["post"]
    assert login["security"] == []
    ref = login["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(schema["required"]) == {"tenant_id", "pin"}
    assert schema["properties"]["tenant_id"]["type"] == "integer"
    assert {"400", "401", "404", "429"} <= set(login["responses"])

    create = spec["paths"]["/pos/api/config/branches"]["post"]
    assert create["security"] == [{"posBearer": []}]
    assert create["x-permission"] == "config.edit"
    assert {"201", "400", "401", "403", "409", "422"} <= set(create["responses"])
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in create["parameters"])
    assert create["responses"]["201"]["content"]["application/json"]["example"] == {
        "id": 2,
        "message": "Branch created",
    }

    employees = spec["paths"]["/pos/api/auth/employees/{tenant_id}"]["get"]
    assert employees["parameters"][0] == {
        "name": "tenant_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer"},
        "description": "The tenant's id.",
    }
    parcels = spec["paths"]["/api/auth/login"]["post"]
    assert parcels["responses"]["401"]["content"]["application/json"]["schema"]["$ref"].endswith("ParcelsError")


def test_docs_page_works_offline(client):
    r = client.get("/docs")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    for e in all_endpoints():
        assert e.path in r.text  # the <noscript> listing
    assert not re.search(r"(src|href)=\"(https?:)?//", r.text), "every file of the page must come from the app"
    for asset in re.findall(r"(?:src|href)=\"(/docs/static/[^\"]+)\"", r.text):
        served = client.get(asset)
        assert served.status_code == 200 and len(served.content) > 0, asset
    bundle = client.get("/docs/static/swagger-ui-bundle.js")
    assert bundle.headers["content-type"].split(";")[0] in ("text/javascript", "application/javascript")
    # Swagger UI before 5.0 refuses OpenAPI 3.1 documents ("Unable to render this definition"); 5.x carries
    # this version test for 3.1. It fails if the bundle is swapped for one that cannot render our spec.
    assert r"/^3\.1\.(?:[1-9]\d*|0)$/" in bundle.text
    assert 'url: "/openapi.json"' in r.text


def test_metrics_count_requests_by_route_template(client, shop):
    client.get("/pos/health")
    client.get("/pos/health")
    client.get(f"/pos/api/auth/employees/{shop.tenant_id}")
    client.get("/pos/api/auth/employees/987654")
    client.get("/no/such/path/123")
    r = client.get("/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    text = r.text
    assert 'nexus_http_requests_total{method="GET",route="/pos/health",status="200"} 2' in text
    assert 'nexus_http_requests_total{method="GET",route="/pos/api/auth/employees/{tenant_id}",status="200"} 1' in text
    assert 'nexus_http_requests_total{method="GET",route="/pos/api/auth/employees/{tenant_id}",status="404"} 1' in text
    assert 'route="unmatched",status="404"} 1' in text
    assert "987654" not in text and "/no/such" not in text
    assert "# TYPE nexus_http_request_duration_seconds histogram" in text
    assert (
        'nexus_http_request_duration_seconds_bucket{method="GET",route="/pos/health",status="200",le="+Inf"} 2' in text
    )
    assert 'nexus_http_request_duration_seconds_count{method="GET",route="/pos/health",status="200"} 2' in text


def test_metrics_can_be_turned_off(nexus):
    with TestClient(create_app(nexus, metrics=False)) as c:
        assert c.get("/metrics").status_code == 404
        assert c.get("/pos/health").status_code == 200
