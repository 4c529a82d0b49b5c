"""Faults, revoked tokens, deleted fields, kintone's own rejections and budgets: nothing is
lost and, with the activity-ID field mapped, nothing is duplicated."""

from collections import Counter
from datetime import timedelta

import pytest

from tests.bodies import ACCOUNT, mail
from tests.integration.relay.helpers import NOW, Clock, connect, drain, ingest_mails, spec_of
from ticketrelay.crypto import Cipher
from ticketrelay.kintone.auth import Password
from ticketrelay.kintone.client import KintoneClient
from ticketrelay.kintone.fields import SingleLineText
from ticketrelay.kintone.sim import Simulator
from ticketrelay.relay import Relay
from ticketrelay.rules.events import parse_event
from ticketrelay.rules.retry import RetryPolicy
from ticketrelay.secret import Secret
from ticketrelay.store import Store
from ticketrelay.store.errorlog import Filter

pytestmark = pytest.mark.anyio


def _ids_in_kintone(sim: Simulator, app: int) -> Counter[str]:
    return Counter(r["activity_id"]["value"] for r in sim.records(app))


def _activity_ids(relay: Relay) -> set[str]:
    return {a.id for a in relay.activities(account=ACCOUNT, limit=10_000)}


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("error", {"status": 500, "code": "GAIA_UN03"}),
        ("error", {"status": 502}),
        ("unavailable", {}),
        ("throttle", {}),
        ("db_lock", {}),
        ("drop", {}),
        ("latency", {"latency_ms": 1500}),
    ],
)
async def test_every_activity_lands_exactly_once_through_faults(
    relay: Relay, kintone: Simulator, kind: str, options: dict[str, object]
) -> None:
    """Half the write requests fail; retries with upsert still store each activity once."""
    target = await connect(relay, kintone)
    ingest_mails(relay, 300)
    kintone.add_fault(kind, api="/k/v1/records.json", probability=0.5, **options)
    await drain(relay, kintone_timeout=0.5, batch_size=50)
    kintone.clear_faults()
    await drain(relay)
    found = _ids_in_kintone(kintone, target.app)
    assert set(found) == _activity_ids(relay)
    assert set(found.values()) == {1}
    assert len(found) == 300


async def test_a_revoked_token_pauses_and_a_new_one_resumes(
    relay: Relay, kintone: Simulator
) -> None:
    """GAIA_IA02 pauses the integration with its reason; a new token delivers everything."""
    target = await connect(relay, kintone)
    ingest_mails(relay, 50)
    await drain(relay)
    kintone.state.revoke_token(target.token)
    ingest_mails(relay, 70, start=50)
    await drain(relay)
    paused = relay.integration(target.integration.id)
    assert paused.status == "paused"
    assert paused.paused_code == "GAIA_IA02"
    assert "API token" in (paused.paused_reason or "")
    assert len(kintone.records(target.app)) == 50
    new_token = kintone.issue_token(target.app)
    spec = spec_of(relay, target.integration.id, api_token=Secret(new_token))
    await relay.update_integration(target.integration.id, spec)
    await drain(relay)
    assert relay.integration(target.integration.id).status == "active"
    assert len(_ids_in_kintone(kintone, target.app)) == 120
    assert relay.error_log.find(target.integration.id) == []


async def test_a_deleted_field_is_detected_and_no_value_disappears_silently(
    store: Store, kintone: Simulator
) -> None:
    """Every subject either reaches kintone or has an ERROR naming it in the log."""
    clock = Clock(NOW)
    relay = Relay(store, Cipher(Secret("k")), allowed_hosts=("localhost",), clock=clock)
    target = await connect(relay, kintone)
    ingest_mails(relay, 30)
    clock.advance(minutes=6)
    await drain(relay)
    before = {
        r["activity_id"]["value"] for r in kintone.records(target.app) if r["subject"]["value"]
    }
    assert len(before) == 30
    async with KintoneClient(
        kintone.url, Password(username="admin", password=Secret("admin"))
    ) as admin:
        await admin.delete_form_fields(target.app, ["subject"])
        await admin.deploy(target.app)
    clock.advance(minutes=1)
    ingest_mails(relay, 20, start=30)
    await drain(relay)
    clock.advance(minutes=5)
    ingest_mails(relay, 10, start=50)
    await drain(relay)
    errors = relay.error_log.find(target.integration.id, Filter(severity="error"))
    flagged = {e.activity_id for e in errors if e.field_code == "subject"}
    everything = {a.id for a in relay.activities(account=ACCOUNT, limit=100)}
    assert len(everything) == 60
    assert flagged == everything - before
    reasons = Counter(e.reason for e in errors)
    assert reasons == {"field_gone_after_delivery": 20, "unknown_field": 10}


async def test_a_record_kintone_rejects_is_logged_and_the_rest_sent_at_once(
    relay: Relay, kintone: Simulator
) -> None:
    """kintone's own rejection of one record fails that record only, in kintone's words."""
    fields = [
        SingleLineText(code="activity_id", unique=True, max_length=64),
        SingleLineText(code="first_to", unique=True),
    ]
    mapping = {"activity_id": "activity_id", "recipient_emails": "first_to"}
    target = await connect(relay, kintone, fields=fields, mapping=mapping)
    ingest_mails(relay, 3, to=["same@example.com"])
    before = kintone.state.stats.by_app[target.app]
    await drain(relay)
    assert len(kintone.records(target.app)) == 1
    # One write names both duplicates; the next one stores the third record.
    assert kintone.state.stats.by_app[target.app] - before == 2
    errors = relay.error_log.find(target.integration.id)
    assert [(e.reason, e.field_code, e.kintone_code) for e in errors] == [
        ("kintone_rejected", "first_to", "CB_VA01")
    ] * 2
    assert "値がほかのレコードと重複しています。" in errors[0].message_ja


async def test_the_daily_budget_pauses_until_midnight_utc(store: Store, kintone: Simulator) -> None:
    """Past its budget an integration waits, visibly, for kintone's count to reset."""
    clock = Clock(NOW)
    relay = Relay(store, Cipher(Secret("k")), allowed_hosts=("localhost",), clock=clock)
    target = await connect(relay, kintone)
    ingest_mails(relay, 250)
    await drain(relay, daily_budget=2)
    paused = relay.integration(target.integration.id)
    assert (paused.status, paused.paused_code) == ("paused", "DAILY_BUDGET")
    assert paused.probe_at is not None
    assert paused.probe_at.isoformat() == "2026-11-26T00:00:00+00:00"
    assert len(kintone.records(target.app)) == 200
    clock.now = paused.probe_at + timedelta(seconds=1)
    await drain(relay, daily_budget=2)
    assert len(kintone.records(target.app)) == 250
    assert relay.integration(target.integration.id).status == "active"


async def test_without_the_activity_id_field_delivery_is_at_least_once(
    relay: Relay, kintone: Simulator
) -> None:
    """With no unique activity-ID field, a dropped response means the record is sent again."""
    fields = [SingleLineText(code="subject")]
    target = await connect(relay, kintone, fields=fields, mapping={"subject": "subject"})
    ingest_mails(relay, 1)
    kintone.add_fault("drop", api="/k/v1/records.json", times=1)
    await drain(relay)
    assert len(kintone.records(target.app)) == 2


async def test_a_paused_integration_does_not_hold_up_the_others(
    relay: Relay, kintone: Simulator
) -> None:
    """When one integration pauses, the same pass goes on to the next one with work."""
    broken = await connect(relay, kintone)
    working = await connect(relay, kintone)
    kintone.state.revoke_token(broken.token)
    ingest_mails(relay, 20)
    await drain(relay)
    assert relay.integration(broken.integration.id).status == "paused"
    assert len(kintone.records(working.app)) == 20


async def test_the_settings_check_reports_records_that_lost_a_field(
    store: Store, kintone: Simulator
) -> None:
    """A check that finds a mapped field deleted after a delivery flags the records sent."""
    clock = Clock(NOW)
    relay = Relay(store, Cipher(Secret("k")), allowed_hosts=("localhost",), clock=clock)
    target = await connect(relay, kintone)
    clock.advance(minutes=1)
    ingest_mails(relay, 3)
    await drain(relay)
    async with KintoneClient(
        kintone.url, Password(username="admin", password=Secret("admin"))
    ) as admin:
        await admin.delete_form_fields(target.app, ["subject"])
        await admin.deploy(target.app)
    await relay.check(target.integration.id)
    errors = relay.error_log.find(target.integration.id)
    sent = _activity_ids(relay)
    assert {e.activity_id for e in errors} == sent
    assert {(e.reason, e.field_code) for e in errors} == {("field_gone_after_delivery", "subject")}
    statuses = {d["status"] for a in relay.activities(account=ACCOUNT) for d in a.deliveries}
    assert statuses == {"error"}


@pytest.mark.parametrize(
    ("policy", "ja", "en"),
    [
        (
            RetryPolicy(first=timedelta(minutes=1), longest=timedelta(hours=1)),
            "7日間kintoneに登録できませんでした。最後のエラー: {}",
            "kintone did not accept the record for 7 days; the last failure: {}",
        ),
        (
            RetryPolicy(
                first=timedelta(minutes=1),
                longest=timedelta(hours=1),
                give_up_after=timedelta(days=3),
            ),
            "3日間kintoneに登録できませんでした。最後のエラー: {}",
            "kintone did not accept the record for 3 days; the last failure: {}",
        ),
    ],
)
async def test_a_delivery_is_given_up_after_the_retry_window_it_names(
    store: Store, kintone: Simulator, policy: RetryPolicy, ja: str, en: str
) -> None:
    """kintone down for the whole window: the delivery is an ERROR naming that window."""
    clock = Clock(NOW)
    relay = Relay(store, Cipher(Secret("k")), allowed_hosts=("localhost",), clock=clock)
    target = await connect(relay, kintone)
    ingest_mails(relay, 1)
    kintone.add_fault("unavailable", api="/k/v1/records.json")
    await drain(relay, retry=policy)
    clock.now = NOW + policy.give_up_after - timedelta(minutes=1)
    await drain(relay, retry=policy)
    assert relay.error_log.find(target.integration.id) == []
    clock.advance(hours=2)
    await drain(relay, retry=policy)
    (activity,) = relay.activities(account=ACCOUNT)
    (delivery,) = activity.deliveries
    assert delivery["status"] == "error"
    (entry,) = relay.error_log.find(target.integration.id)
    assert entry.reason == "retries_exhausted"
    assert entry.message_ja == ja.format(delivery["last_error"])
    assert entry.message_en == en.format(delivery["last_error"])


async def test_a_resend_after_fixing_the_app_reads_its_fields_again(
    store: Store, kintone: Simulator
) -> None:
    """The admin raises a field's maximum length and resends: the record goes through at once."""
    relay = Relay(store, Cipher(Secret("k")), allowed_hosts=("localhost",), clock=Clock(NOW))
    target = await connect(relay, kintone)
    source, _ = relay.create_source(ACCOUNT, "desk")
    relay.ingest(source, [parse_event(mail("e1", "m1", subject="長" * 101))])
    await drain(relay)
    (entry,) = relay.error_log.find(target.integration.id)
    assert entry.reason == "too_long"
    longer = SingleLineText(code="subject", label="件名", max_length=200)
    async with KintoneClient(
        kintone.url, Password(username="admin", password=Secret("admin"))
    ) as admin:
        await admin.update_form_fields(target.app, [longer])
        await admin.deploy(target.app)
    assert relay.error_log.resend(target.integration.id, None) == 1
    assert await drain(relay) == 1
    (record,) = kintone.records(target.app)
    assert record["subject"]["value"] == "長" * 101
