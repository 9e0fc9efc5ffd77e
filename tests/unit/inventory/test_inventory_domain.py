"""Items and stock in the domain: barcodes, part numbers, fields, and the weighted average."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nexus_core.domain.items import Item, ean13, ean13_check_digit, is_valid_ean13, parse_barcode, part_number_key
from nexus_core.domain.stock import (
    InsufficientStock,
    ShortLine,
    StockBalance,
    issued_value,
    line_value,
    positive_quantity,
    received,
)
from nexus_core.errors import InvalidInput

D = Decimal
NOW = datetime(2026, 4, 1, tzinfo=UTC)


def test_ean13_check_digits_match_real_codes() -> None:
    assert ean13_check_digit("750103131130") == 9  # 7501031311309, a Mexican product
    assert is_valid_ean13("4006381333931")
    assert not is_valid_ean13("4006381333932")
    assert ean13(1) == "7500000000015"


@given(st.integers(min_value=0, max_value=10**9 - 1))
def test_every_generated_code_is_a_valid_ean13_with_the_prefix(serial: int) -> None:
    code = ean13(serial)
    assert code.startswith("750") and is_valid_ean13(code)


def test_a_13_digit_barcode_with_a_wrong_check_digit_is_refused() -> None:
    with pytest.raises(InvalidInput, match="check digit"):
        parse_barcode("7501031311308")
    assert parse_barcode(" ABC-123 ") == "ABC-123"
    with pytest.raises(InvalidInput):
        parse_barcode("has space")


@pytest.mark.parametrize("typed", ["04465-02220", "0446502220", "04465 02220", "04465.02220"])
def test_part_numbers_compare_however_they_are_typed(typed: str) -> None:
    assert part_number_key(typed) == "0446502220"
    assert part_number_key("ab-12c") == "AB12C"


def fields(**kw: object) -> dict[str, object]:
    return {"name": "Pastillas", "branch_id": 1, **kw}


def test_an_item_takes_the_seed_fields_and_defaults() -> None:
    item = Item.create(
        tenant_id=1, fields=fields(price_1="350.00", tax_rate="0.16"), barcode="7500000000015", cost="150.00", now=NOW
    )
    assert (item.unit, item.tax_rate, item.cost, item.price_1, item.is_active) == (
        "PZA",
        D("0.1600"),
        D("150.00"),
        D("350.00"),
        True,
    )


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"price_1": "1.005"}, "price_1"),
        ({"price_1": 1.5}, "price_1"),
        ({"price_2": "-1"}, "price_2"),
        ({"tax_rate": "1.5"}, "tax_rate"),
        ({"min_stock": "-1"}, "min_stock"),
        ({"min_stock": 5, "max_stock": 2}, "max_stock"),
        ({"image_url": "ftp://x"}, "image_url"),
        ({"catalog_part_id": -3}, "catalog_part_id"),
        ({"name": "  "}, "name"),
        ({"branch_id": None}, "branch_id"),
    ],
)
def test_bad_fields_are_refused_by_name(bad: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        Item.create(tenant_id=1, fields=fields(**bad), barcode="7500000000015", cost=None, now=NOW)
    assert refused.value.field == field


def test_a_partial_update_changes_nothing_when_one_field_is_bad() -> None:
    item = Item.create(tenant_id=1, fields=fields(), barcode="7500000000015", cost=None, now=NOW)
    with pytest.raises(InvalidInput):
        item.apply({"brand": "Toyota", "price_1": "abc"}, now=NOW)
    assert item.brand is None
    assert item.apply({"brand": "Toyota"}, now=NOW) == {"brand"}


def test_quantities_are_positive_with_three_decimals_at_most() -> None:
    assert positive_quantity("2.5") == D("2.500")
    for bad in (0, -1, "1.0001", 1.5, True):
        with pytest.raises(InvalidInput):
            positive_quantity(bad)


def test_available_is_on_hand_less_reserved_and_refusals_name_every_line() -> None:
    assert StockBalance(1, 1, D(5), D(2)).available == D(3)
    refused = InsufficientStock([ShortLine(1, 1, D(4), D(3), "A"), ShortLine(2, 1, D(1), D(0))])
    assert refused.message == (
        "insufficient stock: item 1 (A) in branch 1: required 4, available 3; "
        "item 2 in branch 1: required 1, available 0"
    )


def test_weighted_average_cost() -> None:
    assert received(D(10), D("1000.00"), D(10), line_value(D(10), D("120.00"))) == (D("110.00"), D("2200.00"))
    assert issued_value(D(3), D("10.00"), D(1)) == D("3.33")
    assert issued_value(D(3), D("10.00"), D(3)) == D("10.00")


@given(st.lists(st.integers(1, 50), min_size=1, max_size=20), st.integers(1, 100_000))
def test_issuing_everything_piece_by_piece_takes_exactly_the_stock_value(pieces: list[int], cents: int) -> None:
    total, value = D(sum(pieces)), D(cents) / 100
    taken = D("0.00")
    for piece in pieces:
        cost = issued_value(total, value, D(piece))
        assert D(0) <= cost <= value
        taken, total, value = taken + cost, total - piece, value - cost
    assert value == 0 and taken == D(cents) / 100
