"""Random sequences of postings, manual entries and period closes keep the books consistent:
the trial balance balances, the balance sheet balances, the maintained balances equal a
recomputation from the lines, and nothing lands in a closed period."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nexus_core.domain import posting_rules as P
from nexus_core.domain.ledger import EntryType
from nexus_core.errors import InvalidInput, RuleViolation
from nexus_core.services import ledger as L
from nexus_core.services import ledger_reports as R
from nexus_core.testing.ledger_fakes import verify_balances

from .conftest import make_books
from .test_posting_rules import facts

YEAR = 2026
days_2026 = st.dates(min_value=date(YEAR, 1, 1), max_value=date(YEAR, 6, 30))
postings = facts.map(lambda f: ("fact", f))
manuals = st.tuples(
    st.just("manual"),
    days_2026,
    st.sampled_from(["101.01", "102.01", "115.01", "201.01", "301.01", "401.01", "501.01", "601.84.01"]),
    st.sampled_from(["101.01", "102.01", "206.01", "305.01", "403.01.01", "601.84.02"]),
    st.integers(min_value=1, max_value=10**7).map(lambda c: Decimal(c) / 100),
)
closes = st.tuples(st.just("close"), st.integers(min_value=1, max_value=6))
operations = st.lists(st.one_of(postings, postings, manuals, closes), min_size=1, max_size=25)


def in_2026(fact: Any, day: date) -> Any:
    """The same fact dated inside the months the test closes."""
    import attrs

    return attrs.evolve(fact, date=date(YEAR, 1 + day.month % 6, min(day.day, 28)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations, days_2026, days_2026)
def test_random_books_stay_consistent(ops: list[Any], a: date, b: date) -> None:
    books = make_books()
    closed: set[int] = set()
    posted_into_closed = False
    for op in ops:
        kind = op[0]
        try:
            if kind == "fact":
                fact = in_2026(op[1], op[1].date)
                month = fact.date.month
                books.post(P.draft_for(fact))
                posted_into_closed |= bool(closed) and month <= max(closed)
            elif kind == "manual":
                _, day, dr, cr, amount = op
                if dr == cr:
                    continue
                books.manual(day.isoformat(), (dr, str(amount), "0"), (cr, "0", str(amount)))
                posted_into_closed |= bool(closed) and day.month <= max(closed)
            else:
                books.close(YEAR, op[1])
                closed.add(op[1])
        except RuleViolation as e:
            assert "closed" in e.message or "still open" in e.message, e.message
        except InvalidInput:
            raise
    assert not posted_into_closed

    verify_balances(books.store.ledger)

    lo, hi = min(a, b), max(a, b)
    tb: R.TrialBalance = books.run(R.trial_balance, R.GetTrialBalance(books.op, lo, hi))
    t = tb.totals
    assert t.opening_debit == t.opening_credit
    assert t.period_debit == t.period_credit
    assert t.closing_debit == t.closing_credit
    for row in tb.accounts:
        assert row.opening_debit == 0 or row.opening_credit == 0
        assert (
            row.closing_debit - row.closing_credit
            == row.opening_debit - row.opening_credit + row.period_debit - row.period_credit
        )

    for day in (lo, hi, date(YEAR, 12, 31)):
        sheet: R.BalanceSheet = books.run(R.balance_sheet, R.GetBalanceSheet(books.op, day))
        assert sheet.total_assets == sheet.total_liabilities_equity
        assert sum((n.amount for n in sheet.assets), Decimal(0)) == sheet.total_assets

    # the income statement of a range equals the change in the balance sheet's result over it,
    # once the closing entries moved into 305.01 are counted back
    stmt: R.IncomeStatement = books.run(R.income_statement, R.GetIncomeStatement(books.op, lo, hi))
    period_tb = tb.accounts
    by_class = {"4": Decimal(0), "5": Decimal(0), "6": Decimal(0)}
    closing_rows = books.run(
        L.list_entries, L.ListEntries(books.op, date_from=lo, date_to=hi, type=EntryType.CLOSING, per_page=200)
    )
    for row in period_tb:
        if row.code[0] in by_class:
            by_class[row.code[0]] += row.period_credit - row.period_debit
    closing_moved = Decimal(0)
    for summary in closing_rows.data:
        detail = books.run(L.get_entry, L.GetEntry(books.op, summary.id))
        closing_moved += sum((ln.debit - ln.credit for ln in detail.lines if ln.account_code[0] in "456"), Decimal(0))
    assert stmt.net_income == sum(by_class.values(), Decimal(0)) + closing_moved

    # closed months are exactly the ones the accountant closed, and their result accounts are zero
    periods = {p.month: p for p in books.run(L.list_periods, L.ListPeriods(books.op))}
    assert {m for m, p in periods.items() if p.is_closed} == closed
    if closed:
        last = max(closed)
        end = date(YEAR, last + 1, 1) - timedelta(days=1) if last < 12 else date(YEAR, 12, 31)
        sheet = books.run(R.balance_sheet, R.GetBalanceSheet(books.op, end))
        assert all(c.code is not None for c in sheet.equity[0].children)  # no unclosed result at a closed month's end
