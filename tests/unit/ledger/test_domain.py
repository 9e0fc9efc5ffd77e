"""Accounts, entries, drafts and periods refuse what the books must never hold."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from nexus_core.domain import chart
from nexus_core.domain.chart import AccountNature
from nexus_core.domain.ledger import (
    Account,
    CfdiRef,
    DraftLine,
    EntryDraft,
    EntryType,
    JournalEntry,
    JournalLine,
)
from nexus_core.domain.periods import FiscalPeriod, last_day, parse_day
from nexus_core.domain.receivables import Receivable
from nexus_core.errors import InvalidInput, RuleViolation

NOW = datetime(2026, 4, 1, tzinfo=UTC)


def root(code: str = "100") -> Account:
    a = Account.create(tenant_id=1, code=code, name="Raiz")
    a.id = 1
    return a


class TestAccount:
    def test_nature_follows_the_root_class(self) -> None:
        assert root("100").nature is AccountNature.DEBIT
        assert root("200").nature is AccountNature.CREDIT
        assert root("300").nature is AccountNature.CREDIT
        assert root("400").nature is AccountNature.CREDIT
        assert root("500").nature is AccountNature.DEBIT
        assert root("600").nature is AccountNature.DEBIT

    def test_level_is_parent_level_plus_one(self) -> None:
        child = Account.create(tenant_id=1, code="101", name="Caja", parent=root())
        assert (child.level, child.parent_id, child.sat_code) == (2, 1, "101")

    @pytest.mark.parametrize(
        "code",
        [
            "",
            "701",
            "001",
            "abc",
            None,
            101,
            "101..01",
            "101.",
            "-101",
            "1 01",
            "101_01",
            "101/01",
            "1" * 21,
            "\u0661\u0660\u0661",
            "601.84.\u0660\u0665",
            "101\u200b.01",
        ],
    )
    def test_malformed_codes_are_refused(self, code: object) -> None:
        with pytest.raises(InvalidInput) as e:
            Account.create(tenant_id=1, code=code, name="X", parent=root())
        assert e.value.field == "code"

    @pytest.mark.parametrize("code", ["101", "101.01", "601.84", "601.84.02", "100.01"])
    def test_well_formed_codes(self, code: str) -> None:
        parent = root(code[0] + "00")
        assert Account.create(tenant_id=1, code=code, name="X", parent=parent).code == code

    def test_inconsistent_nature_is_refused(self) -> None:
        with pytest.raises(InvalidInput, match="must be debit") as e:
            Account.create(tenant_id=1, code="101", name="Caja", nature="credit", parent=root())
        assert e.value.field == "type"
        with pytest.raises(InvalidInput):
            Account.create(tenant_id=1, code="101", name="Caja", nature="sideways", parent=root())

    def test_consistent_nature_is_accepted(self) -> None:
        assert Account.create(tenant_id=1, code="101", name="Caja", nature="debit", parent=root()).nature == "debit"

    def test_non_root_needs_a_parent(self) -> None:
        with pytest.raises(InvalidInput) as e:
            Account.create(tenant_id=1, code="101.01", name="Caja")
        assert e.value.field == "parent_id"

    def test_parent_of_another_class_is_refused(self) -> None:
        with pytest.raises(InvalidInput, match="root class"):
            Account.create(tenant_id=1, code="201", name="Proveedores", parent=root("100"))

    def test_blank_name_is_refused(self) -> None:
        with pytest.raises(InvalidInput) as e:
            Account.create(tenant_id=1, code="101", name="  ", parent=root())
        assert e.value.field == "name"


def entry(*sides: tuple[object, object]) -> JournalEntry:
    lines = [JournalLine.create(account_id=i + 1, debit=d, credit=c, index=i) for i, (d, c) in enumerate(sides)]
    return JournalEntry.create(
        tenant_id=1,
        date=date(2026, 4, 1),
        type=EntryType.MANUAL,
        reference="P-1",
        description="Prueba",
        lines=lines,
        created_by="t",
        now=NOW,
    )


class TestJournalEntry:
    def test_balanced_entry(self) -> None:
        e = entry(("100.50", "0"), ("0", "60.25"), ("0", "40.25"))
        assert e.total == Decimal("100.50")
        assert all(ln.debit.as_tuple().exponent == -2 for ln in e.lines)

    def test_no_lines(self) -> None:
        with pytest.raises(InvalidInput, match="needs lines"):
            entry()

    def test_single_line(self) -> None:
        with pytest.raises(InvalidInput, match="at least two"):
            entry(("10", "0"))

    def test_unbalanced_by_a_cent(self) -> None:
        with pytest.raises(InvalidInput, match="unbalanced"):
            entry(("10.00", "0"), ("0", "9.99"))

    @pytest.mark.parametrize(
        ("debit", "credit", "message"),
        [
            ("-1", "0", "negative"),
            ("1.001", "0", "2 decimals"),
            ("0", "0", "greater than zero"),
            ("5", "5", "not both"),
            (1.5, "0", "float"),
            ("abc", "0", "number"),
        ],
    )
    def test_bad_lines(self, debit: object, credit: object, message: str) -> None:
        with pytest.raises(InvalidInput, match=message) as e:
            JournalLine.create(account_id=1, debit=debit, credit=credit, index=3)
        assert e.value.field is not None and e.value.field.startswith("lines[3]")

    def test_a_draft_checks_every_line_whoever_built_it(self) -> None:
        """Posting rules build ``DraftLine(...)`` without checks; :meth:`EntryDraft.create` is the one check."""
        lines = [DraftLine("101.01", debit=Decimal("-5")), DraftLine("401.01", credit=Decimal("-5"))]
        with pytest.raises(InvalidInput, match="negative") as e:
            EntryDraft.create(
                type=EntryType.MANUAL, date=date(2026, 1, 1), reference=None, description="x", lines=lines
            )
        assert e.value.field == "lines[0].debit"
        three_places = [DraftLine("101.01", debit=Decimal("1.005")), DraftLine("401.01", credit=Decimal("1.005"))]
        with pytest.raises(InvalidInput, match="2 decimals"):
            EntryDraft.create(
                type=EntryType.SALE, date=date(2026, 1, 1), reference=None, description="x", lines=three_places
            )

    def test_a_persons_zero_line_is_refused_by_index_not_dropped(self) -> None:
        lines = [DraftLine("101.01"), DraftLine("101.01", debit=Decimal("5")), DraftLine("401.01", credit=Decimal("5"))]
        with pytest.raises(InvalidInput, match="greater than zero") as e:
            EntryDraft.create(
                type=EntryType.MANUAL,
                date=date(2026, 1, 1),
                reference=None,
                description="x",
                lines=lines,
                drop_zero_lines=False,
            )
        assert e.value.field == "lines[0]"

    def test_a_draft_checks_its_date_and_texts_and_writes_two_decimals(self) -> None:
        ok = [DraftLine("101.01", debit=Decimal("5")), DraftLine("401.01", credit=Decimal(5))]
        draft = EntryDraft.create(type=EntryType.SALE, date=date(2026, 1, 1), reference=None, description="x", lines=ok)
        assert [str(ln.debit) for ln in draft.lines] == ["5.00", "0.00"]
        for kwargs, field in [
            ({"date": date(3000, 1, 1)}, "date"),
            ({"description": " "}, "description"),
            ({"reference": "x" * 61}, "reference"),
        ]:
            args = {"type": EntryType.SALE, "date": date(2026, 1, 1), "reference": None, "description": "x"}
            with pytest.raises(InvalidInput) as e:
                EntryDraft.create(**{**args, **kwargs}, lines=ok)  # type: ignore[arg-type]
            assert e.value.field == field

    def test_cfdi_reference_per_line(self) -> None:
        ref = CfdiRef.create(uuid="6f1c7b9e-2d3a-4b5c-8d9e-0a1b2c3d4e5f", rfc="xaxx010101000", total="812.00")
        assert ref.uuid == "6F1C7B9E-2D3A-4B5C-8D9E-0A1B2C3D4E5F"
        assert ref.rfc == "XAXX010101000"
        assert ref.total == Decimal("812.00")
        with pytest.raises(InvalidInput, match="UUID"):
            CfdiRef.create(uuid="not-a-uuid")


class TestEntryDraft:
    def test_zero_lines_are_dropped(self) -> None:
        d = EntryDraft.create(
            type=EntryType.SALE,
            date=date(2026, 1, 1),
            reference="V-1",
            description="x",
            lines=[
                DraftLine("101.01", debit=Decimal("10")),
                DraftLine("401.01", credit=Decimal("10")),
                DraftLine("208.01", credit=Decimal("0")),
            ],
        )
        assert [ln.account_code for ln in d.lines] == ["101.01", "401.01"]

    def test_unbalanced_draft_is_refused(self) -> None:
        with pytest.raises(InvalidInput, match="unbalanced"):
            EntryDraft.create(
                type=EntryType.SALE,
                date=date(2026, 1, 1),
                reference=None,
                description="x",
                lines=[DraftLine("101.01", debit=Decimal("10")), DraftLine("401.01", credit=Decimal("9"))],
            )


class TestPeriods:
    def test_close_once(self) -> None:
        p = FiscalPeriod.open(tenant_id=1, year=2026, month=3)
        p.close(now=NOW, by="Ana")
        assert (p.is_closed, p.closed_by, p.label) == (True, "Ana", "2026-03")
        with pytest.raises(RuleViolation, match="2026-03 is already closed"):
            p.close(now=NOW, by="Ana")

    @pytest.mark.parametrize(("y", "m"), [(2026, 0), (2026, 13), (0, 1), ("2026", 1), (2026, True)])
    def test_bad_year_month(self, y: object, m: object) -> None:
        with pytest.raises(InvalidInput):
            FiscalPeriod.open(tenant_id=1, year=y, month=m)  # type: ignore[arg-type]

    def test_parse_day(self) -> None:
        assert parse_day("2026-02-28") == date(2026, 2, 28)
        for bad in ["2026-02-30", "2026-2-1", "hoy", 20260101, None, datetime(2026, 1, 1)]:
            with pytest.raises(InvalidInput) as e:
                parse_day(bad, field="date_from")
            assert e.value.field == "date_from"

    def test_last_day(self) -> None:
        assert last_day(2024, 2) == date(2024, 2, 29)
        assert last_day(2026, 12) == date(2026, 12, 31)


class TestChart:
    def test_seed_contains_every_account_of_domain_md(self) -> None:
        codes = {c for c, _, _ in chart.SAT_CHART}
        required = (
            "101.01 102.01 105.01 115.01 118.01 119.01 201.01 206.01 208.01 209.01 213.01 "
            "301.01 304.01 305.01 401.01 402.01 501.01"
        )
        assert set(required.split()) <= codes
        assert {"100", "200", "300", "400", "500", "600"} <= codes
        assert any(c.startswith("601.") for c in codes)

    def test_seed_parents_come_first_and_fit(self) -> None:
        seen: set[str] = set()
        for code, sat_code, _ in chart.SAT_CHART:
            parent = chart.parent_code(code)
            assert parent is None or parent in seen, code
            assert chart.parse_sat_code(sat_code) == sat_code
            seen.add(code)


class TestReceivable:
    def test_payments_lower_the_open_amount(self) -> None:
        r = Receivable.create(
            tenant_id=1,
            customer_id=5,
            customer_name="Taller Perez",
            reference="V-1",
            amount="1000.00",
            issued_on=date(2026, 1, 1),
            due_date=date(2026, 1, 31),
        )
        r.apply_payment(Decimal("400"))
        assert r.open_amount == Decimal("600.00")
        with pytest.raises(RuleViolation):
            r.apply_payment(Decimal("600.01"))

    def test_due_before_issue_is_refused(self) -> None:
        with pytest.raises(InvalidInput):
            Receivable.create(
                tenant_id=1,
                customer_id=5,
                customer_name="T",
                reference="V-1",
                amount="1",
                issued_on=date(2026, 1, 2),
                due_date=date(2026, 1, 1),
            )
