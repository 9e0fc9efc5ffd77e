"""A counter whose shop can invoice: its RFC, a throw-away CSD generated now, the sandbox PAC."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from typing import Any

import attrs

from contract.sell_shop import Counter, make_counter
from nexus_adapters.cfdi.config import invoicing_from_env
from nexus_adapters.cfdi.sandbox_pac import SandboxPac
from nexus_adapters.cfdi.selfsigned import make_csd
from nexus_core.domain.invoicing import CfdiRecord
from nexus_core.domain.sales import Sale
from nexus_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from nexus_core.services import invoicing, invoicing_queue
from nexus_core.services.invoicing_csd import SetCsd, set_csd
from nexus_core.services.runner import Deps, Nexus
from nexus_core.services.sales import CreateSale, SaleLineInput, create_sale
from nexus_core.testing import FakeClock, in_memory_nexus

RFC = "EKU9003173C9"
NAME = "ESCUELA KEMPER URGATE"
PASSWORD = b"12345678a"
WORKSHOP = invoicing.ReceptorInput("CACX7605101P8", "Xochilt Casas Chavez", "612", "36257")


@cache
def csd(rfc: str = RFC) -> tuple[bytes, bytes]:
    return make_csd(rfc, NAME, password=PASSWORD)


def _set_rfc(rfc: str, uow: UnitOfWork, deps: Deps) -> None:
    tenant = uow.tenant.get()
    assert tenant is not None
    tenant.rfc = rfc
    uow.tenant.update(tenant)


@attrs.define
class InvoiceShop:
    counter: Counter
    pac: SandboxPac

    @property
    def nexus(self) -> Nexus:
        return self.counter.shop.nexus

    @property
    def tenant_id(self) -> int:
        return self.counter.shop.tenant_id

    def run(self, handler: Any, cmd: Any) -> Any:
        return self.counter.run(handler, cmd)

    def sell(self, *lines: SaleLineInput, method: str = "efectivo", **kw: Any) -> Sale:
        return self.run(create_sale, CreateSale(self.counter.cashier, list(lines), method, **kw))  # type: ignore[no-any-return]

    def invoice(self, sale_id: int, **kw: Any) -> CfdiRecord:
        return self.run(invoicing.create_invoice, invoicing.CreateInvoice(self.counter.owner, sale_id, **kw))  # type: ignore[no-any-return]

    def process(self) -> invoicing_queue.QueueRun:
        return invoicing_queue.process_queue(self.nexus, self.tenant_id, self.counter.owner)


def make_invoice_shop(uow_factory: UnitOfWorkFactory | None = None, clock: FakeClock | None = None) -> InvoiceShop:
    clock = clock or FakeClock()
    base = in_memory_nexus(clock)
    pac = SandboxPac(clock=clock.now)
    deps = attrs.evolve(base.deps, invoicing=invoicing_from_env({"NEXUS_CSD_KEY": "tests"}, pac=pac))
    nexus = Nexus(uows=uow_factory or base.uows, deps=deps)
    counter = make_counter(nexus)
    nexus.run(counter.shop.tenant_id, _set_rfc, RFC)
    cer, key = csd()
    counter.run(set_csd, SetCsd(counter.owner, cer, key, PASSWORD, "601", "42501", "F"))
    return InvoiceShop(counter, pac)


def stocked_item(shop: InvoiceShop, qty: int = 1000, **fields: Any) -> int:
    return shop.counter.shop.item(stock=qty, cost="50.00", **fields)


def line(item: int, qty: str = "1", price: str = "100.00", **kw: Any) -> SaleLineInput:
    return SaleLineInput(item, qty, price, **kw)


NOW = datetime(2026, 4, 1, 18, 0, tzinfo=UTC)
ZERO = Decimal("0.00")


def enable_invoicing(nexus: Nexus, clock: FakeClock) -> SandboxPac:
    """Give an in-memory Nexus the real CFDI adapters and a sandbox PAC on the fake clock."""
    pac = SandboxPac(clock=clock.now)
    nexus.deps = attrs.evolve(nexus.deps, invoicing=invoicing_from_env({"NEXUS_CSD_KEY": "tests"}, pac=pac))
    return pac


def give_csd(nexus: Nexus, tenant_id: int, rfc: str = RFC) -> None:
    """The tenant's RFC and a throw-away CSD of it, uploaded by the operator."""
    from nexus_core.services.authz import Actor

    nexus.run(tenant_id, _set_rfc, rfc)
    cer, key = csd(rfc)
    nexus.run(tenant_id, set_csd, SetCsd(Actor.operator(tenant_id), cer, key, PASSWORD, "601", "42501", "F"))
