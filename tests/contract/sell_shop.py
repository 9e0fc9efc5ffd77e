"""A shop with an owner and a cashier logged in, stocked items, and helpers to sell."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from contract.stock_shop import Shop, make_shop
from nexus_core.domain.sales import Sale
from nexus_core.services.authz import Actor
from nexus_core.services.config import CreateEmployee, create_employee
from nexus_core.services.registers import OpenRegister, open_register
from nexus_core.services.runner import Nexus
from nexus_core.services.sales import CreateSale, SaleLineInput, create_sale
from nexus_core.testing.builders import login


@attrs.define
class Counter:
    shop: Shop
    owner: Actor
    cashier: Actor

    def run(self, handler: Any, cmd: Any) -> Any:
        return self.shop.run(handler, cmd)

    def open(self, actor: Actor | None = None, amount: str = "500.00") -> int:
        return int(self.run(open_register, OpenRegister(actor or self.cashier, amount)).id)

    def sell(
        self, *lines: tuple[int, str, str], method: str = "efectivo", actor: Actor | None = None, **kw: Any
    ) -> Sale:
        items = [SaleLineInput(i, q, p, **kw.pop("line", {})) for i, q, p in lines]
        sale: Sale = self.run(create_sale, CreateSale(actor or self.cashier, items, method, **kw))
        return sale


def make_counter(nexus: Nexus, name: str = "Refaccionaria Perez") -> Counter:
    shop = make_shop(nexus, name)
    _, owner = login(nexus, shop.tenant_id, "1234")
    nexus.run(
        shop.tenant_id,
        create_employee,
        CreateEmployee(owner, "Luis Caja", "cashier", "5678", branch_id=shop.centro, max_discount_pct=Decimal("10")),
    )
    _, cashier = login(nexus, shop.tenant_id, "5678", device="caja-2")
    return Counter(shop, owner, cashier)


def with_customers(counter: Counter) -> tuple[int, int]:
    """Two customers of the counter's shop (quotations and layaways name one)."""
    from contract.credit_shop import add_customer

    return add_customer(counter, name="Taller Perez"), add_customer(counter, name="Autos Garcia", rfc="AGA010101AA1")
