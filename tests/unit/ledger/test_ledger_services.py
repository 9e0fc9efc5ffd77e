"""The accounting use cases, through in_memory_nexus, as an accountant would notice them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import attrs
import pytest

from nexus_core.domain import posting_rules as P
from nexus_core.domain.chart import SAT_CHART
from nexus_core.domain.ledger import Account, EntryType
from nexus_core.domain.periods import PeriodStatus
from nexus_core.domain.receivables import Receivable
from nexus_core.domain.staff import Role
from nexus_core.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from nexus_core.ports.unit_of_work import UnitOfWork
from nexus_core.services import ledger as L
from nexus_core.services import ledger_reports as R
from nexus_core.services.runner import Deps

from .conftest import Books, make_books

D = Decimal


def sale(day: date, folio: str = "V-1", subtotal: str = "700", tax: str = "112", cost: str = "450") -> P.CashSale:
    return P.CashSale(day, folio, D(subtotal), D(tax), D(subtotal) + D(tax), D(cost))


class TestChart:
    def test_new_tenant_gets_the_sat_chart(self, books: Books) -> None:
        accounts = books.accounts()
        assert set(accounts) == {c for c, _, _ in SAT_CHART}
        cash = accounts["101.01"]
        assert (cash.name, cash.nature, cash.level, cash.is_active) == ("Caja y efectivo", "debit", 3, True)
        assert accounts["101"].id == cash.parent_id and accounts["100"].id == accounts["101"].parent_id
        assert accounts["100"].parent_id is None and accounts["100"].level == 1
        assert accounts["208.01"].nature == "credit"

    def test_create_account_under_a_parent(self, books: Books) -> None:
        account: Account = books.run(
            L.create_account,
            L.CreateAccount(
                books.op,
                code="102.02",
                name="Bancos extranjeros",
                type="debit",
                parent_id=books.id("102"),
                description="USD",
            ),
        )
        assert (account.level, account.sat_code, account.description) == (3, "102.02", "USD")
        assert books.accounts()["102.02"].id == account.id

    def test_duplicate_code_names_the_code(self, books: Books) -> None:
        with pytest.raises(RuleViolation, match=r"101\.01") as e:
            books.run(
                L.create_account, L.CreateAccount(books.op, code="101.01", name="Otra caja", parent_id=books.id("101"))
            )
        assert e.value.field == "code"

    def test_missing_parent_names_parent_id(self, books: Books) -> None:
        with pytest.raises(InvalidInput, match="9999") as e:
            books.run(L.create_account, L.CreateAccount(books.op, code="101.02", name="Caja chica", parent_id=9999))
        assert e.value.field == "parent_id"

    def test_the_shops_own_numbering_hangs_from_the_parent_it_names(self, books: Books) -> None:
        # issue 6: code is the shop's numbering (CONTPAQi style); only sat_code is a código agrupador
        a = books.run(
            L.create_account,
            L.CreateAccount(
                books.op, code="100.9123", name="Caja CONTPAQi", sat_code="100.01", parent_id=books.id("101")
            ),
        )
        b = books.run(
            L.create_account,
            L.CreateAccount(
                books.op, code="1101-001-000", name="Caja general", sat_code="101.01", parent_id=books.id("101")
            ),
        )
        assert (a.code, a.sat_code, a.level, b.code, b.level) == ("100.9123", "100.01", 3, "1101-001-000", 3)
        with pytest.raises(InvalidInput, match="root class") as e:
            books.run(L.create_account, L.CreateAccount(books.op, code="2101-001", name="X", parent_id=books.id("101")))
        assert e.value.field == "parent_id"
        with pytest.raises(InvalidInput, match="código agrupador") as e:
            books.run(
                L.create_account,
                L.CreateAccount(books.op, code="1101-002", name="X", sat_code="1101-002", parent_id=books.id("101")),
            )
        assert e.value.field == "sat_code"

    def test_look_alike_codes_cannot_coexist(self, books: Books) -> None:
        # defect 7: full-width digits fold to ASCII (NFKC) and collide; Arabic-Indic digits are refused
        with pytest.raises(RuleViolation, match="already exists"):
            books.run(
                L.create_account,
                L.CreateAccount(books.op, code="601.84.\uff10\uff11", name="X", parent_id=books.id("601.84")),
            )
        with pytest.raises(InvalidInput, match="digits 0-9") as e:
            books.run(
                L.create_account,
                L.CreateAccount(books.op, code="601.84.\u0660\u0665", name="X", parent_id=books.id("601.84")),
            )
        assert e.value.field == "code"
        made = books.run(
            L.create_account,
            L.CreateAccount(books.op, code=" 601.84.\uff10\uff15 ", name="Y", parent_id=books.id("601.84")),
        )
        assert made.code == "601.84.05"

    def test_parent_with_postings_cannot_take_subaccounts(self, books: Books) -> None:
        books.post(P.cash_sale(sale(date(2026, 12, 1))))
        with pytest.raises(RuleViolation, match="postings"):
            books.run(
                L.create_account,
                L.CreateAccount(books.op, code="101.01.01", name="Caja 1", parent_id=books.id("101.01")),
            )

    def test_foreign_parent_looks_missing(self, books: Books) -> None:
        other = make_books(name="Otra")
        with pytest.raises(InvalidInput):
            other.run(
                L.create_account, L.CreateAccount(other.op, code="101.02", name="X", parent_id=books.id("101") + 1000)
            )

    def test_permissions(self, books: Books) -> None:
        cashier = books.employee(Role.CASHIER, "1111")
        accountant = books.employee(Role.ACCOUNTANT, "2222")
        with pytest.raises(Forbidden):
            books.run(L.list_accounts, L.ListAccounts(cashier))
        with pytest.raises(Forbidden):
            books.run(L.create_account, L.CreateAccount(cashier, code="101.02", name="X", parent_id=books.id("101")))
        assert books.run(L.list_accounts, L.ListAccounts(accountant))
        books.run(
            L.create_account, L.CreateAccount(accountant, code="101.02", name="Caja chica", parent_id=books.id("101"))
        )


class TestManualEntries:
    def test_manual_entry_is_recorded(self, books: Books) -> None:
        accountant = books.employee(Role.ACCOUNTANT, "2222")
        detail = books.manual(
            "2026-12-01", ("601.84.01", "15000.00", "0"), ("101.01", "0", "15000.00"), actor=accountant
        )
        assert detail.type is EntryType.MANUAL and detail.created_by == "accountant uno"
        assert [(ln.account_code, ln.debit, ln.credit) for ln in detail.lines] == [
            ("601.84.01", D("15000.00"), D("0.00")),
            ("101.01", D("0.00"), D("15000.00")),
        ]
        assert books.run(L.get_entry, L.GetEntry(books.op, detail.id)) == detail

    @pytest.mark.parametrize(
        ("lines", "match"),
        [
            ((), "needs lines"),
            ((("101.01", "10", "0"),), "at least two"),
            ((("101.01", "10", "0"), ("401.01", "0", "9.99")), "unbalanced"),
            ((("101.01", "-10", "0"), ("401.01", "0", "-10")), "negative"),
            ((("101.01", "10.005", "0"), ("401.01", "0", "10.005")), "2 decimals"),
            ((("101.01", "0", "0"), ("401.01", "0", "0")), "greater than zero"),
        ],
    )
    def test_bad_entries_write_nothing(self, books: Books, lines: tuple[tuple[str, str, str], ...], match: str) -> None:
        with pytest.raises(InvalidInput, match=match):
            books.manual("2026-12-01", *lines)
        assert books.run(L.list_entries, L.ListEntries(books.op)).total == 0
        assert books.run(L.list_periods, L.ListPeriods(books.op)) == []

    def test_unknown_account_names_the_line(self, books: Books) -> None:
        cmd = L.CreateManualEntry(
            books.op,
            date(2026, 12, 1),
            "x",
            [L.ManualLine(books.id("101.01"), debit=D("5")), L.ManualLine(99999, credit=D("5"))],
        )
        with pytest.raises(InvalidInput, match="line 1: account 99999") as e:
            books.run(L.create_manual_entry, cmd)
        assert e.value.field == "lines[1].account_id"

    def test_parent_account_is_refused(self, books: Books) -> None:
        with pytest.raises(InvalidInput, match="line 0: account 101 has subaccounts"):
            books.manual("2026-12-01", ("101", "5", "0"), ("401.01", "0", "5"))

    def test_inactive_account_is_refused(self, books: Books) -> None:
        def deactivate(code: str, uow: UnitOfWork, deps: Deps) -> None:
            account = uow.accounts.get_by_code(code)
            assert account is not None
            account.is_active = False
            uow.accounts.update(account)

        books.run(deactivate, "102.01")
        with pytest.raises(InvalidInput, match=r"102\.01 is not active"):
            books.manual("2026-12-01", ("101.01", "5", "0"), ("102.01", "0", "5"))
        with pytest.raises(InvalidInput, match="not active"):
            books.post(
                P.cash_sale(
                    P.CashSale(date(2026, 12, 1), "V", D(100), D(16), D(116), D(0), payment=P.PaymentMethod.CARD)
                )
            )

    @pytest.mark.parametrize("bad", ["2026-13-01", "01/12/2026", "", None])
    def test_malformed_date(self, books: Books, bad: object) -> None:
        cmd = L.CreateManualEntry(
            books.op,
            bad,
            "x",
            [L.ManualLine(books.id("101.01"), debit=D("5")), L.ManualLine(books.id("401.01"), credit=D("5"))],
        )  # type: ignore[arg-type]
        with pytest.raises(InvalidInput) as e:
            books.run(L.create_manual_entry, cmd)
        assert e.value.field == "date"

    def test_float_amount_is_refused(self, books: Books) -> None:
        cmd = L.CreateManualEntry(
            books.op,
            date(2026, 12, 1),
            "x",
            [L.ManualLine(books.id("101.01"), debit=0.1), L.ManualLine(books.id("401.01"), credit=0.1)],
        )  # type: ignore[arg-type]
        with pytest.raises(InvalidInput, match="float"):
            books.run(L.create_manual_entry, cmd)

    def test_cashier_cannot_post(self, books: Books) -> None:
        cashier = books.employee(Role.CASHIER, "1111")
        with pytest.raises(Forbidden):
            books.manual("2026-12-01", ("101.01", "5", "0"), ("401.01", "0", "5"), actor=cashier)

    def test_get_missing_entry(self, books: Books) -> None:
        with pytest.raises(NotFound):
            books.run(L.get_entry, L.GetEntry(books.op, 12345))
        entry_id = books.post(P.cash_sale(sale(date(2026, 12, 1))))
        other = make_books(name="Otra")
        with pytest.raises(NotFound):
            other.run(L.get_entry, L.GetEntry(other.op, entry_id))


class TestListEntries:
    def test_filters_and_pagination(self, books: Books) -> None:
        for i in range(5):
            books.post(P.cash_sale(sale(date(2026, 10, 1 + i), folio=f"V-{i}")))
        books.post(P.purchase(P.Purchase(date(2026, 10, 3), "C-1", D(100), D(16), D(116))))
        page: L.EntryPage = books.run(L.list_entries, L.ListEntries(books.op, per_page=4))
        assert (page.total, page.total_pages, len(page.data)) == (6, 2, 4)
        assert page.data[0].reference == "V-4"  # newest first
        assert [e.date for e in page.data] == sorted((e.date for e in page.data), reverse=True)
        page2 = books.run(L.list_entries, L.ListEntries(books.op, page=2, per_page=4))
        assert len(page2.data) == 2
        sales = books.run(
            L.list_entries,
            L.ListEntries(books.op, type=EntryType.SALE, date_from=date(2026, 10, 2), date_to=date(2026, 10, 3)),
        )
        assert [e.reference for e in sales.data] == ["V-2", "V-1"]
        assert sales.data[0].total == D("1262")  # sum of debits: 812 sale + 450 cost

    @pytest.mark.parametrize(
        ("cmd", "field"),
        [
            ({"date_from": date(2026, 10, 5), "date_to": date(2026, 10, 1)}, "date_from"),
            ({"date_from": "2026-10-32"}, "date_from"),  # a script's text: the core refuses what is not a date
            ({"date_to": date(3000, 1, 1)}, "date_to"),
            ({"page": 0}, "page"),
            ({"page": 10**10}, "page"),
            ({"per_page": 201}, "per_page"),
        ],
    )
    def test_bad_filters(self, books: Books, cmd: dict[str, object], field: str) -> None:
        with pytest.raises(InvalidInput) as e:
            books.run(L.list_entries, L.ListEntries(books.op, **cmd))  # type: ignore[arg-type]
        assert e.value.field == field


class TestPeriods:
    def test_periods_appear_with_postings(self, books: Books) -> None:
        books.post(P.cash_sale(sale(date(2026, 9, 10))))
        books.post(P.cash_sale(sale(date(2026, 11, 10))))
        periods = books.run(L.list_periods, L.ListPeriods(books.op))
        assert [(p.year, p.month, p.status) for p in periods] == [(2026, 11, "open"), (2026, 9, "open")]

    def test_close_moves_the_result_and_refuses_later_postings(self, books: Books) -> None:
        books.post(P.cash_sale(sale(date(2026, 3, 10))))  # income 700, cost 450
        books.manual("2026-03-15", ("601.84.01", "100", "0"), ("101.01", "0", "100"))
        owner = books.employee(Role.ACCOUNTANT, "3333")
        closed = books.close(2026, 3, actor=owner)
        assert closed.period.status is PeriodStatus.CLOSED
        assert closed.period.closed_by == "accountant uno"
        assert closed.period.closed_at == books.clock.now()
        detail = books.run(L.get_entry, L.GetEntry(books.op, closed.closing_entry_id))
        assert detail.type is EntryType.CLOSING and detail.date == date(2026, 3, 31)
        by_code = {ln.account_code: (ln.debit, ln.credit) for ln in detail.lines}
        assert by_code == {
            "401.01": (D("700"), D(0)),
            "501.01": (D(0), D("450")),
            "601.84.01": (D(0), D("100")),
            "305.01": (D(0), D("150")),
        }
        with pytest.raises(RuleViolation, match="period 2026-03 is closed") as e:
            books.manual("2026-03-31", ("601.84.01", "1", "0"), ("101.01", "0", "1"))
        assert e.value.field == "date"
        with pytest.raises(RuleViolation, match="2026-03"):
            books.post(P.cash_sale(sale(date(2026, 3, 1))))
        with pytest.raises(RuleViolation, match="already closed"):
            books.close(2026, 3)
        books.manual("2026-04-01", ("601.84.01", "1", "0"), ("101.01", "0", "1"))  # next month is open

    def test_closed_month_income_statement_still_shows_its_result(self, books: Books) -> None:
        books.post(P.cash_sale(sale(date(2026, 3, 10))))
        books.close(2026, 3)
        stmt: R.IncomeStatement = books.run(
            R.income_statement, R.GetIncomeStatement(books.op, date(2026, 3, 1), date(2026, 3, 31))
        )
        assert stmt.net_income == D("250")
        sheet: R.BalanceSheet = books.run(R.balance_sheet, R.GetBalanceSheet(books.op, date(2026, 3, 31)))
        equity = sheet.equity[0]
        assert [c.code for c in equity.children] == ["305"]  # no unclosed result left
        assert equity.amount == D("250")

    def test_months_close_in_order(self, books: Books) -> None:
        books.post(P.cash_sale(sale(date(2026, 2, 10))))
        books.post(P.cash_sale(sale(date(2026, 4, 10))))
        with pytest.raises(RuleViolation, match="period 2026-02 is still open"):
            books.close(2026, 4)
        books.close(2026, 2)
        books.close(2026, 3)  # no postings: closes with no entry
        assert books.close(2026, 4).closing_entry_id is not None
        with pytest.raises(RuleViolation, match="2026-03 is closed"):
            books.post(P.cash_sale(sale(date(2026, 3, 10))))

    def test_empty_month_between_can_be_skipped(self, books: Books) -> None:
        books.post(P.cash_sale(sale(date(2026, 2, 10))))
        books.post(P.cash_sale(sale(date(2026, 4, 10))))
        books.close(2026, 2)
        books.close(2026, 4)

    def test_closing_a_month_closes_the_books_up_to_its_end(self, books: Books) -> None:
        books.close(2026, 3)  # nothing posted yet: allowed
        with pytest.raises(RuleViolation, match="period 2026-02 is closed \\(the books are closed through 2026-03\\)"):
            books.post(P.cash_sale(sale(date(2026, 2, 10))))
        books.post(P.cash_sale(sale(date(2026, 4, 1))))

    def test_month_that_has_not_ended_cannot_close(self) -> None:
        books = make_books(datetime(2026, 4, 30, 23, 0, tzinfo=UTC))
        with pytest.raises(RuleViolation, match="2026-04 has not ended"):
            books.close(2026, 4)
        with pytest.raises(RuleViolation, match="2026-05 has not ended"):
            books.close(2026, 5)

    def test_close_with_no_result_posts_nothing(self, books: Books) -> None:
        books.manual("2026-05-02", ("102.01", "100", "0"), ("101.01", "0", "100"))
        assert books.close(2026, 5).closing_entry_id is None

    def test_bad_close_input_and_permission(self, books: Books) -> None:
        with pytest.raises(InvalidInput) as e:
            books.close(2026, 13)
        assert e.value.field == "month"
        cashier = books.employee(Role.CASHIER, "1111")
        with pytest.raises(Forbidden):
            books.close(2026, 1, actor=cashier)

    def test_a_loss_is_debited_to_305(self, books: Books) -> None:
        books.manual("2026-06-02", ("601.84.01", "80", "0"), ("101.01", "0", "80"))
        detail = books.run(L.get_entry, L.GetEntry(books.op, books.close(2026, 6).closing_entry_id))
        assert {ln.account_code: (ln.debit, ln.credit) for ln in detail.lines} == {
            "601.84.01": (D(0), D(80)),
            "305.01": (D(80), D(0)),
        }


class TestReports:
    def seed(self, books: Books) -> None:
        books.manual("2026-03-01", ("101.01", "50000", "0"), ("301.01", "0", "50000"))
        books.post(P.cash_sale(sale(date(2026, 3, 20))))
        books.post(P.purchase(P.Purchase(date(2026, 4, 2), "C-1", D("1000"), D("160"), D("1160"))))
        books.post(P.cash_sale(sale(date(2026, 4, 10), folio="V-2", subtotal="2000", tax="320", cost="1200")))
        books.post(P.credit_sale(P.CreditSale(date(2026, 4, 12), "V-3", D("500"), D("80"), D("580"), D("300"))))
        books.manual("2026-04-15", ("601.84.01", "300", "0"), ("102.01", "0", "300"))
        books.post(P.cash_sale(sale(date(2026, 5, 3), folio="V-4")))

    def test_trial_balance(self, books: Books) -> None:
        self.seed(books)
        tb: R.TrialBalance = books.run(
            R.trial_balance, R.GetTrialBalance(books.op, date(2026, 4, 1), date(2026, 4, 30))
        )
        rows = {r.code: r for r in tb.accounts}
        cash = rows["101.01"]
        assert (cash.opening_debit, cash.period_debit, cash.period_credit, cash.closing_debit) == (
            D("50812"),
            D("2320"),
            D(0),
            D("53132"),
        )
        assert rows["301.01"].opening_credit == D("50000") and rows["301.01"].period_credit == 0
        assert rows["102.01"].closing_credit == D("300")  # credit balance shown on the credit side
        t = tb.totals
        assert t.opening_debit == t.opening_credit
        assert t.period_debit == t.period_credit == D("1160") + D("2320") + D("1200") + D("580") + D("300") + D("300")
        assert t.closing_debit == t.closing_credit
        assert list(rows) == sorted(rows)
        assert "V-4" not in str(tb)

    def test_trial_balance_bad_range(self, books: Books) -> None:
        with pytest.raises(InvalidInput) as e:
            books.run(R.trial_balance, R.GetTrialBalance(books.op, date(2026, 4, 30), date(2026, 4, 1)))
        assert e.value.field == "date_from"
        with pytest.raises(InvalidInput) as e:
            books.run(R.trial_balance, R.GetTrialBalance(books.op, date(2026, 4, 1), "abril"))
        assert e.value.field == "date_to"

    def test_income_statement(self, books: Books) -> None:
        self.seed(books)
        s: R.IncomeStatement = books.run(
            R.income_statement, R.GetIncomeStatement(books.op, date(2026, 4, 1), date(2026, 4, 30))
        )
        assert [(ln.code, ln.amount) for ln in s.income] == [("401.01", D("2500"))]
        assert [(ln.code, ln.amount) for ln in s.cost_of_sales] == [("501.01", D("1500"))]
        assert [(ln.code, ln.amount) for ln in s.expenses] == [("601.84.01", D("300"))]
        assert (s.gross_profit, s.operating_profit, s.net_income) == (D("1000"), D("700"), D("700"))

    def test_balance_sheet_is_balanced_with_the_unclosed_result(self, books: Books) -> None:
        self.seed(books)
        sheet: R.BalanceSheet = books.run(R.balance_sheet, R.GetBalanceSheet(books.op, date(2026, 4, 30)))
        assert sheet.total_assets == sheet.total_liabilities_equity
        assets = sheet.assets[0]
        assert (assets.code, assets.amount) == ("100", sheet.total_assets)
        assert assets.amount == sum((c.amount for c in assets.children), D(0))
        cash_group = next(c for c in assets.children if c.code == "101")
        assert cash_group.children[0].code == "101.01"
        equity = sheet.equity[0]
        current = equity.children[-1]
        assert (current.code, current.name, current.amount) == (None, R.CURRENT_RESULT_NAME, D("250") + D("700"))
        assert sheet.liabilities[0].amount == D("1160") + D("320") + D("112") + D("80")
        assert sheet.total_liabilities_equity == sheet.liabilities[0].amount + equity.amount

    def test_reports_default_to_today(self, books: Books) -> None:
        books.clock.current = datetime(2026, 4, 20, 12, tzinfo=UTC)
        self.seed(books)
        tb = books.run(R.trial_balance, R.GetTrialBalance(books.op))
        assert (tb.date_from, tb.date_to) == (date(2026, 4, 1), date(2026, 4, 20))
        assert books.run(R.balance_sheet, R.GetBalanceSheet(books.op)).date == date(2026, 4, 20)

    def test_reports_need_accounting_view(self, books: Books) -> None:
        cashier = books.employee(Role.CASHIER, "1111")
        for handler, cmd in [
            (R.trial_balance, R.GetTrialBalance(cashier)),
            (R.income_statement, R.GetIncomeStatement(cashier)),
            (R.balance_sheet, R.GetBalanceSheet(cashier)),
            (R.aging, R.GetAging(cashier)),
            (L.list_entries, L.ListEntries(cashier)),
            (L.list_periods, L.ListPeriods(cashier)),
        ]:
            with pytest.raises(Forbidden):
                books.run(handler, cmd)


class TestAging:
    def test_buckets_by_days_past_due(self, books: Books) -> None:
        def charge(customer_id: int, name: str, amount: str, due: date, issued: date = date(2025, 1, 1)) -> None:
            def add(_: None, uow: UnitOfWork, deps: Deps) -> None:
                uow.receivables.add(
                    Receivable.create(
                        tenant_id=uow.tenant_id,
                        customer_id=customer_id,
                        customer_name=name,
                        reference=f"V-{amount}",
                        amount=amount,
                        issued_on=issued,
                        due_date=due,
                    )
                )

            books.run(add, None)

        as_of = date(2026, 4, 30)
        charge(5, "Taller Perez", "5000", as_of)  # due today: current
        charge(5, "Taller Perez", "3000", date(2026, 4, 29))  # 1 day
        charge(5, "Taller Perez", "2000", date(2026, 3, 1))  # 60 days
        charge(7, "Autoservicio Luna", "1000", date(2026, 1, 30))  # 90 days
        charge(7, "Autoservicio Luna", "500", date(2026, 1, 29))  # 91 days
        charge(7, "Autoservicio Luna", "999", date(2026, 6, 1), issued=date(2026, 5, 1))  # after the date: left out
        report: R.Aging = books.run(R.aging, R.GetAging(books.op, date(2026, 4, 30)))
        assert [r.name for r in report.customers] == ["Autoservicio Luna", "Taller Perez"]
        perez = report.customers[1].buckets
        assert (perez.current, perez.days_1_30, perez.days_31_60, perez.days_61_90, perez.total) == (
            D("5000"),
            D("3000"),
            D("2000"),
            D(0),
            D("10000"),
        )
        luna = report.customers[0].buckets
        assert (luna.days_61_90, luna.days_over_90, luna.total) == (D("1000"), D("500"), D("1500"))
        assert report.totals.total == D("11500") and report.totals.current == D("5000")

    def test_bucket_edges(self) -> None:
        assert [R.bucket_of(d) for d in (-5, 0, 1, 30, 31, 60, 61, 90, 91)] == [
            "current",
            "current",
            "days_1_30",
            "days_1_30",
            "days_31_60",
            "days_31_60",
            "days_61_90",
            "days_61_90",
            "days_over_90",
        ]


def test_post_entry_refuses_codes_missing_from_the_chart(books: Books) -> None:
    draft = P.cash_sale(sale(date(2026, 12, 1)))
    bogus = attrs.evolve(draft, lines=(attrs.evolve(draft.lines[0], account_code="109.09"), *draft.lines[1:]))
    with pytest.raises(RuleViolation, match=r"109\.09 is not in the chart"):
        books.post(bogus)


def test_draft_of_entry_round_trips(books: Books) -> None:
    draft = P.cash_sale(sale(date(2026, 12, 1)))
    entry_id = books.post(draft)

    def load(entry_id: int, uow: UnitOfWork, deps: Deps) -> object:
        return L.draft_of_entry(uow, entry_id)

    assert books.run(load, entry_id) == draft
    reversal = P.sale_cancellation(P.SaleCancellation(date(2026, 12, 2), "V-1", books.run(load, entry_id)))
    books.post(reversal)
    tb = books.run(R.trial_balance, R.GetTrialBalance(books.op, date(2026, 12, 1), date(2026, 12, 31)))
    assert all(r.closing_debit == r.closing_credit == 0 for r in tb.accounts)
