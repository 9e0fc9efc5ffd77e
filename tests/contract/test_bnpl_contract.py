"""BNPL on the fakes, SQLite and PostgreSQL: an application for a credit sale's balance, sent through the
outbox to the provider (the sandbox), its signed webhooks, and what an approval changes (the customer's
balance and charge go down, the books move the receivable to the provider) — once, whatever is replayed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from contract.credit_shop import add_customer, books, customer, open_charges
from contract.sell_shop import Counter, make_counter
from nexus_adapters.integrations.bnpl_sandbox import SandboxBnplProvider
from nexus_core.domain.bnpl import BnplState
from nexus_core.errors import InvalidInput, NotFound, RuleViolation, Unauthorized
from nexus_core.ports.unit_of_work import UnitOfWorkFactory
from nexus_core.services import bnpl, bnpl_webhook
from nexus_core.services.outbox import deliver_one
from nexus_core.services.providers import ConfigureProvider, configure_provider
from nexus_core.services.runner import Nexus
from nexus_core.testing import in_memory_nexus

D = Decimal
CREDS = {"api_key": "ak", "merchant_id": "m-1", "webhook_secret": "whsec-1"}
PERSON = {"name": "Juan Perez", "phone": "55 1234 5678"}


@pytest.fixture
def counter(uow_factory: UnitOfWorkFactory) -> Counter:
    return make_counter(Nexus(uows=uow_factory, deps=in_memory_nexus().deps))


def _setup(counter: Counter, creds: dict[str, str] | None = None) -> tuple[int, int]:
    counter.run(configure_provider, ConfigureProvider(counter.owner, "aplazo", creds or CREDS, enabled=True))
    item = counter.shop.item(stock=10, price_1="100.00")
    taller = add_customer(counter, credit_limit=D("5000.00"))
    counter.open()
    sale = counter.sell((item, "10", "100.00"), method="credito", customer_id=taller)  # 1160.00 on account
    assert sale.id is not None
    return sale.id, taller


def _apply(counter: Counter, sale_id: int, amount: str = "1000.00", provider: str = "ap lazo") -> bnpl.Opened:
    opened: bnpl.Opened = counter.run(
        bnpl.create_application, bnpl.CreateApplication(counter.cashier, sale_id, amount, provider, PERSON)
    )
    return opened


def _view(counter: Counter, application_id: int) -> bnpl.ApplicationView:
    got: bnpl.ApplicationView = counter.run(bnpl.get_application, bnpl.GetApplication(counter.owner, application_id))
    return got


def _send(counter: Counter, sandbox: SandboxBnplProvider, opened: bnpl.Opened) -> None:
    topics = {bnpl.TOPIC: bnpl.CreateTopic({"aplazo": sandbox})}
    deliver_one(counter.shop.nexus, topics, counter.shop.tenant_id, opened.outbox_id)


def _hook(
    counter: Counter, raw: bytes, headers: dict[str, str], provider: str = "aplazo"
) -> bnpl_webhook.WebhookResult:
    cmd = bnpl_webhook.ReceiveBnplWebhook(provider, raw, {k.lower(): v for k, v in headers.items()})
    result: bnpl_webhook.WebhookResult = counter.shop.nexus.run(
        counter.shop.tenant_id, bnpl_webhook.receive_webhook, cmd
    )
    return result


def test_an_approved_application_settles_the_sale_once_through_the_books(counter: Counter) -> None:
    sale_id, taller = _setup(counter)
    opened = _apply(counter, sale_id)
    a = opened.application
    assert (a.provider, a.amount, a.customer_phone, a.state) == (
        "aplazo",
        D("1000.00"),
        "5512345678",
        BnplState.CREATED,
    )
    sandbox = SandboxBnplProvider("aplazo")
    _send(counter, sandbox, opened)
    assert a.id is not None
    view = _view(counter, a.id)
    assert view.application.state is BnplState.PENDING and view.attempts == 1
    assert view.application.provider_ref in sandbox.applications
    assert view.application.redirect_url and view.application.provider_ref in view.application.redirect_url
    tenant, raw, headers = sandbox.webhook(view.application.provider_ref or "")
    assert tenant == counter.shop.tenant_id
    result = _hook(counter, raw, headers)
    assert (result.application_id, result.state, result.applied) == (a.id, "approved", True)
    assert customer(counter, taller).balance == D("160.00")
    [(_, left)] = open_charges(counter, taller)
    assert left == D("160.00")
    assert books(counter, "107.05") == D("1000.00") and books(counter, "105.01") == D("160.00")
    assert books(counter, "208.01") == D("-137.93")  # the IVA of 1000 of a 1160 charge is collected
    approved = _view(counter, a.id).application
    assert approved.state is BnplState.APPROVED and approved.entry_id is not None
    again = _hook(counter, raw, headers)  # the provider retries the same event: nothing moves
    assert (again.applied, again.state) == (False, "approved")
    assert customer(counter, taller).balance == D("160.00") and books(counter, "107.05") == D("1000.00")
    _, raw2, headers2 = sandbox.webhook(view.application.provider_ref or "", BnplState.CANCELLED)
    late = _hook(counter, raw2, headers2)  # a new event cannot undo an approval
    assert (late.applied, late.state) == (False, "approved")
    counter.shop.check()


def test_the_amount_is_capped_by_the_unpaid_balance_and_live_applications(counter: Counter) -> None:
    sale_id, taller = _setup(counter)
    with pytest.raises(InvalidInput, match=r"unpaid balance of 1160\.00"):
        _apply(counter, sale_id, "1160.01")
    _apply(counter, sale_id, "1000.00")
    with pytest.raises(InvalidInput, match=r"unpaid balance of 160\.00"):
        _apply(counter, sale_id, "200.00")
    _apply(counter, sale_id, "160.00", provider="APLAZO")
    cash = counter.sell((counter.shop.item(stock=1, price_1="50.00"), "1", "50.00"))
    with pytest.raises(InvalidInput, match=r"unpaid balance of 0\.00"):
        _apply(counter, cash.id or 0, "10.00")
    with pytest.raises(NotFound):
        _apply(counter, 99999, "10.00")
    assert customer(counter, taller).balance == D("1160.00")


@pytest.mark.parametrize(
    ("provider", "creds", "enabled", "error", "says"),
    [
        ("paypal", None, True, InvalidInput, "unknown BNPL provider 'paypal'"),
        ("whatsapp_cloud", None, True, InvalidInput, "unknown BNPL provider"),
        ("aplazo", {"api_key": "ak", "merchant_id": "m"}, True, InvalidInput, "missing credentials: webhook_secret"),
        ("aplazo", None, False, RuleViolation, "not enabled"),
    ],
)
def test_unknown_disabled_or_unconfigured_providers_are_refused_naming_them(
    counter: Counter, provider: str, creds: dict[str, str] | None, enabled: bool, error: type, says: str
) -> None:
    sale_id, _ = _setup(counter, creds)
    if not enabled:
        counter.run(configure_provider, ConfigureProvider(counter.owner, "aplazo", {}, enabled=False))
    with pytest.raises(error, match=says):
        _apply(counter, sale_id, provider=provider)


def test_bad_signatures_and_bodies_change_nothing(counter: Counter) -> None:
    sale_id, taller = _setup(counter)
    opened = _apply(counter, sale_id)
    sandbox = SandboxBnplProvider("aplazo")
    _send(counter, sandbox, opened)
    ref = _view(counter, opened.application.id or 0).application.provider_ref or ""
    _, raw, headers = sandbox.webhook(ref)
    with pytest.raises(Unauthorized):
        _hook(counter, raw, {})
    with pytest.raises(Unauthorized):
        _hook(counter, raw + b" ", headers)
    with pytest.raises(Unauthorized):  # another provider's secret and header
        _hook(counter, raw, headers, provider="kueski")
    with pytest.raises(NotFound):
        _hook(counter, raw, headers, provider="paypal")
    assert _view(counter, opened.application.id or 0).application.state is BnplState.PENDING
    assert customer(counter, taller).balance == D("1160.00") and books(counter, "107.05") == 0


def test_a_rejection_releases_the_balance_and_a_refused_creation_is_visible(counter: Counter) -> None:
    sale_id, taller = _setup(counter)
    opened = _apply(counter, sale_id, "1160.00")
    sandbox = SandboxBnplProvider("aplazo")
    _send(counter, sandbox, opened)
    ref = _view(counter, opened.application.id or 0).application.provider_ref or ""
    _hook(counter, *sandbox.webhook(ref, BnplState.REJECTED)[1:])
    rejected = _view(counter, opened.application.id or 0).application
    assert rejected.state is BnplState.REJECTED and rejected.entry_id is None
    assert customer(counter, taller).balance == D("1160.00")
    too_small = _apply(counter, sale_id, "50.00")  # the rejected one no longer holds the balance
    _send(counter, sandbox, too_small)  # below APLAZO's minimum: refused for good, no retry
    view = _view(counter, too_small.application.id or 0)
    assert view.application.state is BnplState.REJECTED and "HTTP 422" in (view.application.error or "")


def test_a_sale_being_financed_cannot_be_cancelled_or_returned(counter: Counter) -> None:
    from nexus_core.services.returns import ReturnLineInput, ReturnSale, return_sale
    from nexus_core.services.sales import CancelSale, cancel_sale

    sale_id, taller = _setup(counter)
    _apply(counter, sale_id, "500.00")
    with pytest.raises(RuleViolation, match="financing"):
        counter.run(cancel_sale, CancelSale(counter.owner, sale_id))
    sale = counter.run(lambda cmd, uow, deps: uow.sales.get(cmd), sale_id)
    with pytest.raises(RuleViolation, match="financing"):
        counter.run(return_sale, ReturnSale(counter.owner, sale_id, [ReturnLineInput(sale.lines[0].item_id, "1")]))
    assert customer(counter, taller).balance == D("1160.00")
    assert open_charges(counter, taller)[0][1] == D("1160.00")
