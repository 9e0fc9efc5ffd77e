"""Loading items from a spreadsheet, one batch of rows per transaction (``nexus items import``,
docs/cli.md). Every row is judged whole before anything is written: a refused row writes nothing and
is reported with its line and field; the batch's accepted rows are inserted together, and their
initial stock enters through the stock engine (a ``purchase`` movement per item at its cost, one
opening-stock entry Dr 115.01 / Cr 301.01 per batch).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, MutableSet, Sequence
from decimal import Decimal

import attrs

from nexus_core.domain.items import DEFAULT_BARCODE_PREFIX, EDITABLE_FIELDS, Category, Item, ean13, parse_barcode
from nexus_core.domain.money import ZERO, quantity
from nexus_core.domain.stock import MovementKind
from nexus_core.domain.text import optional_text
from nexus_core.errors import InvalidInput, NexusError, NotFound
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services.authz import Actor, authorize
from nexus_core.services.items import require_branch
from nexus_core.services.posting import PostEntry, post_entry
from nexus_core.services.runner import Deps, read_only
from nexus_core.services.stock import Receipt, lock_items, receive_many, stock_context
from nexus_core.services.stock_postings import opening_stock_draft

# Columns of the CSV file: the item's fields, plus ``category`` (a name, created when missing),
# ``cost`` (the initial unit cost) and ``initial_stock`` (units received into the home branch).
COLUMNS = (*sorted(EDITABLE_FIELDS - {"is_active"}), "category", "cost", "initial_stock")
_INTEGER = re.compile(r"^[0-9]{1,18}$")
_INT_FIELDS = ("branch_id", "category_id", "catalog_part_id")


@attrs.frozen
class ImportRow:
    line: int  # the file's line number (the header is line 1)
    values: Mapping[str, str]


@attrs.frozen
class ImportBatch:
    """``seen_barcodes``/``seen_keys``: codes accepted by earlier batches of a dry run (nothing of
    them is in the database); ``None`` when earlier batches were committed."""

    actor: Actor
    rows: Sequence[ImportRow]
    branch_id: int | None = None
    seen_barcodes: MutableSet[str] | None = None
    seen_keys: MutableSet[str] | None = None


@attrs.frozen
class RowError:
    line: int
    field: str | None
    error: str


@attrs.frozen
class BatchResult:
    imported: int
    errors: tuple[RowError, ...]
    units: Decimal  # initial stock received
    value: Decimal  # its value at cost (what 115.01 was debited)


@attrs.define
class _Parsed:
    line: int
    item: Item
    category: str | None
    initial: Decimal


def _fields(values: Mapping[str, str]) -> tuple[dict[str, object], str | None, str | None, Decimal]:
    fields: dict[str, object] = {}
    for name, raw in values.items():
        text = raw.strip() if raw is not None else ""
        if not text or name not in EDITABLE_FIELDS:
            continue
        if name in _INT_FIELDS:
            if not _INTEGER.match(text):
                raise InvalidInput(f"{name} must be a positive integer", field=name)
            fields[name] = int(text)
        else:
            fields[name] = text
    category = optional_text(values.get("category") or None, field="category", max_len=100)
    cost = (values.get("cost") or "").strip() or None
    initial_text = (values.get("initial_stock") or "").strip()
    initial = quantity(initial_text, field="initial_stock") if initial_text else ZERO
    if initial < 0:
        raise InvalidInput("initial_stock must not be negative", field="initial_stock")
    return fields, category, cost, initial


def _judge(cmd: ImportBatch, uow: UnitOfWork, deps: Deps) -> tuple[list[_Parsed], list[RowError]]:
    """Every row parsed and checked against the tenant's branches, categories and codes."""
    now = deps.clock.now()
    default_branch = cmd.branch_id
    if default_branch is None:
        default_branch = next((b.id for b in uow.branches.list() if b.is_active), None)
    if default_branch is None:
        raise NotFound("the tenant has no active branch", field="branch_id")
    require_branch(uow, default_branch)
    branches = {b.id for b in uow.branches.list() if b.is_active}
    ok: list[_Parsed] = []
    errors: list[RowError] = []
    for row in cmd.rows:
        try:
            fields, category, cost, initial = _fields(row.values)
            fields.setdefault("branch_id", default_branch)
            barcode = parse_barcode(fields.pop("barcode", None))
            item = Item.create(tenant_id=uow.tenant_id, fields=fields, barcode=barcode or "0", cost=cost, now=now)
            if barcode is None:
                item.barcode = ""  # generated below, once the batch's codes are known
            if item.branch_id not in branches:
                raise NotFound(f"branch {item.branch_id} not found", field="branch_id")
            if item.category_id is not None and uow.categories.get(item.category_id) is None:
                raise NotFound(f"category {item.category_id} not found", field="category_id")
            ok.append(_Parsed(row.line, item, category, initial))
        except NexusError as exc:
            errors.append(RowError(row.line, exc.field, exc.message))
    return _unique(cmd, uow, ok, errors)


def _unique(
    cmd: ImportBatch, uow: UnitOfWork, parsed: list[_Parsed], errors: list[RowError]
) -> tuple[list[_Parsed], list[RowError]]:
    taken_codes, taken_keys = uow.inventory_queries.taken_codes(
        [p.item.barcode for p in parsed if p.item.barcode],
        [k for p in parsed if (k := p.item.part_number_key) is not None],
    )
    seen_codes = cmd.seen_barcodes if cmd.seen_barcodes is not None else set()
    seen_keys = cmd.seen_keys if cmd.seen_keys is not None else set()
    ok = []
    for p in parsed:
        code, key = p.item.barcode, p.item.part_number_key
        if code and (code in taken_codes or code in seen_codes):
            errors.append(RowError(p.line, "barcode", f"barcode {code} is already used"))
        elif key is not None and (key in taken_keys or key in seen_keys):
            errors.append(RowError(p.line, "part_number", f"part number {p.item.part_number} is already used"))
        else:
            if code:
                seen_codes.add(code)
            if key is not None:
                seen_keys.add(key)
            ok.append(p)
    _generate_barcodes(uow, ok, lambda code: code in seen_codes or code in taken_codes)
    errors.sort(key=lambda e: e.line)
    return ok, errors


def _generate_barcodes(uow: UnitOfWork, parsed: list[_Parsed], used: Callable[[str], bool]) -> None:
    prefix = DEFAULT_BARCODE_PREFIX
    top = uow.items.max_barcode(prefix)
    serial = 1 if top is None else int(top[len(prefix) : 12]) + 1
    for p in parsed:
        if p.item.barcode:
            continue
        code = ean13(serial, prefix)
        while used(code):
            serial += 1
            code = ean13(serial, prefix)
        p.item.barcode = code
        serial += 1


@read_only
def check_item_batch(cmd: ImportBatch, uow: UnitOfWork, deps: Deps) -> BatchResult:
    """A dry run of :func:`import_item_batch`: the same verdicts, nothing written."""
    cmd.actor.require("inventory.create")
    ok, errors = _judge(cmd, uow, deps)
    units = sum((p.initial for p in ok), ZERO)
    value = sum((p.initial * p.item.cost for p in ok), ZERO).quantize(Decimal("0.01"))
    return BatchResult(len(ok), tuple(errors), units, value)


def import_item_batch(cmd: ImportBatch, uow: UnitOfWork, deps: Deps) -> BatchResult:
    employee = authorize(uow, cmd.actor, "inventory.create")
    ok, errors = _judge(cmd, uow, deps)
    categories: dict[str, int] = {}
    for p in ok:
        if p.category is not None:
            key = p.category.casefold()
            if key not in categories:
                found = uow.categories.get_by_name(p.category)
                new = Category.create(tenant_id=uow.tenant_id, name=p.category)
                categories[key] = found.id if found and found.id else uow.categories.add(new)
            p.item.category_id = categories[key]
    uow.items.add_many([p.item for p in ok])
    stocked = [p for p in ok if p.initial > 0]
    value = ZERO
    if stocked:
        ctx = stock_context(uow, deps, employee)
        locked = lock_items(uow, [p.item.id for p in stocked if p.item.id is not None])
        folio = f"IMPORT-{stocked[0].line}"
        receipts = []
        for p in stocked:
            item = locked[p.item.id]  # type: ignore[index]
            reason = f"initial stock (import line {p.line})"
            receipts.append(Receipt(item, item.branch_id, p.initial, item.cost, reason))
        value = sum(receive_many(uow, ctx, receipts, kind=MovementKind.PURCHASE, reference=folio), ZERO)
        if value > 0:
            post_entry(PostEntry(opening_stock_draft(ctx.business_date, folio, value), ctx.created_by), uow, deps)
    return BatchResult(len(ok), tuple(errors), sum((p.initial for p in ok), ZERO), value)
