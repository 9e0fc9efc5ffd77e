"""Wire classes of the stock operations (purchase, adjustment, transfer, counts), for :mod:`.inventory_stock`."""

from __future__ import annotations

from decimal import Decimal

import attrs


@attrs.frozen
class PurchaseLineIn:
    inventory_id: int
    quantity: Decimal
    unit_cost: Decimal


@attrs.frozen
class PurchaseIn:
    items: list[PurchaseLineIn]
    supplier: str | None = None
    invoice_number: str | None = None
    notes: str | None = None
    branch_id: int | None = None
    settlement: str = "credit"
    tax: Decimal | None = None


@attrs.frozen
class PurchaseLineOut:
    inventory_id: int
    quantity: Decimal
    unit_cost: Decimal
    value: Decimal
    new_cost: Decimal


@attrs.frozen
class PurchaseOut:
    reference: str
    branch_id: int
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    entry_id: int | None
    items: list[PurchaseLineOut]
    message: str


@attrs.frozen
class AdjustmentIn:
    inventory_id: int
    quantity: Decimal
    reason: str
    branch_id: int | None = None


@attrs.frozen
class AdjustmentOut:
    reference: str
    inventory_id: int
    branch_id: int
    quantity: Decimal
    value: Decimal
    on_hand: Decimal
    entry_ids: list[int]
    message: str


@attrs.frozen
class TransferLineIn:
    inventory_id: int
    quantity: Decimal


@attrs.frozen
class TransferIn:
    from_branch_id: int
    to_branch_id: int
    items: list[TransferLineIn]
    notes: str | None = None


@attrs.frozen
class TransferLineOut:
    inventory_id: int
    quantity: Decimal


@attrs.frozen
class TransferOut:
    reference: str
    from_branch_id: int
    to_branch_id: int
    items: list[TransferLineOut]
    message: str


@attrs.frozen
class CountLineIn:
    inventory_id: int
    counted_quantity: Decimal


@attrs.frozen
class CountIn:
    branch_id: int
    items: list[CountLineIn]


@attrs.frozen
class CountStartedOut:
    count_id: int
    items_counted: int
    message: str


@attrs.frozen
class ApproveIn:
    count_id: int


@attrs.frozen
class CountDifferenceOut:
    inventory_id: int
    difference: Decimal


@attrs.frozen
class CountApprovedOut:
    count_id: int
    adjusted: list[CountDifferenceOut]
    value: Decimal
    entry_ids: list[int]
    message: str
