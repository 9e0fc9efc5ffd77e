"""A register cut as a readable table (``nexus register cut-x|cut-z`` without ``--json``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table

LABELS = (
    ("opening_amount", "Opening amount (fondo)"),
    ("sales_cash", "Cash sales (net of change)"),
    ("sales_card", "Card sales"),
    ("sales_transfer", "Transfer sales"),
    ("sales_credit", "On customers' accounts"),
    ("total_sales", "Total sales"),
    ("sales_count", "Tickets"),
    ("cancelled_count", "Cancelled tickets"),
    ("returns_count", "Returns"),
    ("returns_total", "Returns total"),
    ("returns_cash", "  refunded in cash"),
    ("returns_card", "  refunded to cards"),
    ("returns_transfer", "  refunded by transfer"),
    ("cash_received", "Cash received"),
    ("change_given", "Change given"),
    ("cash_refunded", "Cash refunded (cancellations and returns)"),
    ("movements_in", "Cash in"),
    ("movements_out", "Cash out"),
    ("expected_cash", "Expected in the drawer"),
    ("counted_amount", "Counted"),
    ("difference", "Difference (counted - expected)"),
)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def print_cut(title: str, figures: dict[str, Any], extra: dict[str, Any] | None = None) -> None:
    """The cut's figures, one row each, money with two decimals and thousands separators."""
    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("Figure")
    table.add_column("Amount", justify="right")
    for key, value in (extra or {}).items():
        table.add_row(key.replace("_", " ").capitalize(), _cell(value))
    for key, label in LABELS:
        if key in figures:
            table.add_row(label, _cell(figures[key]), style="bold" if key == "expected_cash" else None)
    Console(width=80, highlight=False).print(table)
