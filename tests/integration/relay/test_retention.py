"""Retention through the relay: the error log's year still resends, no duplicate within the
period, and past it kintone's activity-ID field keeps a replayed mail on its one record."""

import pytest

from tests.bodies import ACCOUNT, mail
from tests.integration.relay.helpers import NOW, Clock, connect, drain, spec_of
from ticketrelay.crypto import Cipher
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.kintone.sim import Simulator
from ticketrelay.relay import Relay
from ticketrelay.rules.events import parse_event
from ticketrelay.secret import Secret
from ticketrelay.store import Store
from ticketrelay.store.retention import Purged, purge_expired

pytestmark = pytest.mark.anyio


@pytest.fixture
def clock() -> Clock:
    """The relay's clock, moved by hand."""
    return Clock(NOW)


@pytest.fixture
def relay(store: Store, clock: Clock) -> Relay:
    """A relay on the test database whose clock the test moves."""
    return Relay(store, Cipher(Secret("k")), allowed_hosts=("localhost",), clock=clock)


def purge(relay: Relay, days: int) -> Purged:
    """What the worker's housekeeping runs, at the relay's time."""
    return purge_expired(relay.store, relay.clock(), days, pause=0)


async def test_an_error_within_its_year_is_resent_after_a_purge(
    relay: Relay, clock: Clock, kintone: Simulator
) -> None:
    """A purge spares the activity of an ERROR: it shows its values, and resent it lands."""
    target = await connect(relay, kintone)
    source, _ = relay.create_source(ACCOUNT, "desk")
    relay.ingest(source, [parse_event(mail("ok", "m1")), parse_event(mail("bad", "m2"))])
    relay.ingest(source, [parse_event(mail("long", "m3", subject="長" * 101))])
    await drain(relay)
    clock.advance(days=100)
    assert purge(relay, 30) == Purged(events=3, activities=2, deliveries=2, subjects=2)
    (entry,) = relay.error_log.find(target.integration.id)
    assert relay.error_log.entry(target.integration.id, entry.id).values is not None
    fixed = {k: v for k, v in target.integration.mapping.items() if k != "subject"}
    await relay.update_integration(
        target.integration.id, spec_of(relay, target.integration.id, mapping=fixed)
    )
    assert relay.error_log.resend(target.integration.id, [entry.id]) == 1
    assert await drain(relay) == 1
    assert len(kintone.records(target.app)) == 3


async def test_a_mail_sent_again_within_the_period_makes_no_activity(
    relay: Relay, clock: Clock, kintone: Simulator
) -> None:
    """Within the period the subject's state is kept, so a repeated send is already synced."""
    target = await connect(relay, kintone)
    source, _ = relay.create_source(ACCOUNT, "desk")
    relay.ingest(source, [parse_event(mail("e1", "m1"))])
    await drain(relay)
    clock.advance(days=399)
    assert purge(relay, 400).total == 0
    result = relay.ingest(source, [parse_event(mail("e1", "m1")), parse_event(mail("e2", "m1"))])
    assert (result.accepted, result.duplicates) == (1, 1)
    assert await drain(relay) == 0
    assert len(relay.activities(account=ACCOUNT)) == 1
    assert len(kintone.records(target.app)) == 1


async def test_a_mail_replayed_after_the_period_stays_one_record(
    relay: Relay, clock: Clock, kintone: Simulator
) -> None:
    """Past the period the mail starts afresh; its activity ID upserts onto the same record."""
    target = await connect(relay, kintone)
    source, _ = relay.create_source(ACCOUNT, "desk")
    relay.ingest(source, [parse_event(mail("e1", "m1"))])
    await drain(relay)
    (first,) = relay.activities(account=ACCOUNT)
    clock.advance(days=401)
    assert purge(relay, 400) == Purged(events=1, activities=1, deliveries=1, subjects=1)
    relay.ingest(source, [parse_event(mail("e1", "m1"))])
    assert await drain(relay) == 1
    (again,) = relay.activities(account=ACCOUNT)
    assert again.id == first.id
    (record,) = kintone.records(target.app)
    assert record["activity_id"]["value"] == first.id


async def test_a_workers_housekeeping_purges_what_has_expired(
    relay: Relay, clock: Clock, kintone: Simulator
) -> None:
    """A worker that starts past the period purges on its first round, with its retention."""
    await connect(relay, kintone)
    source, _ = relay.create_source(ACCOUNT, "desk")
    relay.ingest(source, [parse_event(mail("e1", "m1")), parse_event(mail("e2", "m2"))])
    await drain(relay)
    clock.advance(days=31)
    async with relay.worker(WorkerOptions(retention_days=30)) as worker:
        assert await worker.drain() == 0
    assert relay.activities(account=ACCOUNT) == []
    assert purge(relay, 1).total == 0
