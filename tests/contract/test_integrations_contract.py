"""Provider settings and the outbox over the fakes, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contract.builders import NOW, new_tenant
from nexus_core.domain.outbox import OutboxMessage, OutboxStatus
from nexus_core.ports.provider_settings import ProviderConfig
from nexus_core.ports.unit_of_work import UnitOfWorkFactory


def test_settings_round_trip_and_stay_in_their_tenant(uow_factory: UnitOfWorkFactory) -> None:
    one, _ = new_tenant(uow_factory, "Uno")
    two, _ = new_tenant(uow_factory, "Dos")
    with uow_factory.tenant(one) as uow:
        assert uow.provider_settings.get("aplazo") is None
        uow.provider_settings.save(ProviderConfig("aplazo", True, {"api_key": "k-1", "merchant_id": "m ñ 1"}))
        uow.provider_settings.save(ProviderConfig("clip", False, {}))
        uow.commit()
    with uow_factory.tenant(one) as uow:
        got = uow.provider_settings.get("aplazo")
        assert got == ProviderConfig("aplazo", True, {"api_key": "k-1", "merchant_id": "m ñ 1"})
        assert [c.provider_id for c in uow.provider_settings.list()] == ["aplazo", "clip"]
        uow.provider_settings.save(ProviderConfig("aplazo", False, {"api_key": "k-2"}))
        uow.commit()
    with uow_factory.tenant(one) as uow:
        assert uow.provider_settings.get("aplazo") == ProviderConfig("aplazo", False, {"api_key": "k-2"})
    with uow_factory.tenant(two) as uow:
        assert uow.provider_settings.get("aplazo") is None
        assert uow.provider_settings.list() == []


def test_settings_are_rolled_back_with_their_transaction(uow_factory: UnitOfWorkFactory) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        uow.provider_settings.save(ProviderConfig("clip", True, {"api_key": "x"}))
    with uow_factory.tenant(tenant_id) as uow:
        assert uow.provider_settings.get("clip") is None


def test_outbox_messages_round_trip_and_the_queue_lists_due_ones_across_tenants(
    uow_factory: UnitOfWorkFactory,
) -> None:
    one, _ = new_tenant(uow_factory, "Uno")
    two, _ = new_tenant(uow_factory, "Dos")
    ids = {}
    for tenant_id, delay in ((one, 0), (two, 5)):
        with uow_factory.tenant(tenant_id) as uow:
            msg = OutboxMessage.create(
                tenant_id=tenant_id,
                topic="bnpl.application",
                subject_id=7,
                now=NOW + timedelta(seconds=delay),
                payload={"provider": "clip"},
            )
            ids[tenant_id] = uow.outbox.add(msg)
            uow.commit()
    with uow_factory.platform() as p:
        assert p.outbox_queue.due(NOW, 10) == [(one, ids[one])]
        assert p.outbox_queue.due(NOW + timedelta(seconds=5), 10) == [(one, ids[one]), (two, ids[two])]
        assert p.outbox_queue.due(NOW + timedelta(seconds=5), 1) == [(one, ids[one])]
    with uow_factory.tenant(one) as uow:
        assert uow.outbox.lock(ids[two]) is None  # another tenant's message looks missing
        msg = uow.outbox.lock(ids[one])
        assert msg is not None and msg.payload == {"provider": "clip"} and msg.created_at == NOW
        msg.claim(NOW)
        msg.fail("timeout after 10 s", NOW)
        uow.outbox.save(msg)
        uow.commit()
    with uow_factory.tenant(one) as uow:
        [got] = uow.outbox.for_subject("bnpl.application", 7)
        assert (got.status, got.attempts, got.last_error) == (OutboxStatus.PENDING, 1, "timeout after 10 s")
        assert got.next_attempt_at == NOW + timedelta(seconds=30)
        assert uow.outbox.for_subject("whatsapp.message", 7) == []
    with uow_factory.platform() as p:
        assert p.outbox_queue.due(NOW + timedelta(seconds=29), 10) == [(two, ids[two])]


@pytest.mark.parametrize("permanent", [True, False])
def test_a_failed_message_leaves_the_queue(uow_factory: UnitOfWorkFactory, permanent: bool) -> None:
    tenant_id, _ = new_tenant(uow_factory)
    with uow_factory.tenant(tenant_id) as uow:
        msg = OutboxMessage.create(tenant_id=tenant_id, topic="t", subject_id=1, now=NOW)
        uow.outbox.add(msg)
        for _ in range(1 if permanent else 6):
            msg.claim(NOW)
            msg.fail("refused", NOW, permanent=permanent)
        uow.outbox.save(msg)
        uow.commit()
    with uow_factory.platform() as p:
        assert p.outbox_queue.due(NOW + timedelta(days=1), 10) == []
    with uow_factory.tenant(tenant_id) as uow:
        [got] = uow.outbox.for_subject("t", 1)
        assert got.status is OutboxStatus.FAILED and got.last_error == "refused"


def test_whatsapp_messages_round_trip_and_are_found_by_the_providers_id(uow_factory: UnitOfWorkFactory) -> None:
    from nexus_core.domain.whatsapp import MessageStatus, WhatsAppMessage

    one, _ = new_tenant(uow_factory, "Uno")
    two, _ = new_tenant(uow_factory, "Dos")
    with uow_factory.tenant(one) as uow:
        out = WhatsAppMessage.outbound(
            tenant_id=one, to="5215512345678", body=None, template="payment_reminder", parameters=("Juan", "ñ"), now=NOW
        )
        out_id = uow.whatsapp_messages.add(out)
        inbound = WhatsAppMessage.inbound(
            tenant_id=one, sender="5215500000000", wa_message_id="wamid.IN", body="Hola", at=NOW
        )
        uow.whatsapp_messages.add(inbound)
        uow.commit()
    with uow_factory.tenant(one) as uow:
        got = uow.whatsapp_messages.get(out_id)
        assert got is not None
        assert (got.template, got.language, got.parameters, got.status) == (
            "payment_reminder",
            "es_MX",
            ("Juan", "ñ"),
            MessageStatus.QUEUED,
        )
        got.sent("wamid.OUT", NOW + timedelta(seconds=1))
        uow.whatsapp_messages.save(got)
        uow.commit()
    with uow_factory.tenant(one) as uow:
        found = uow.whatsapp_messages.by_wa_id("wamid.OUT")
        assert found is not None and found.id == out_id and found.status is MessageStatus.SENT
        assert found.updated_at == NOW + timedelta(seconds=1)
        assert [m.wa_message_id for m in uow.whatsapp_messages.recent(10)] == ["wamid.IN", "wamid.OUT"]
    with uow_factory.tenant(two) as uow:
        assert uow.whatsapp_messages.get(out_id) is None and uow.whatsapp_messages.by_wa_id("wamid.OUT") is None
