"""From events to records in kintone: values field by field, ERRORs, ALERTs and resend."""

import anyio
import pytest

from tests.bodies import ACCOUNT, mail
from tests.integration.relay.helpers import connect, drain, ingest_mails, spec_of, writes
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.delivery.sender import SenderOptions
from ticketrelay.kintone.sim import Simulator
from ticketrelay.relay import Relay
from ticketrelay.rules.events import parse_event
from ticketrelay.rules.retry import NO_WAITING
from ticketrelay.store.errorlog import Filter

pytestmark = pytest.mark.anyio


async def test_a_sent_mail_becomes_one_record_with_every_value(
    relay: Relay, kintone: Simulator
) -> None:
    """Each of the ten values and the activity ID land in their mapped fields."""
    target = await connect(relay, kintone)
    source, _ = relay.create_source(ACCOUNT, "desk")
    event = mail("e1", "m1", to=["a@example.com", "b@example.com"], cc=["a@example.com"])
    relay.ingest(source, [parse_event(event)])
    assert await drain(relay) == 1
    (record,) = kintone.records(target.app)
    (activity,) = relay.activities(account=ACCOUNT)
    assert {
        code: record[code]["value"]
        for code in (
            "channel",
            "subject",
            "body",
            "url",
            "operator_email",
            "operator_name",
            "recipient_emails",
            "recipient_phones",
            "start_at",
            "end_at",
            "activity_id",
        )
    } == {
        "channel": "メール",
        "subject": "件名 m1",
        "body": "本文",
        "url": "https://desk.example.jp/m/m1",
        "operator_email": "sato@example.jp",
        "operator_name": "佐藤 花子",
        "recipient_emails": "a@example.com,b@example.com",
        "recipient_phones": "",
        "start_at": "2026-11-25T00:55:00Z",
        "end_at": "2026-11-25T01:00:00Z",
        "activity_id": activity.id,
    }
    assert activity.deliveries[0]["status"] == "delivered"
    assert activity.deliveries[0]["record_id"] == record["$id"]["value"]


async def test_a_backlog_goes_out_one_hundred_records_a_request(
    relay: Relay, kintone: Simulator
) -> None:
    """1,000 queued activities reach kintone in 10 writes."""
    target = await connect(relay, kintone)
    source, _ = relay.create_source(ACCOUNT, "desk")
    for start in range(0, 1000, 100):
        relay.ingest(
            source, [parse_event(mail(f"e{n}", f"m{n}")) for n in range(start, start + 100)]
        )
    before = writes(kintone)
    assert await drain(relay) == 1000
    assert len(kintone.records(target.app)) == 1000
    assert writes(kintone) - before == 10


async def test_a_running_worker_with_several_tasks_sends_each_batch_once(
    relay: Relay, kintone: Simulator
) -> None:
    """Tasks of one worker never share a lease, so no batch is sent twice."""
    target = await connect(relay, kintone)
    ingest_mails(relay, 500)
    before = writes(kintone)
    stop = anyio.Event()
    options = WorkerOptions(tasks=3, sender=SenderOptions(retry=NO_WAITING))

    async def watch() -> None:
        while len(kintone.records(target.app)) < 500:
            await relay.doorbell.wait(0.05)
        stop.set()

    with anyio.fail_after(60):
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(relay.worker(options).run, stop)
            tasks.start_soon(watch)
    assert writes(kintone) - before == 5


async def test_an_error_keeps_the_record_out_and_is_logged(
    relay: Relay, kintone: Simulator
) -> None:
    """A subject longer than the field allows is an ERROR: no record, an entry in the log."""
    target = await connect(relay, kintone)
    source, _ = relay.create_source(ACCOUNT, "desk")
    relay.ingest(source, [parse_event(mail("e1", "m1", subject="長" * 101))])
    await drain(relay)
    assert kintone.records(target.app) == []
    (entry,) = relay.error_log.find(target.integration.id)
    assert (entry.severity, entry.reason, entry.field_code, entry.value_key) == (
        "error",
        "too_long",
        "subject",
        "subject",
    )
    assert entry.channel_name == "メール"
    assert entry.operator == "佐藤 花子"
    (activity,) = relay.activities(account=ACCOUNT)
    assert activity.deliveries[0]["status"] == "error"


async def test_resend_after_fixing_the_mapping(relay: Relay, kintone: Simulator) -> None:
    """An ERROR resent with the current mapping lands once the cause is gone."""
    target = await connect(relay, kintone)
    source, _ = relay.create_source(ACCOUNT, "desk")
    relay.ingest(source, [parse_event(mail("e1", "m1", subject="長" * 101))])
    await drain(relay)
    fixed = {k: v for k, v in target.integration.mapping.items() if k != "subject"}
    spec = spec_of(relay, target.integration.id, mapping=fixed)
    await relay.update_integration(target.integration.id, spec)
    assert relay.error_log.resend(target.integration.id, None) == 1
    await drain(relay)
    (record,) = kintone.records(target.app)
    assert record["subject"]["value"] == ""
    (entry,) = relay.error_log.find(target.integration.id, Filter(severity="error"))
    assert entry.resent_at is not None


async def test_activities_can_be_listed_by_delivery_status(
    relay: Relay, kintone: Simulator
) -> None:
    """The status filter finds an old ERROR behind any number of newer deliveries."""
    await connect(relay, kintone)
    source, _ = relay.create_source(ACCOUNT, "desk")
    relay.ingest(source, [parse_event(mail("bad", "m-bad", subject="長" * 101))])
    ingest_mails(relay, 30)
    await drain(relay)
    (errored,) = relay.activities(account=ACCOUNT, status="error", limit=5)
    assert errored.values["subject"] == "長" * 101
    assert len(relay.activities(account=ACCOUNT, status="delivered", limit=5)) == 5
    assert relay.activities(account=ACCOUNT, status="pending") == []
