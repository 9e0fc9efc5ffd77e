"""Wire classes of the inventory alerts and reports (queries and answers), for :mod:`.inventory_reports`."""

from __future__ import annotations

from decimal import Decimal

import attrs

from nexus_http.routes.inventory_wire import (
    Pagination,
    StockRowOut,
)


@attrs.frozen
class AlertsQuery:
    branch_id: int | None = None
    limit: int = 100


@attrs.frozen
class BranchQuery:
    branch_id: int | None = None
    page: int = 1
    per_page: int = 50


@attrs.frozen
class AbcQuery:
    branch_id: int | None = None
    days: int = 90
    page: int = 1
    per_page: int = 50


@attrs.frozen
class NoMovementQuery:
    branch_id: int | None = None
    days: int = 60
    page: int = 1
    per_page: int = 50


@attrs.frozen
class ComparisonQuery:
    inventory_id: int | None = None


@attrs.frozen
class AlertCounts:
    zero_stock: int
    low_stock: int
    over_stock: int


@attrs.frozen
class AlertsOut:
    zero_stock: list[StockRowOut]
    low_stock: list[StockRowOut]
    over_stock: list[StockRowOut]
    counts: AlertCounts


@attrs.frozen
class ValuationItem:
    inventory_id: int
    part_number: str | None
    name: str
    on_hand: Decimal
    cost: Decimal
    cost_value: Decimal
    price_1: Decimal
    sale_value: Decimal


@attrs.frozen
class ValuationOut:
    branch_id: int | None
    total_cost_value: Decimal
    total_sale_value: Decimal
    item_count: int
    items: list[ValuationItem]
    pagination: Pagination


@attrs.frozen
class AbcItem:
    inventory_id: int
    part_number: str | None
    name: str
    quantity: Decimal
    value: Decimal
    share: Decimal
    cumulative_share: Decimal
    classification: str


@attrs.frozen
class AbcClassOut:
    items: int
    value: Decimal


@attrs.frozen
class AbcOut:
    branch_id: int | None
    days: int
    date_from: str
    date_to: str
    total_value: Decimal
    classes: dict[str, AbcClassOut]
    items: list[AbcItem]
    pagination: Pagination


@attrs.frozen
class StockReportOut:
    branch_id: int | None
    items: list[StockRowOut]
    pagination: Pagination


@attrs.frozen
class NoMovementOut:
    branch_id: int | None
    days: int
    date_from: str
    items: list[StockRowOut]
    pagination: Pagination


@attrs.frozen
class BranchComparisonRow:
    branch_id: int
    branch_name: str
    items_in_stock: int
    on_hand: Decimal
    reserved: Decimal
    stock: Decimal
    cost_value: Decimal
    sale_value: Decimal


@attrs.frozen
class ComparisonOut:
    inventory_id: int | None
    branches: list[BranchComparisonRow]
