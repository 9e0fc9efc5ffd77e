"""A shop with two branches on any unit-of-work factory, and helpers to move its stock."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from nexus_core.services import items as I
from nexus_core.services.authz import Actor
from nexus_core.services.config import CreateBranch, create_branch
from nexus_core.services.purchases import PurchaseLine, ReceivePurchase, receive_purchase
from nexus_core.services.runner import Nexus
from nexus_core.testing.builders import create_shop
from nexus_core.testing.stock_checks import inventory_account_balance, stock_violations


@attrs.define
class Shop:
    nexus: Nexus
    tenant_id: int
    centro: int
    norte: int
    op: Actor

    def run(self, handler: Any, cmd: Any) -> Any:
        return self.nexus.run(self.tenant_id, handler, cmd)

    def item(
        self, name: str = "Pastillas de freno", *, stock: int | str | None = None, cost: str = "100.00", **fields: Any
    ) -> int:
        created = self.run(
            I.create_item,
            I.CreateItem(self.op, {"name": name, "branch_id": self.centro, **fields}, cost=cost, initial_stock=stock),
        )
        return int(created.id)

    def buy(self, item_id: int, qty: int | str, cost: str, *, branch: int | None = None, **kw: Any) -> Any:
        line = PurchaseLine(item_id, qty, cost)
        return self.run(receive_purchase, ReceivePurchase(self.op, [line], branch_id=branch or self.centro, **kw))

    def view(self, item_id: int, branch: int | None = None) -> I.ItemView:
        view: I.ItemView = self.run(I.get_item, I.GetItem(self.op, item_id, branch_id=branch, history=50))
        return view

    def stock(self, item_id: int, branch: int | None = None) -> Decimal:
        return self.view(item_id, branch).stock

    def check(self) -> None:
        with self.nexus.uows.tenant(self.tenant_id, write=False) as uow:
            assert stock_violations(uow) == []

    def books_115(self) -> Decimal:
        with self.nexus.uows.tenant(self.tenant_id, write=False) as uow:
            return inventory_account_balance(uow)

    def value(self) -> Decimal:
        with self.nexus.uows.tenant(self.tenant_id, write=False) as uow:
            return sum((i.stock_value for i in uow.items.get_many(range(1, 1000)).values()), Decimal("0.00"))


def make_shop(nexus: Nexus, name: str = "Refaccionaria Perez") -> Shop:
    created = create_shop(nexus, name)
    op = Actor.operator(created.tenant_id)
    norte = nexus.run(created.tenant_id, create_branch, CreateBranch(actor=op, name="Sucursal Norte"))
    return Shop(nexus, created.tenant_id, created.branch_id, norte, op)
