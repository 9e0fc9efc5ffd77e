"""Every route's documented ``example`` has the shape of the real answer, so ``/docs`` never lies.

One scenario drives every endpoint once through the real app (on the in-memory fakes) and keeps each
answer; each endpoint's example must then have the same keys and JSON types as its answer, recursively
(a ``null`` on either side stands for a nullable value; an empty list in an example claims nothing about
its items). Endpoints that declare a ``response=`` class are also checked against that schema: the real
answer and the example must both validate, with no key outside the class.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from http_support import OWNER_PIN, PARCELS_EMAIL, PARCELS_PASSWORD, TestClient, bearer, make_shop
from jsonschema import Draft202012Validator

from contract.invoice_shop import enable_invoicing, give_csd
from nexus_core.domain.receivables import Receivable
from nexus_core.domain.stock import MovementKind
from nexus_core.services.stock import issue_lines, stock_context
from nexus_core.services.tenants import CreateUser, create_user
from nexus_core.testing import FakeClock, in_memory_nexus
from nexus_http import create_app
from nexus_http.jsonio import dumps
from nexus_http.openapi import build_spec
from nexus_http.routes import all_endpoints

A = "/pos/api/accounting"

# Examples known to differ from the real answer, by (method, path): each line says how, so the list is
# explicit and the fix is known. The test fails when one of these starts to match (then delete the line).
KNOWN_MISMATCHES: dict[tuple[str, str], str] = {}

Key = tuple[str, str]


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float | Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def shape_mismatches(example: Any, real: Any, where: str = "$") -> list[str]:
    """How ``example`` differs in shape from ``real`` (empty when they agree)."""
    if example is None or real is None:
        return []
    kind, real_kind = _json_type(example), _json_type(real)
    if kind != real_kind:
        return [f"{where}: example is {kind}, answer is {real_kind}"]
    if kind == "object":
        problems = []
        missing, extra = sorted(real.keys() - example.keys()), sorted(example.keys() - real.keys())
        if missing:
            problems.append(f"{where}: example lacks {missing}")
        if extra:
            problems.append(f"{where}: example has {extra}, the answer does not")
        for k in example.keys() & real.keys():
            problems += shape_mismatches(example[k], real[k], f"{where}.{k}")
        return problems
    if kind == "array":
        if not example:
            return []
        if not real:
            return [f"{where}: the answer's list is empty, so the scenario checks nothing: give it data"]
        for i, item in enumerate(real):
            per_example = [shape_mismatches(e, item, f"{where}[{i}]") for e in example]
            if all(per_example):
                return per_example[0]
        for j, e in enumerate(example):
            if all(shape_mismatches(e, item, f"{where}[{j}]") for item in real):
                return [f"{where}[{j}]: no item of the answer has this example item's shape"]
    return []


def _wire(value: Any) -> Any:
    """A Python example as a client would read it."""
    return json.loads(dumps(value))


# --- one scenario through every endpoint --------------------------------------------------------


def _receivables(cmd: None, uow: Any, deps: Any) -> None:
    today = date(2026, 4, 30)
    for customer_id, name, amount, days in [(5, "Taller Perez", "5000.00", 10), (7, "Autos Garcia", "800.00", 45)]:
        due = today - timedelta(days=days)
        uow.receivables.add(
            Receivable.create(
                tenant_id=uow.tenant_id,
                customer_id=customer_id,
                customer_name=name,
                reference=f"V-{customer_id}",
                amount=Decimal(amount),
                issued_on=due - timedelta(days=30),
                due_date=due,
            )
        )


def _ok(r: Any) -> Any:
    assert r.status_code < 300, f"{r.request.method} {r.request.url}: {r.status_code} {r.text}"
    if r.headers["content-type"].startswith("text/plain"):  # Meta's webhook check echoes its challenge
        return r.text
    return r.json()


@pytest.fixture(scope="module")
def answers() -> dict[Key, Any]:
    """Each endpoint's real answer, by (method, path template)."""
    clock = FakeClock()
    nexus = in_memory_nexus(clock)  # 2026-04-01
    shop = make_shop(nexus)
    nexus.run_platform(
        create_user, CreateUser(tenant_id=shop.tenant_id, email=PARCELS_EMAIL, password=PARCELS_PASSWORD)
    )
    nexus.run(shop.tenant_id, _receivables, None)
    got: dict[Key, Any] = {}
    with TestClient(create_app(nexus, metrics=False)) as c:

        def call(method: str, template: str, url: str | None = None, **kw: Any) -> Any:
            got[(method, template)] = _ok(c.request(method, url or template, **kw))
            return got[(method, template)]

        call("GET", "/pos/health")
        call("POST", "/api/auth/login", json={"email": PARCELS_EMAIL, "password": PARCELS_PASSWORD})
        login = {"tenant_id": shop.tenant_id, "pin": OWNER_PIN, "device_id": "tablet-01"}
        token = call("POST", "/pos/api/auth/login", json=login)["token"]
        h = bearer(token)
        call("GET", "/pos/api/auth/employees/{tenant_id}", f"/pos/api/auth/employees/{shop.tenant_id}")
        call("GET", "/pos/api/auth/me", headers=h)
        call("POST", "/pos/api/config/branches", json={"name": "Sucursal Norte", "phone": "555-0002"}, headers=h)
        call("GET", "/pos/api/config/branches", headers=h)
        employee = {"name": "Carla", "role": "cashier", "pin": "5678", "email": "carla@example.com"}
        carla = call("POST", "/pos/api/config/employees", json=employee, headers=h)["id"]
        e = "/pos/api/config/employees/{employee_id}"
        call("PUT", e, e.format(employee_id=carla), json={"max_discount_pct": 5}, headers=h)
        call("POST", e + "/pin", e.format(employee_id=carla) + "/pin", json={"pin": "8642"}, headers=h)
        devices = "/pos/api/config/devices"
        tablet = call("POST", devices, json={"device_id": "tablet-02", "label": "Mostrador"}, headers=h)["id"]
        call("GET", devices, headers=h)
        call("DELETE", devices + "/{device_id}", f"{devices}/{tablet}", headers=h)
        call("GET", "/pos/api/config/employees", headers=h)
        call("GET", "/pos/api/config/theme", headers=h)
        call("GET", "/pos/api/config/business", headers=h)
        call("PUT", "/pos/api/config/business", json={"timezone": "America/Mexico_City"}, headers=h)

        accounts = {a["code"]: a["id"] for a in call("GET", f"{A}/accounts", headers=h)["data"]}
        new_account = {"code": "102.02", "name": "Bancos extranjeros", "parent_id": accounts["102"]}
        call("POST", f"{A}/accounts", json=new_account, headers=h)

        def entry(day: str, lines: list[tuple[str, str, str]], **extra: Any) -> dict[str, Any]:
            rows = [{"account_id": accounts[code], "debit": dr, "credit": cr} for code, dr, cr in lines]
            return {"date": day, "description": "Poliza", "lines": rows, **extra}

        c.post(
            f"{A}/entries", json=entry("2026-03-10", [("102.01", "50000", "0"), ("301.01", "0", "50000")]), headers=h
        )
        c.post(f"{A}/entries", json=entry("2026-03-20", [("601.84.01", "900", "0"), ("102.01", "0", "900")]), headers=h)
        sale = [("101.01", "1160", "0"), ("401.01", "0", "1000"), ("208.01", "0", "160")]
        created = call("POST", f"{A}/entries", json=entry("2026-04-01", sale, reference="V-0045"), headers=h)
        cost = [("501.01", "600", "0"), ("115.01", "0", "600")]
        _ok(c.post(f"{A}/entries", json=entry("2026-04-01", cost), headers=h))
        call("GET", f"{A}/entries", headers=h)
        call("GET", f"{A}/entries/{{entry_id}}", f"{A}/entries/{created['id']}", headers=h)
        april = {"date_from": "2026-04-01", "date_to": "2026-04-30"}
        call("GET", f"{A}/trial-balance", params=april, headers=h)
        call("GET", f"{A}/income-statement", params={"date_from": "2026-03-01", "date_to": "2026-04-30"}, headers=h)
        call("GET", f"{A}/balance-sheet", params={"date": "2026-04-30"}, headers=h)
        call("GET", f"{A}/aging", params={"date": "2026-04-30"}, headers=h)
        call("POST", f"{A}/periods/close", json={"year": 2026, "month": 3}, headers=h)
        call("GET", f"{A}/periods", headers=h)
        item, h = _inventory_scenario(call, nexus, clock, h, north=got[("POST", "/pos/api/config/branches")]["id"])
        _selling_scenario(call, h, item)
        _quotations_layaways_scenario(call, h, item)
        _integrations_scenario(call, h)
        _customers_scenario(call, h, item)
        _insight_scenario(call, h)
        _invoicing_scenario(call, c, got, h, nexus, shop.tenant_id)
        _payment_complements_scenario(call, c, h)
        _catalog_scenario(call, nexus, h)
        _counter_scenario(call, h, item)
        # The parcels scenario runs in a delivery business of its own (its product list holds only its products).
        courier = make_shop(nexus, name="Paqueteria Quito", pin="4321")
        login = {"email": "ops@paqueteria-quito.example", "password": PARCELS_PASSWORD}
        nexus.run_platform(create_user, CreateUser(tenant_id=courier.tenant_id, **login))
        _parcels_scenario(call, bearer(call("POST", "/api/auth/login", json=login)["data"]["token"]))
        _sale_detail_scenario(call, h, item)
    return got


INV = "/pos/api/inventory"


def _sell(cmd: tuple[int, int], uow: Any, deps: Any) -> None:
    """A sale's stock side straight through the engine (an old sale for the no-movement report)."""
    item_id, qty = cmd
    ctx = stock_context(uow, deps, None)
    issue_lines(uow, ctx, 1, [(item_id, Decimal(qty))], kind=MovementKind.SALE, reference="V-0046")


def _inventory_scenario(
    call: Any, nexus: Any, clock: FakeClock, h: dict[str, str], *, north: int
) -> tuple[int, dict[str, str]]:
    cat = call("POST", f"{INV}/categories", json={"name": "Frenos"}, headers=h)["id"]
    pads = {
        "part_number": "04465-02220",
        "name": "Pastillas de freno delanteras",
        "branch_id": 1,
        "category_id": cat,
        "brand": "Toyota",
        "cost": 150,
        "price_1": 350,
        "min_stock": 5,
        "max_stock": 50,
        "initial_stock": 30,
        "location": "A-3-2",
    }
    item = call("POST", f"{INV}/items", json=pads, headers=h)["id"]
    c = "/pos/api/inventory/items/{item_id}"
    call("PUT", c, c.format(item_id=item), json={"price_2": 300, "price_3": 280}, headers=h)
    low = {"name": "Amortiguador", "branch_id": 1, "cost": 500, "initial_stock": 2, "min_stock": 5}
    call("POST", f"{INV}/items", json=low, headers=h)
    call("POST", f"{INV}/items", json={"name": "Bujia", "branch_id": 1}, headers=h)
    buy = {"supplier": "Distribuidora Central", "invoice_number": "FAC-001", "notes": "Compra semanal"}
    buy["items"] = [{"inventory_id": item, "quantity": 20, "unit_cost": 145}]
    call("POST", f"{INV}/purchase", json=buy, headers=h)
    call("POST", f"{INV}/adjustment", json={"inventory_id": item, "quantity": -2, "reason": "Merma"}, headers=h)
    move = {"from_branch_id": 1, "to_branch_id": north, "items": [{"inventory_id": item, "quantity": 5}]}
    call("POST", f"{INV}/transfer", json=move, headers=h)
    counted = {"branch_id": 1, "items": [{"inventory_id": item, "counted_quantity": 42}]}
    count = call("POST", f"{INV}/physical-count/start", json=counted, headers=h)["count_id"]
    call("POST", f"{INV}/physical-count/approve", json={"count_id": count}, headers=h)
    nexus.run(1, _sell, (item, 3))
    call("GET", f"{INV}/items", params={"q": "freno"}, headers=h)
    call("GET", c, c.format(item_id=item), headers=h)
    call("GET", c + "/history", c.format(item_id=item) + "/history", params={"limit": 10}, headers=h)
    call("GET", f"{INV}/alerts", headers=h)
    call("GET", f"{INV}/reports/valuation", headers=h)
    call("GET", f"{INV}/reports/low-stock", headers=h)
    call("GET", f"{INV}/reports/branch-comparison", headers=h)
    call("GET", f"{INV}/categories", headers=h)
    call("GET", f"{INV}/brands", headers=h)
    call("POST", f"{INV}/generate-barcode", headers=h)
    clock.advance(timedelta(days=70))  # everything above is now 70 days old
    token = call("POST", "/pos/api/auth/login", json={"tenant_id": 1, "pin": OWNER_PIN, "device_id": "tablet-01"})
    h = bearer(token["token"])
    call("GET", f"{INV}/reports/no-movement", headers=h)
    call("GET", f"{INV}/reports/abc", headers=h)  # ABC holds closed days: the sale above is in
    return item, h


REG = "/pos/api/register"
SALES = "/pos/api/sales"


def _selling_scenario(call: Any, h: dict[str, str], item: int) -> None:
    register = call("POST", f"{REG}/open", json={"register_number": 1, "opening_amount": "2000"}, headers=h)
    out = {"register_id": register["register_id"], "type": "out", "amount": "500", "reason": "Compra de papeleria"}
    call("POST", f"{REG}/movement", json=out, headers=h)
    line = {"inventory_id": item, "quantity": 2, "unit_price": 350, "discount_pct": 0, "tax_rate": "0.16"}
    sale = call("POST", SALES, json={"items": [line], "payment_method": "efectivo", "amount_paid": 1000}, headers=h)
    s = SALES + "/{sale_id}"
    call("GET", s, s.format(sale_id=sale["sale_id"]), headers=h)
    call("GET", f"{SALES}/last", headers=h)
    card = {"items": [line], "payment_method": "tarjeta"}
    card_sale = _ok_post(call, h, card)
    call("PUT", s + "/cancel", s.format(sale_id=card_sale) + "/cancel", headers=h)
    call("GET", f"{REG}/current", headers=h)
    call("GET", f"{REG}/cut-x", headers=h)
    call("POST", f"{REG}/cut-z", json={"counted_amount": "2300"}, headers=h)


Q = "/pos/api/quotations"
LAY = "/pos/api/layaways"


def _quotations_layaways_scenario(call: Any, h: dict[str, str], item: int) -> None:
    register = call("POST", f"{REG}/open", json={"opening_amount": "1000"}, headers=h)["register_id"]
    line = {"inventory_id": item, "quantity": 2, "unit_price": 350, "discount_pct": 0, "tax_rate": "0.16"}
    taller = {"name": "Taller Perez", "rfc": "XAXX010101000", "price_tier": "taller", "credit_limit": 50000}
    customer = call("POST", "/pos/api/customers", json=taller, headers=h)["id"]
    quote = {"items": [line], "customer_id": customer, "notes": "Cotizacion para taller Perez", "valid_days": 15}
    first = call("POST", Q, json=quote, headers=h)["id"]
    one = Q + "/{quot_id}"
    call("GET", Q, params={"status": "active"}, headers=h)
    call("GET", one, one.format(quot_id=first), headers=h)
    pay = {"payment_method": "efectivo", "register_id": register, "amount_paid": 1000}
    call("POST", one + "/convert", one.format(quot_id=first) + "/convert", json=pay, headers=h)
    second = call("POST", Q, json=quote, headers=h)["id"]
    call("PUT", one + "/cancel", one.format(quot_id=second) + "/cancel", headers=h)
    lay = {"items": [line], "customer_id": customer, "down_payment": 300, "payment_method": "efectivo"}
    lay |= {"register_id": register, "notes": "Apartado motor de arranque", "due_date": "2026-06-30"}
    x = call("POST", LAY, json=lay, headers=h)["id"]
    l1 = LAY + "/{layaway_id}"
    call("POST", l1 + "/payment", l1.format(layaway_id=x) + "/payment", json={"amount": 512}, headers=h)
    call("GET", LAY, headers=h)
    call("GET", l1, l1.format(layaway_id=x), headers=h)
    call("POST", l1 + "/complete", l1.format(layaway_id=x) + "/complete", headers=h)
    y = call("POST", LAY, json=lay, headers=h)["id"]
    cancel = {"reason": "Cliente no completo pagos", "policy": "refund"}
    call("PUT", l1 + "/cancel", l1.format(layaway_id=y) + "/cancel", json=cancel, headers=h)
    call("POST", f"{REG}/cut-z", json={"counted_amount": "1000"}, headers=h)


def _integrations_scenario(call: Any, h: dict[str, str]) -> None:
    p = "/pos/api/integrations/providers"
    aplazo = {"enabled": True, "credentials": {"api_key": "k", "merchant_id": "m", "webhook_secret": "s"}}
    call("PUT", p + "/{provider_id}", p + "/aplazo", json=aplazo, headers=h)
    call("GET", p, headers=h)
    call("GET", "/pos/api/bnpl/providers", headers=h)
    _bnpl_scenario(call, h)
    _whatsapp_scenario(call, h)


def _bnpl_scenario(call: Any, h: dict[str, str]) -> None:
    """A credit sale financed by APLAZO: the application (sent to the sandbox), the provider's signed
    approval, the application's status."""
    call("POST", f"{REG}/open", json={"opening_amount": "1000"}, headers=h)
    buyer = {"name": "Juan Perez", "phone": "5512345678", "credit_limit": 5000, "branch_id": 1}
    customer = call("POST", CUST, json=buyer, headers=h)["id"]
    sale = _ok_post(
        call, h, {"items": [{"inventory_id": 1, "quantity": 1}], "customer_id": customer, "payment_method": "credito"}
    )
    b = "/pos/api/bnpl"
    apply = {
        "sale_id": sale,
        "amount": 300.00,
        "provider": "ap lazo",
        "customer": {"name": "Juan Perez", "phone": "5512345678"},
    }
    app = call("POST", f"{b}/applications", json=apply, headers=h)["id"]
    raw = json.dumps({"event_id": "evt_0001", "status": "approved", "reference": str(app)})
    signature = "sha256=" + hmac.new(b"s", raw.encode(), hashlib.sha256).hexdigest()
    hook = b + "/webhook/{provider}"
    call("POST", hook, f"{b}/webhook/aplazo?tenant_id=1", content=raw, headers={"X-Aplazo-Signature": signature})
    call("GET", b + "/applications/{application_id}", f"{b}/applications/{app}", headers=h)
    call("POST", f"{REG}/cut-z", json={"counted_amount": "1000"}, headers=h)


def _whatsapp_scenario(call: Any, h: dict[str, str]) -> None:
    w = "/pos/api/whatsapp-cloud"
    creds = {"access_token": "t", "phone_number_id": "1065", "business_account_id": "1022"}
    creds |= {"app_secret": "meta-secret", "verify_token": "vt"}
    call(
        "PUT",
        "/pos/api/integrations/providers/{provider_id}",
        "/pos/api/integrations/providers/whatsapp_cloud",
        json={"credentials": creds},
        headers=h,
    )
    check = {"hub.mode": "subscribe", "hub.verify_token": "vt", "hub.challenge": "1158201444", "tenant_id": "1"}
    call("GET", f"{w}/webhook", params=check)
    call("GET", f"{w}/status", headers=h)
    call("GET", f"{w}/templates", headers=h)
    sent = call("POST", f"{w}/messages", json={"to": "5215512345678", "template": "order_ready"}, headers=h)
    call("GET", w + "/messages/{message_id}", f"{w}/messages/{sent['id']}", headers=h)
    inbound = {"from": "5215512345678", "id": "wamid.IN1", "timestamp": "1775055600", "type": "text"}
    read = {"id": sent["wa_message_id"], "status": "read", "timestamp": "1775055600"}
    value = {"messages": [{**inbound, "text": {"body": "Gracias"}}], "statuses": [read]}
    raw = json.dumps(
        {"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": value}]}]}
    )
    signature = "sha256=" + hmac.new(b"meta-secret", raw.encode(), hashlib.sha256).hexdigest()
    call("POST", f"{w}/webhook", f"{w}/webhook?tenant_id=1", content=raw, headers={"X-Hub-Signature-256": signature})


CUST = "/pos/api/customers"


def _customers_scenario(call: Any, h: dict[str, str], item: int) -> None:
    """A workshop on credit: created, found, updated, a vehicle, a credit sale, a payment, its statement."""
    taller = {
        "name": "Taller Perez",
        "rfc": "XAXX010101000",
        "razon_social": "Taller Mecanico Perez SA de CV",
        "regimen_fiscal": "601",
        "codigo_postal": "06600",
        "uso_cfdi": "G03",
        "email": "taller@correo.com",
        "phone": "555-9876",
        "address": "Calle Reforma 50",
        "price_tier": "taller",
        "credit_limit": 50000.00,
        "branch_id": 1,
    }
    customer = call("POST", CUST, json=taller, headers=h)["id"]
    one = CUST + "/{customer_id}"
    url = one.format(customer_id=customer)
    call("GET", CUST, params={"q": "perez"}, headers=h)
    call("GET", one, url, headers=h)
    call("PUT", one, url, json={"phone": "555-9877"}, headers=h)
    truck = {"brand": "Toyota", "model": "Hilux", "year": 2019, "engine": "2.7L", "plate": "abc-123-d"}
    call("POST", one + "/vehicles", url + "/vehicles", json={**truck, "vin": "MR0FZ29G301234567"}, headers=h)
    call("GET", one + "/vehicles", url + "/vehicles", headers=h)
    call("POST", f"{REG}/open", json={"opening_amount": "1000"}, headers=h)
    line = {"inventory_id": item, "quantity": 2}
    on_credit = {"items": [line], "customer_id": customer, "sale_type": "credit", "payment_method": "efectivo"}
    call("POST", SALES, json=on_credit, headers=h)
    pay = {"amount": 300.00, "payment_method": "transferencia", "reference": "SPEI-20260401-001", "notes": "Abono"}
    call("POST", one + "/payment", url + "/payment", json=pay, headers=h)
    call("GET", one + "/statement", url + "/statement", params={"date_from": "2026-01-01"}, headers=h)
    call("POST", f"{REG}/cut-z", json={"counted_amount": "1000"}, headers=h)


def _insight_scenario(call: Any, h: dict[str, str]) -> None:
    """Dashboard, supplier portal and ERP sync, after the selling scenario's sales."""
    call("GET", "/pos/api/dashboard/stats", headers=h)
    call("GET", "/pos/api/dashboard/stats/employees", headers=h)
    call("GET", "/pos/api/supplier-portal/demand", headers=h)
    call("GET", "/pos/api/supplier-portal/top-parts", params={"days": 7}, headers=h)
    erp = "/pos/api/erp"
    call("GET", f"{erp}/providers", headers=h)
    job = call("POST", f"{erp}/sync", json={"provider": "contpaqi", "sync_type": "entries"}, headers=h)["job_id"]
    j = erp + "/sync/{job_id}"
    call("POST", j + "/run", j.format(job_id=job) + "/run", headers=h)
    call("GET", j, j.format(job_id=job), headers=h)
    call("GET", j + "/output", j.format(job_id=job) + "/output", headers=h)


INVOICING = "/pos/api/invoicing"


def _invoicing_scenario(call: Any, c: Any, got: dict[Key, Any], h: dict[str, str], nexus: Any, tenant: int) -> None:
    enable_invoicing(nexus, nexus.deps.clock)
    give_csd(nexus, tenant)
    card = {"items": [{"inventory_id": 1, "quantity": 1, "unit_price": 350}], "payment_method": "tarjeta"}
    sale = _ok_post(call, h, card)
    receptor = {"rfc": "CACX7605101P8", "razon_social": "Taller", "regimen_fiscal": "612", "codigo_postal": "36257"}
    created = call("POST", f"{INVOICING}/invoice", json={"sale_id": sale, "receptor": receptor}, headers=h)
    today = nexus.deps.calendar.today("America/Mexico_City").isoformat()
    call("POST", f"{INVOICING}/global", json={"date_from": today, "date_to": today}, headers=h)
    call("GET", f"{INVOICING}/queue", headers=h)
    call("POST", f"{INVOICING}/queue/process", headers=h)
    q = INVOICING + "/queue/{cfdi_id}"
    cfdi = created["cfdi_id"]
    call("GET", q, q.format(cfdi_id=cfdi), headers=h)
    for template, url in ((q + "/xml", q.format(cfdi_id=cfdi) + "/xml"), (f"{INVOICING}/{{sale_id}}/pdf", None)):
        r = c.get(url or f"{INVOICING}/{sale}/pdf", headers=h)
        assert r.status_code == 200, r.text
        got[("GET", template)] = r.content[:40].decode("latin-1")  # not JSON: a document
    cancel = INVOICING + "/cancel/{cfdi_id}"
    call("POST", cancel, cancel.format(cfdi_id=cfdi), json={"motivo": "02"}, headers=h)


def _payment_complements_scenario(call: Any, c: Any, h: dict[str, str]) -> None:
    """A credit sale invoiced PPD and stamped; a payment on it queues its CFDI de pago (Pago 2.0)."""
    workshop = {"name": "Xochilt Casas", "rfc": "CACX7605101P8", "razon_social": "Xochilt Casas Chavez"}
    workshop |= {"regimen_fiscal": "612", "codigo_postal": "36257", "credit_limit": 50000}
    customer = _ok(c.post(CUST, json=workshop, headers=h))["id"]
    line = {"inventory_id": 1, "quantity": 1, "unit_price": 350}
    sale = _ok_post(call, h, {"items": [line], "payment_method": "credito", "customer_id": customer})
    _ok(c.post(f"{INVOICING}/invoice", json={"sale_id": sale, "metodo_pago": "PPD"}, headers=h))
    _ok(c.post(f"{INVOICING}/queue/process", headers=h))
    paid = _ok(c.post(f"{CUST}/{customer}/payment", json={"amount": 100, "payment_method": "tarjeta"}, headers=h))
    assert len(paid["cfdi_pago_ids"]) == 1
    _ok(c.post(f"{INVOICING}/queue/process", headers=h))
    s = INVOICING + "/sales/{sale_id}/complements"
    assert call("GET", s, s.format(sale_id=sale), headers=h)["data"][0]["status"] == "stamped"


CAT = "/pos/api/catalog"


def _catalog_scenario(call: Any, nexus: Any, h: dict[str, str]) -> None:
    """The tiny catalog; the inventory scenario's pads (04465-02220, in stock) carry part 500."""
    from nexus_core.testing.catalog_base import TINY_CATALOG, parse_files

    nexus.uows.store.catalog.load(parse_files(TINY_CATALOG))
    call("GET", f"{CAT}/brands", headers=h)
    call("GET", f"{CAT}/models", params={"brand_id": 1}, headers=h)
    call("GET", f"{CAT}/years", params={"model_id": 10}, headers=h)
    call("GET", f"{CAT}/engines", params={"model_id": 10, "year_id": 2}, headers=h)
    call("GET", f"{CAT}/categories", params={"mye_id": 1000}, headers=h)
    call("GET", f"{CAT}/groups", params={"mye_id": 1000, "category_id": 1}, headers=h)
    call("GET", f"{CAT}/parts", params={"mye_id": 1000, "group_id": 10}, headers=h)
    call("GET", f"{CAT}/part/{{part_id}}", f"{CAT}/part/500", headers=h)
    call("GET", f"{CAT}/search", params={"q": "0446502220"}, headers=h)


def _counter_scenario(call: Any, h: dict[str, str], item: int) -> None:
    """Returns, the sales list, the register history and the day's summary (after the Z cut above)."""
    call("POST", f"{REG}/open", json={"opening_amount": "1000"}, headers=h)
    line = {"inventory_id": item, "quantity": 2, "unit_price": 350}
    sale = _ok_post(call, h, {"items": [line], "payment_method": "efectivo", "amount_paid": 812})
    back = {"sale_id": sale, "items": [{"inventory_id": item, "quantity": 1}], "reason": "Parte equivocada"}
    call("POST", f"{INV}/return", json=back, headers=h)
    call("GET", SALES, params={"status": "partially_returned", "per_page": 10}, headers=h)
    call("GET", f"{REG}/history", headers=h)
    call("GET", f"{REG}/daily-summary", headers=h)


def _sale_detail_scenario(call: Any, h: dict[str, str], item: int) -> None:
    """A credit sale partly paid, returned (a credit note and a refund), read back with its returns and
    customer (the counter scenario's register is still open)."""
    customer = {
        "name": "Autos Garcia",
        "rfc": "AGA010101AA1",
        "razon_social": "Autos Garcia SA de CV",
        "credit_limit": 5000,
    }
    garcia = call("POST", CUST, json=customer, headers=h)["id"]
    line = {"inventory_id": item, "quantity": 2, "unit_price": 350}
    credit = {"items": [line], "customer_id": garcia, "sale_type": "credit", "amount_paid": 100}
    sale = _ok_post(call, h, {**credit, "payment_method": "efectivo"})
    back = {"sale_id": sale, "items": [{"inventory_id": item, "quantity": 2}], "reason": "Ya no lo necesita"}
    call("POST", f"{INV}/return", json=back, headers=h)
    s = SALES + "/{sale_id}"
    call("GET", s, s.format(sale_id=sale), headers=h)


def _ok_post(call: Any, h: dict[str, str], body: dict[str, Any]) -> int:
    """A second sale (its answer replaces the first one's: both have the same shape)."""
    return int(call("POST", SALES, json=body, headers=h)["sale_id"])


GEO = "/api/geoinfo"


def _parcels_scenario(call: Any, h: dict[str, str]) -> None:
    """Geography CRUD (each level and currencies), products, orders one by one and in bulk, states."""
    ids: dict[str, int] = {}
    parents = {"paises": {"codigo_iso": "EC"}, "departamentos": {}, "municipios": {}, "barrios": {}}
    parent_field = {"departamentos": "id_pais", "municipios": "id_departamento", "barrios": "id_municipio"}
    previous = {"departamentos": "paises", "municipios": "departamentos", "barrios": "municipios"}
    for level, extra in parents.items():
        body = {"nombre": f"Nuevo {level}", **extra}
        if level in parent_field:
            body[parent_field[level]] = ids[previous[level]]
        spare = call("POST", f"{GEO}/{level}", json=body, headers=h)["data"]["id"]
        ids[level] = call("POST", f"{GEO}/{level}", json=body, headers=h)["data"]["id"]
        call(
            "PUT",
            f"{GEO}/{level}",
            f"{GEO}/{level}?id={ids[level]}",
            json={**body, "nombre": f"Otro {level}"},
            headers=h,
        )
        call("GET", f"{GEO}/{level}", headers=h)
        if level == "barrios":
            call("DELETE", f"{GEO}/{level}", f"{GEO}/{level}?id={spare}", headers=h)
    moneda = {"codigo": "USD", "nombre": "US Dollar", "tasa_usd": "1.0000"}
    spare = call("POST", f"{GEO}/monedas", json={**moneda, "codigo": "EUR"}, headers=h)["data"]["id"]
    usd = call("POST", f"{GEO}/monedas", json=moneda, headers=h)["data"]["id"]
    call("PUT", f"{GEO}/monedas", f"{GEO}/monedas?id={usd}", json={**moneda, "nombre": "Dolar"}, headers=h)
    call("GET", f"{GEO}/monedas", headers=h)
    call("DELETE", f"{GEO}/monedas", f"{GEO}/monedas?id={spare}", headers=h)
    call("GET", f"{GEO}/listar", headers=h)
    product = call(
        "POST", "/api/productos/crear", json={"nombre": "Protein Shake", "precio_usd": 40, "stock": 60}, headers=h
    )
    base = {
        "destinatario": "Cliente Prueba",
        "telefono": "0999999999",
        "coordenadas": "-0.180653,-78.467838",
        "id_pais": ids["paises"],
        "id_departamento": ids["departamentos"],
        "id_municipio": ids["municipios"],
        "id_moneda": usd,
        "precio_local": "120.50",
        "productos": [{"producto_id": product["data"]["id"], "cantidad": 2}],
    }
    call("POST", "/api/pedidos/crear", json={**base, "numero_orden": 90001}, headers=h)
    bulk = [
        {**base, "numero_orden": 1001},
        {**base, "numero_orden": 1002, "productos": [{"producto_id": product["data"]["id"], "cantidad": 99}]},
    ]
    call("POST", "/api/pedidos/multiple", json={"pedidos": bulk}, headers=h)
    call("GET", "/api/pedidos/buscar", params={"numero_orden": "90001"}, headers=h)
    call("PUT", "/api/pedidos/estado", json={"numero_orden": 90001, "estado": "In transit"}, headers=h)
    call("GET", "/api/pedidos/listar", params={"estado": "Pending"}, headers=h)
    call("GET", "/api/productos/listar", params={"include_stock": 1}, headers=h)
    for level in ("municipios", "departamentos", "paises"):  # the DELETE examples of the other levels
        spare = call("POST", f"{GEO}/{level}", json={"nombre": "Temporal", **_parent(level, ids)}, headers=h)["data"][
            "id"
        ]
        call("DELETE", f"{GEO}/{level}", f"{GEO}/{level}?id={spare}", headers=h)


def _parent(level: str, ids: dict[str, int]) -> dict[str, Any]:
    return {
        "paises": {},
        "departamentos": {"id_pais": ids["paises"]},
        "municipios": {"id_departamento": ids["departamentos"]},
    }[level]


ENDPOINTS = {(e.method, e.path): e for e in all_endpoints()}
SPEC = json.loads(dumps(build_spec(all_endpoints())))


def _strict(components: dict[str, Any]) -> dict[str, Any]:
    """The components with no key allowed beyond each class's fields."""
    strict = copy.deepcopy(components)
    for schema in strict.values():
        if schema.get("type") == "object" and "properties" in schema:
            schema["additionalProperties"] = False
    return strict


def test_every_endpoint_has_an_example_and_a_place_in_the_scenario(answers) -> None:
    assert set(ENDPOINTS) == set(answers), "drive every new endpoint once in answers()"
    assert [k for k, e in ENDPOINTS.items() if e.example is None] == []


@pytest.mark.parametrize("key", sorted(ENDPOINTS), ids=lambda k: f"{k[0]} {k[1]}")
def test_the_example_has_the_shape_of_the_real_answer(answers, key) -> None:
    problems = shape_mismatches(_wire(ENDPOINTS[key].example), answers[key])
    if key in KNOWN_MISMATCHES:
        assert problems, f"{key} matches now: remove it from KNOWN_MISMATCHES"
        return
    assert problems == [], f"{key[0]} {key[1]}: the example in its route differs from the real answer"


@pytest.mark.parametrize(
    "key", sorted(k for k, e in ENDPOINTS.items() if e.response is not None), ids=lambda k: f"{k[0]} {k[1]}"
)
def test_the_real_answer_and_the_example_fit_the_declared_response_class(answers, key) -> None:
    e = ENDPOINTS[key]
    [content] = SPEC["paths"][e.path][e.method.lower()]["responses"][str(e.status)]["content"].values()
    validator = Draft202012Validator(
        {**content["schema"], "components": {"schemas": _strict(SPEC["components"]["schemas"])}}
    )
    assert [err.message for err in validator.iter_errors(answers[key])] == []
    assert [err.message for err in validator.iter_errors(content["example"])] == []


def test_the_shape_check_sees_differences() -> None:
    real = {"id": 1, "lines": [{"debit": 1.5, "note": None}], "tags": ["a"]}
    assert shape_mismatches({"id": 1, "lines": [{"debit": 2, "note": "x"}], "tags": []}, real) == []
    assert shape_mismatches({"id": "1", "lines": [{"debit": 2, "note": None}], "tags": []}, real) == [
        "$.id: example is string, answer is number"
    ]
    assert shape_mismatches({"id": 1, "lines": [{"credit": 2}], "tags": []}, real) == [
        "$.lines[0]: example lacks ['debit', 'note']",
        "$.lines[0]: example has ['credit'], the answer does not",
    ]
    assert shape_mismatches({"id": 1, "lines": [], "tags": [1]}, real) == [
        "$.tags[0]: example is number, answer is string"
    ]
    assert shape_mismatches([{"a": 1}], []) == [
        "$: the answer's list is empty, so the scenario checks nothing: give it data"
    ]
