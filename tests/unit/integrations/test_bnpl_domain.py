"""BNPL in the core: the state machine (hypothesis), webhook signatures against known vectors, event
parsing, and the approval's posting rule."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nexus_core.domain import chart
from nexus_core.domain.bnpl import FINAL, BnplApplication, BnplState, can_move, path_to
from nexus_core.domain.bnpl_rules import BnplSettlement, bnpl_settlement
from nexus_core.domain.bnpl_webhook import parse_event, signature_valid
from nexus_core.errors import InvalidInput

T0 = datetime(2026, 4, 1, 15, tzinfo=UTC)
D = Decimal

# RFC 4231 test case 2, and the classic "quick brown fox" vector.
RFC_KEY, RFC_DATA = "Jefe", b"what do ya want for nothing?"
RFC_MAC = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
FOX_KEY, FOX_DATA = "key", b"The quick brown fox jumps over the lazy dog"
FOX_MAC = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"


def _application() -> BnplApplication:
    return BnplApplication.create(
        tenant_id=1,
        provider="aplazo",
        sale_id=7,
        sale_folio="V-0007",
        customer_id=3,
        amount="1500.00",
        customer_name="Juan Perez",
        customer_phone="+52 (55) 1234-5678",
        now=T0,
    )


@given(st.lists(st.sampled_from(list(BnplState)), max_size=12))
def test_states_only_move_forward_and_final_states_never_change(events: list[BnplState]) -> None:
    app = _application()
    seen = [app.state]
    for i, to in enumerate(events):
        before = app.state
        steps = app.move(to, T0 + timedelta(seconds=i))
        if before in FINAL:
            assert steps == () and app.state is before
        if steps:
            assert app.state is to
            for a, b in zip((before, *steps), steps, strict=False):
                assert can_move(a, b)
        seen.append(app.state)
    order = {BnplState.CREATED: 0, BnplState.PENDING: 1}
    ranks = [order.get(s, 2) for s in seen]
    assert ranks == sorted(ranks)  # never back to created or pending
    assert sum(1 for a, b in itertools.pairwise(seen) if a is not b and b is BnplState.APPROVED) <= 1


def test_an_approval_that_beats_the_create_answer_passes_through_pending() -> None:
    assert path_to(BnplState.CREATED, BnplState.APPROVED) == (BnplState.PENDING, BnplState.APPROVED)
    assert path_to(BnplState.APPROVED, BnplState.CANCELLED) == ()
    assert path_to(BnplState.PENDING, BnplState.PENDING) == ()
    app = _application()
    app.accepted("loan-1", "https://checkout", T0)
    assert (app.state, app.provider_ref, app.customer_phone) == (BnplState.PENDING, "loan-1", "525512345678")


@pytest.mark.parametrize(
    ("field", "value"),
    [("amount", "0"), ("amount", "-5"), ("amount", "1.234"), ("customer_phone", "12345"), ("customer_name", " ")],
)
def test_bad_applications_are_refused(field: str, value: str) -> None:
    kw = dict(tenant_id=1, provider="clip", sale_id=1, sale_folio="V-1", customer_id=1, now=T0)
    kw |= {"amount": "10", "customer_name": "Ana", "customer_phone": "5512345678", field: value}
    with pytest.raises(InvalidInput):
        BnplApplication.create(**kw)  # type: ignore[arg-type]


def test_signature_vectors_with_and_without_the_prefix() -> None:
    assert signature_valid("aplazo", RFC_DATA, RFC_MAC, RFC_KEY)
    assert signature_valid("kueski", RFC_DATA, f"sha256={RFC_MAC.upper()}", RFC_KEY)
    assert signature_valid("clip", FOX_DATA, FOX_MAC, FOX_KEY)
    for header, secret, raw in [
        (None, RFC_KEY, RFC_DATA),
        ("", RFC_KEY, RFC_DATA),
        (RFC_MAC, "", RFC_DATA),  # no secret configured never matches
        (RFC_MAC, "jefe", RFC_DATA),
        (RFC_MAC, RFC_KEY, RFC_DATA + b"\n"),
        (f"sha1={RFC_MAC}", RFC_KEY, RFC_DATA),
        (FOX_MAC, RFC_KEY, RFC_DATA),
    ]:
        assert not signature_valid("aplazo", raw, header, secret)


def test_events_are_read_in_the_providers_words() -> None:
    e = parse_event({"event_id": "evt_1", "status": "Activo", "application_id": 991, "reference": "12"})
    assert (e.event_id, e.status, e.provider_ref, e.reference) == ("evt_1", BnplState.APPROVED, "991", 12)
    assert parse_event({"event_id": "e", "status": "rechazado", "reference": "1"}).status is BnplState.REJECTED


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"status": "approved", "reference": "1"},
        {"event_id": "e", "status": "maybe", "reference": "1"},
        {"event_id": "e", "status": "approved"},
        {"event_id": "e", "status": "approved", "reference": "abc"},
        {"event_id": "x" * 121, "status": "approved", "reference": "1"},
        {"event_id": True, "status": "approved", "reference": "1"},
    ],
)
def test_malformed_events_are_refused(body: object) -> None:
    with pytest.raises(InvalidInput):
        parse_event(body)


def test_the_approval_moves_the_receivable_to_the_provider_and_collects_its_iva() -> None:
    fact = BnplSettlement(
        date=date(2026, 4, 1),
        folio="V-0007",
        provider="APLAZO",
        amount=D("1160.00"),
        applied=D("1160.00"),
        charge_total=D("1160.00"),
        charge_tax=D("160.00"),
    )
    lines = {(ln.account_code, ln.debit, ln.credit) for ln in bnpl_settlement(fact).lines}
    assert lines == {
        (chart.BNPL_RECEIVABLE, D("1160.00"), D("0")),
        (chart.CUSTOMERS, D("0"), D("1160.00")),
        (chart.VAT_UNCOLLECTED, D("160.00"), D("0")),
        (chart.VAT_COLLECTED, D("0"), D("160.00")),
    }


@given(
    total=st.integers(1, 10**7),
    paid_before=st.integers(0, 10**7),
    applied=st.integers(0, 10**7),
    extra=st.integers(0, 10**5),
)
def test_the_approval_entry_always_balances(total: int, paid_before: int, applied: int, extra: int) -> None:
    paid_before = min(paid_before, total - 1)
    applied = min(applied, total - paid_before)
    amount = applied + extra
    if amount == 0:
        amount, extra = 1, 1
    cents = D("0.01")
    fact = BnplSettlement(
        date=date(2026, 4, 1),
        folio="V-1",
        provider="Clip",
        amount=amount * cents,
        applied=applied * cents,
        charge_total=total * cents,
        charge_tax=(total * 16 // 116) * cents,
        paid_before=paid_before * cents,
    )
    entry = bnpl_settlement(fact)
    assert sum(ln.debit for ln in entry.lines) == sum(ln.credit for ln in entry.lines)
    advance = sum(ln.credit for ln in entry.lines if ln.account_code == chart.CUSTOMER_ADVANCES)
    assert advance == extra * cents
