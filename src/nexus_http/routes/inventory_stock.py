"""Stock operations: purchase, adjustment, transfer, physical count (start, approve). Each is one
use case of the stock engine (its movements and postings commit together) and honours
``Idempotency-Key``."""

from __future__ import annotations

from decimal import Decimal

from nexus_core.services import adjustments, counts, purchases, transfers
from nexus_http.endpoints import Call, RouteTable
from nexus_http.reply import Reply
from nexus_http.routes.inventory_wire import PREFIX, qty
from nexus_http.routes.inventory_wire_stock import (
    AdjustmentIn,
    AdjustmentOut,
    ApproveIn,
    CountApprovedOut,
    CountIn,
    CountStartedOut,
    PurchaseIn,
    PurchaseOut,
    TransferIn,
    TransferOut,
)

routes = RouteTable("inventory")


@routes.post(
    f"{PREFIX}/purchase",
    summary="Receive a purchase: stock in, weighted average cost, Dr 115.01 + 118.01 / Cr 201.01 (or cash)",
    permission="inventory.create",
    body=PurchaseIn,
    response=PurchaseOut,
    status=201,
    idempotent=True,
    example={
        "reference": "FAC-001",
        "branch_id": 1,
        "subtotal": Decimal("2900.00"),
        "tax": Decimal("464.00"),
        "total": Decimal("3364.00"),
        "entry_id": 12,
        "items": [
            {
                "inventory_id": 1,
                "quantity": 20,
                "unit_cost": Decimal("145.00"),
                "value": Decimal("2900.00"),
                "new_cost": Decimal("146.67"),
            }
        ],
        "message": "Purchase recorded",
    },
)
def purchase(call: Call) -> Reply:
    b: PurchaseIn = call.body
    cmd = purchases.ReceivePurchase(
        actor=call.actor,
        lines=[purchases.PurchaseLine(ln.inventory_id, ln.quantity, ln.unit_cost) for ln in b.items],
        supplier=b.supplier,
        invoice_number=b.invoice_number,
        notes=b.notes,
        branch_id=b.branch_id,
        settlement=b.settlement,
        tax=b.tax,
    )

    def render(r: purchases.PurchaseReceived) -> Reply:
        lines = [
            {
                "inventory_id": ln.item_id,
                "quantity": qty(ln.quantity),
                "unit_cost": ln.unit_cost,
                "value": ln.value,
                "new_cost": ln.new_cost,
            }
            for ln in r.lines
        ]
        body = {
            "reference": r.reference,
            "branch_id": r.branch_id,
            "subtotal": r.subtotal,
            "tax": r.tax,
            "total": r.total,
            "entry_id": r.entry_id,
            "items": lines,
            "message": "Purchase recorded",
        }
        return Reply(body, 201)

    return call.respond(purchases.receive_purchase, cmd, render)


@routes.post(
    f"{PREFIX}/adjustment",
    summary="Adjust stock by a signed quantity (shrinkage or surplus, posted at the average cost)",
    permission="inventory.adjust",
    body=AdjustmentIn,
    response=AdjustmentOut,
    status=201,
    idempotent=True,
    example={
        "reference": "AJ-1-20260401100000",
        "inventory_id": 1,
        "branch_id": 1,
        "quantity": -2,
        "value": Decimal("-293.34"),
        "on_hand": 28,
        "entry_ids": [13],
        "message": "Adjustment recorded",
    },
)
def adjustment(call: Call) -> Reply:
    b: AdjustmentIn = call.body
    cmd = adjustments.AdjustStock(call.actor, b.inventory_id, b.quantity, b.reason, b.branch_id)

    def render(r: adjustments.StockAdjusted) -> Reply:
        body = {
            "reference": r.movement_reference,
            "inventory_id": r.item_id,
            "branch_id": r.branch_id,
            "quantity": qty(r.quantity),
            "value": r.value,
            "on_hand": qty(r.on_hand),
            "entry_ids": list(r.entry_ids),
            "message": "Adjustment recorded",
        }
        return Reply(body, 201)

    return call.respond(adjustments.adjust_stock, cmd, render)


@routes.post(
    f"{PREFIX}/transfer",
    summary="Move stock from one branch to another (every line or none)",
    permission="inventory.transfer",
    body=TransferIn,
    response=TransferOut,
    status=201,
    idempotent=True,
    example={
        "reference": "TR-1-2-20260401100000",
        "from_branch_id": 1,
        "to_branch_id": 2,
        "items": [{"inventory_id": 1, "quantity": 5}],
        "message": "Transfer recorded",
    },
)
def transfer(call: Call) -> Reply:
    b: TransferIn = call.body
    cmd = transfers.TransferStock(
        call.actor,
        b.from_branch_id,
        b.to_branch_id,
        [transfers.TransferLine(ln.inventory_id, ln.quantity) for ln in b.items],
        b.notes,
    )

    def render(r: transfers.StockTransferred) -> Reply:
        body = {
            "reference": r.reference,
            "from_branch_id": r.from_branch_id,
            "to_branch_id": r.to_branch_id,
            "items": [{"inventory_id": i, "quantity": qty(q)} for i, q in r.lines],
            "message": "Transfer recorded",
        }
        return Reply(body, 201)

    return call.respond(transfers.transfer_stock, cmd, render)


@routes.post(
    f"{PREFIX}/physical-count/start",
    summary="Record a physical count beside the system quantities at this moment",
    permission="inventory.adjust",
    body=CountIn,
    response=CountStartedOut,
    status=201,
    idempotent=True,
    example={"count_id": 1, "items_counted": 1, "message": "Physical count started"},
)
def start_count(call: Call) -> Reply:
    b: CountIn = call.body
    cmd = counts.StartCount(
        call.actor, b.branch_id, [counts.CountedLine(ln.inventory_id, ln.counted_quantity) for ln in b.items]
    )
    return call.respond(
        counts.start_count,
        cmd,
        lambda r: Reply(
            {"count_id": r.count_id, "items_counted": r.items_counted, "message": "Physical count started"}, 201
        ),
    )


@routes.post(
    f"{PREFIX}/physical-count/approve",
    summary="Approve a count: post each difference (counted minus system at counting) as an adjustment",
    permission="inventory.adjust",
    body=ApproveIn,
    response=CountApprovedOut,
    idempotent=True,
    example={
        "count_id": 1,
        "adjusted": [{"inventory_id": 1, "difference": -1}],
        "value": Decimal("-146.67"),
        "entry_ids": [14],
        "message": "Physical count approved",
    },
)
def approve_count(call: Call) -> Reply:
    cmd = counts.ApproveCount(call.actor, call.body.count_id)

    def render(r: counts.CountApproved) -> Reply:
        body = {
            "count_id": r.count_id,
            "adjusted": [{"inventory_id": i, "difference": qty(d)} for i, d in r.adjusted],
            "value": r.value,
            "entry_ids": list(r.entry_ids),
            "message": "Physical count approved",
        }
        return Reply(body)

    return call.respond(counts.approve_count, cmd, render)
