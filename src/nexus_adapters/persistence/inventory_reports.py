"""Inventory alerts and reports as SQL aggregates (docs/inventory.md#reports).

Statements are written out in SQL that SQLite and PostgreSQL both run (CTEs, window functions,
integer arithmetic). Money is integer cents and quantities integer thousandths in the tables, so a
row's value is ``(on_hand * cost + 500) / 1000`` cents, rounded half-up, in exact integers.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Date, RowMapping, bindparam, text

from nexus_adapters.persistence.inventory_abc import abc_report
from nexus_adapters.persistence.inventory_search import SqlItemSearch
from nexus_adapters.persistence.rollup_tables import LOW, NEVER, OVER, ZERO
from nexus_core.ports.inventory_queries import (
    AbcReport,
    Alerts,
    BranchRow,
    Page,
    Paged,
    StockRow,
    Valuation,
    ValuationRow,
)

_NEVER = date.fromisoformat(NEVER)


def cents(value: Any) -> Decimal:
    return (Decimal(int(value or 0)) / 100).quantize(Decimal("0.01"))


def qty(value: Any) -> Decimal:
    return (Decimal(int(value or 0)) / 1000).quantize(Decimal("0.001"))


def _day(value: Any) -> date | None:
    found = value if value is None or isinstance(value, date) else date.fromisoformat(str(value))
    return None if found == _NEVER else found  # a row no movement ever reached


# A balance row with its item (alerts, low-stock): the row's branch is the report's.
_STATE_ROW = """
SELECT sb.item_id, i.part_number, i.name, i.min_stock, i.max_stock, i.cost, sb.on_hand, sb.reserved, sb.branch_id
FROM stock_balances sb JOIN items i ON i.tenant_id = sb.tenant_id AND i.id = sb.item_id"""

_ALERTED = "sb.alert_key IS NOT NULL"  # the alert indexes' own condition

# Units on hand per item: in one branch, or every branch added up.
_ON_HAND = """
SELECT item_id, CAST(SUM(on_hand) AS BIGINT) AS on_hand, CAST(SUM(reserved) AS BIGINT) AS reserved FROM stock_balances
WHERE tenant_id = :tenant AND (CAST(:branch AS BIGINT) IS NULL OR branch_id = :branch)
GROUP BY item_id HAVING SUM(on_hand) > 0
"""


def _stock_row(r: RowMapping, last: bool = False) -> StockRow:
    return StockRow(
        item_id=r["item_id"],
        part_number=r["part_number"],
        name=r["name"],
        branch_id=r["branch_id"],
        on_hand=qty(r["on_hand"]),
        reserved=qty(r["reserved"]),
        min_stock=qty(r["min_stock"]),
        max_stock=None if r["max_stock"] is None else qty(r["max_stock"]),
        cost=cents(r["cost"]),
        last_movement=_day(r["last_date"]) if last else None,
    )


class SqlInventoryQueries(SqlItemSearch):
    """:class:`nexus_core.ports.inventory_queries.InventoryQueries` on SQL."""

    def __init__(self, conn: Connection, tenant_id: int) -> None:
        super().__init__(conn, tenant_id)

    def _rows(self, sql: str, **params: Any) -> list[RowMapping]:
        stmt = text(sql)
        if "since" in params:
            stmt = stmt.bindparams(bindparam("since", type_=Date()))
        return list(self._conn.execute(stmt, {"tenant": self._tid, **params}).mappings())

    def _totals(self, branch_id: int | None, branch_sql: str, home_sql: str) -> RowMapping:
        """The maintained totals (ADR 34): of one branch, or added up over the branches (item scope)."""
        sql = f"SELECT {branch_sql if branch_id is not None else home_sql} FROM stock_branch_totals"
        sql += " WHERE tenant_id = :tenant AND (CAST(:branch AS BIGINT) IS NULL OR branch_id = :branch)"
        return self._rows(sql, branch=branch_id)[0]

    def _state_rows(self, where: str, order: str, branch_id: int | None, limit: int, offset: int = 0) -> list[StockRow]:
        """Rows in a maintained state, read through its partial index: of one branch, else home rows
        (``where`` repeats the index's own condition: SQLite uses a partial index only then)."""
        scope = "sb.home" if branch_id is None else "sb.branch_id = :branch"
        sql = f"""{_STATE_ROW} WHERE sb.tenant_id = :tenant AND {scope} AND {where}
                  ORDER BY {order}, sb.item_id LIMIT :limit OFFSET :offset"""
        return [_stock_row(r) for r in self._rows(sql, branch=branch_id, limit=limit, offset=offset)]

    def alerts(self, branch_id: int | None, *, limit: int) -> Alerts:
        counts = self._totals(
            branch_id,
            "SUM(zero_count) AS z, SUM(low_count) AS l, SUM(over_count) AS o",
            "SUM(home_zero) AS z, SUM(home_low) AS l, SUM(home_over) AS o",
        )
        return Alerts(
            zero_stock=self._state_rows(f"{_ALERTED} AND sb.alert = {ZERO}", "sb.alert_key", branch_id, limit),
            low_stock=self._state_rows(f"{_ALERTED} AND sb.alert = {LOW}", "sb.alert_key", branch_id, limit),
            over_stock=self._state_rows(f"{_ALERTED} AND sb.alert = {OVER}", "sb.alert_key", branch_id, limit),
            zero_count=int(counts["z"] or 0),
            low_count=int(counts["l"] or 0),
            over_count=int(counts["o"] or 0),
        )

    def _counted(self, base: str, where: str, order: str, page: Page, **params: Any) -> tuple[list[RowMapping], int]:
        """One page of ``base`` and the number of its rows, in one pass (``COUNT(*) OVER ()``); a
        second query counts only when the page is past the end."""
        rows = self._rows(
            f"SELECT b.*, COUNT(*) OVER () AS total_rows FROM ({base}) b {where} {order} LIMIT :limit OFFSET :offset",
            limit=page.size,
            offset=page.offset,
            **params,
        )
        if rows:
            return rows, int(rows[0]["total_rows"])
        return rows, int(self._rows(f"SELECT COUNT(*) AS n FROM ({base}) b {where}", **params)[0]["n"])

    def low_stock(self, branch_id: int | None, page: Page) -> Paged[StockRow]:
        total = self._totals(branch_id, "SUM(below_min) AS n", "SUM(home_below_min) AS n")["n"]
        rows = self._state_rows("sb.short_key IS NOT NULL", "sb.short_key", branch_id, page.size, page.offset)
        return Paged(rows, int(total or 0))

    def valuation(self, branch_id: int | None, page: Page) -> Valuation:
        # Without a branch, per item over every branch: the cost value is the maintained stock value
        # (what 115.01 holds), kept on the item's home row; with one, the branch's rows at the average cost.
        if branch_id is None:
            totals = self._totals(None, "", "SUM(stocked_items) AS n, SUM(stock_value) AS c, SUM(item_sale_value) AS s")
            key, units, sale, scope = "sb.item_key", "sb.item_units", "sb.item_sale", "sb.item_key IS NOT NULL"
        else:
            totals = self._totals(branch_id, "items_in_stock AS n, cost_value AS c, sale_value AS s", "")
            key, units, sale = "sb.value_key", "sb.on_hand", "sb.sale_value"
            scope = "sb.branch_id = :branch AND sb.value_key IS NOT NULL"
        rows = self._rows(
            f"""SELECT sb.item_id, i.part_number, i.name, {units} AS on_hand, i.cost, i.price_1,
                       -{key} AS cost_value, {sale} AS sale_value
                FROM stock_balances sb JOIN items i ON i.tenant_id = sb.tenant_id AND i.id = sb.item_id
                WHERE sb.tenant_id = :tenant AND {scope} ORDER BY {key}, sb.item_id LIMIT :limit OFFSET :offset""",
            branch=branch_id,
            limit=page.size,
            offset=page.offset,
        )
        return Valuation(
            total_cost_value=cents(totals["c"]),
            total_sale_value=cents(totals["s"]),
            item_count=int(totals["n"] or 0),
            rows=[
                ValuationRow(
                    item_id=r["item_id"],
                    part_number=r["part_number"],
                    name=r["name"],
                    on_hand=qty(r["on_hand"]),
                    cost=cents(r["cost"]),
                    cost_value=cents(r["cost_value"]),
                    price_1=cents(r["price_1"]),
                    sale_value=cents(r["sale_value"]),
                )
                for r in rows
            ],
        )

    def abc(self, branch_id: int | None, since: date, until: date, page: Page) -> AbcReport:
        # Closed days only: ranked once per window and kept (inventory_abc, ADR 34).
        return abc_report(self._conn, self._tid, branch_id, since, until, page)

    def no_movement(self, branch_id: int | None, since: date, page: Page) -> Paged[StockRow]:
        # Read through a partial index in the order shown (ADR 34): a branch's stocked rows by their last
        # movement day, or the stocked items (home rows) by their latest day in any branch. The page reads
        # what it shows; the total counts the matching index entries (it grows with the idle rows).
        if branch_id is None:
            scope, day, units = "sb.item_idle IS NOT NULL AND sb.home", "sb.item_idle", "sb.item_units"
            reserved = """(SELECT CAST(SUM(x.reserved) AS BIGINT) FROM stock_balances x
                           WHERE x.tenant_id = sb.tenant_id AND x.item_id = sb.item_id)"""
        else:
            scope, day, units, reserved = (
                "sb.branch_id = :branch AND sb.on_hand > 0",
                "sb.last_day",
                "sb.on_hand",
                "sb.reserved",
            )
        where = f"sb.tenant_id = :tenant AND {scope} AND {day} < :since"
        rows = self._rows(
            f"""SELECT sb.item_id, i.part_number, i.name, {units} AS on_hand, {reserved} AS reserved,
                       i.min_stock, i.max_stock, i.cost, CAST(:branch AS BIGINT) AS branch_id, {day} AS last_date
                FROM stock_balances sb JOIN items i ON i.tenant_id = sb.tenant_id AND i.id = sb.item_id
                WHERE {where} ORDER BY {day}, sb.item_id LIMIT :limit OFFSET :offset""",
            branch=branch_id,
            since=since,
            limit=page.size,
            offset=page.offset,
        )
        total = self._rows(f"SELECT COUNT(*) AS n FROM stock_balances sb WHERE {where}", branch=branch_id, since=since)
        return Paged([_stock_row(r, last=True) for r in rows], int(total[0]["n"]))

    def branch_comparison(self, item_id: int | None) -> list[BranchRow]:
        if item_id is None:  # the maintained totals of each branch (ADR 34)
            return self._branch_rows(
                """SELECT b.id AS branch_id, b.name AS branch_name, COALESCE(t.items_in_stock, 0) AS items_in_stock,
                          COALESCE(t.on_hand, 0) AS on_hand, COALESCE(t.reserved, 0) AS reserved,
                          COALESCE(t.cost_value, 0) AS cost_value, COALESCE(t.sale_value, 0) AS sale_value
                   FROM branches b LEFT JOIN stock_branch_totals t ON t.tenant_id = b.tenant_id AND t.branch_id = b.id
                   WHERE b.tenant_id = :tenant ORDER BY b.id""",
                item=None,
            )
        return self._branch_rows(
            """
            SELECT b.id AS branch_id, b.name AS branch_name,
                   COUNT(CASE WHEN sb.on_hand > 0 THEN 1 END) AS items_in_stock,
                   COALESCE(SUM(sb.on_hand), 0) AS on_hand, COALESCE(SUM(sb.reserved), 0) AS reserved,
                   COALESCE(SUM((sb.on_hand * i.cost + 500) / 1000), 0) AS cost_value,
                   COALESCE(SUM((sb.on_hand * i.price_1 + 500) / 1000), 0) AS sale_value
            FROM branches b
            LEFT JOIN stock_balances sb ON sb.tenant_id = b.tenant_id AND sb.branch_id = b.id AND sb.item_id = :item
            LEFT JOIN items i ON i.tenant_id = sb.tenant_id AND i.id = sb.item_id
            WHERE b.tenant_id = :tenant
            GROUP BY b.id, b.name ORDER BY b.id""",
            item=item_id,
        )

    def _branch_rows(self, sql: str, **params: Any) -> list[BranchRow]:
        rows = self._rows(sql, **params)
        return [
            BranchRow(
                branch_id=r["branch_id"],
                branch_name=r["branch_name"],
                items_in_stock=int(r["items_in_stock"]),
                on_hand=qty(r["on_hand"]),
                reserved=qty(r["reserved"]),
                cost_value=cents(r["cost_value"]),
                sale_value=cents(r["sale_value"]),
            )
            for r in rows
        ]
