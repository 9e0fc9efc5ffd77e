"""A sale's detail (``GET /pos/api/sales/{id}``): the sale with its lines and payments, every return
taken from it (folio, day, lines, what was refunded and what came off the account) and its
customer's name and fiscal data when it has one (the seed's "detalle con items, pagos y datos del
cliente")."""

from __future__ import annotations

import attrs

from nexus_core.domain.customers import Customer
from nexus_core.domain.returns import SaleReturn
from nexus_core.domain.sales import Sale
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.customers import find_customer
from nexus_core.services.runner import Deps, read_only
from nexus_core.services.sales import GetSale, get_sale


@attrs.frozen
class SaleDetail:
    sale: Sale
    returns: list[SaleReturn]  # oldest first
    customer: Customer | None


@read_only
def sale_detail(cmd: GetSale, uow: UnitOfWork, deps: Deps) -> SaleDetail:
    sale = get_sale(cmd, uow, deps)
    assert sale.id is not None
    customer = None if sale.customer_id is None else find_customer(uow, sale.customer_id)
    return SaleDetail(sale, uow.returns.for_sale(sale.id), customer)
