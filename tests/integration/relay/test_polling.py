"""Sources read from a helpdesk's API: one lease at a time, cursor and events kept together."""

from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import pytest
import sqlalchemy as sa

from ticketrelay.intake.polling import PollContext, Polled, PollRefused, reachable
from ticketrelay.model import Source
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import events, polls

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def memo(number: int) -> dict[str, Any]:
    """A response memo event with this number in its ID."""
    return {
        "id": f"poll-memo-{number}",
        "type": "memo.recorded",
        "occurred_at": "2026-12-01T08:00:00Z",
        "operator": {"email": "tanaka@example.jp", "name": "田中 健太"},
        "data": {"memo_id": f"m{number}", "kind": "other", "ticket_id": "t1", "body": "メモ"},
    }


class Helpdesk:
    """A poller that answers from a script: what each poll finds, or what it raises."""

    def __init__(self, *answers: Polled | Exception) -> None:
        self.answers = list(answers)
        self.seen: list[PollContext] = []

    async def __call__(self, context: PollContext) -> Polled:
        """The next scripted answer, after noting what the poll was given."""
        self.seen.append(context)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def polled_source(relay: Relay) -> Source:
    """A Zendesk source that is also polled with an API token, made at NOW."""
    relay.clock = lambda: NOW
    settings = {"subdomain": "acme", "api_email": "admin@acme.example"}
    return relay.hooks.create_source(
        "acme", "zd", "zendesk", settings, Secret("signing"), poll_secret=Secret("api-token")
    )


async def poll(relay: Relay, helpdesk: Helpdesk, at: datetime) -> int:
    """Run one round of due polls at `at` with the scripted helpdesk."""
    relay.clock = lambda: at
    async with relay.worker(pollers={"zendesk": helpdesk}) as worker:
        return await worker.poll_due()


def state(relay: Relay, source: Source) -> polls.Poll:
    """The source's poll as stored."""
    with relay.store.read() as conn:
        found = polls.get(conn, source.id)
    assert found is not None
    return found


def stored_events(relay: Relay) -> list[str]:
    """The IDs of the stored events, in order."""
    with relay.store.read() as conn:
        query = sa.select(events.events.c.event_id).order_by(events.events.c.id)
        return list(conn.execute(query).scalars())


async def test_a_poll_stores_its_events_and_cursor_and_waits_for_its_next_turn(
    relay: Relay,
) -> None:
    """Events and cursor are kept; the next poll starts from that cursor, once it is due."""
    source = polled_source(relay)
    found = Polled(cursor={"since": 5}, again_in=timedelta(minutes=1), events=(memo(1), memo(2)))
    again = Polled(cursor={"since": 9}, again_in=timedelta(minutes=1), events=(memo(2),))
    helpdesk = Helpdesk(found, again)
    assert await poll(relay, helpdesk, NOW) == 2
    assert await poll(relay, helpdesk, NOW + timedelta(seconds=59)) == 0
    assert await poll(relay, helpdesk, NOW + timedelta(minutes=1)) == 0
    assert stored_events(relay) == ["poll-memo-1", "poll-memo-2"]
    assert [dict(c.cursor) for c in helpdesk.seen] == [{}, {"since": 5}]
    assert helpdesk.seen[0].secret.reveal() == "api-token"
    assert state(relay, source).cursor == {"since": 9}
    assert state(relay, source).next_at == NOW + timedelta(minutes=2)


async def test_a_refused_credential_pauses_until_a_new_one_is_set(relay: Relay) -> None:
    """PollRefused pauses the poll with the reason; a new credential polls again at once."""
    source = polled_source(relay)
    helpdesk = Helpdesk(
        PollRefused("Zendesk answered 401: the API token is wrong or was revoked."),
        Polled(cursor={"since": 1}, again_in=timedelta(minutes=1), events=(memo(1),)),
    )
    await poll(relay, helpdesk, NOW)
    paused = state(relay, source)
    assert (paused.paused_code, paused.paused_reason) == (
        "credential_refused",
        "Zendesk answered 401: the API token is wrong or was revoked.",
    )
    assert await poll(relay, helpdesk, NOW + timedelta(hours=1)) == 0
    with relay.store.write() as conn:
        polls.replace_secret(conn, source.id, relay.cipher.encrypt(Secret("new")), NOW)
    assert await poll(relay, helpdesk, NOW + timedelta(hours=1)) == 1
    assert helpdesk.seen[-1].secret.reveal() == "new"


async def test_a_failed_poll_keeps_its_cursor_and_backs_off(relay: Relay) -> None:
    """Any other failure: no event, the cursor unchanged, tried again later each time."""
    source = polled_source(relay)
    helpdesk = Helpdesk(RuntimeError("connection reset"), RuntimeError("connection reset"))
    await poll(relay, helpdesk, NOW)
    first = state(relay, source)
    assert (first.cursor, first.failures, first.last_error) == (
        {},
        1,
        "RuntimeError: connection reset",
    )
    assert first.next_at == NOW + timedelta(seconds=30)
    await poll(relay, helpdesk, first.next_at)
    assert state(relay, source).next_at == first.next_at + timedelta(seconds=60)
    assert stored_events(relay) == []


async def test_an_invalid_event_from_a_poller_stores_nothing_of_that_poll(relay: Relay) -> None:
    """A poller's bad event fails the whole poll: no event stored, the cursor unchanged."""
    source = polled_source(relay)
    broken = {**memo(2), "type": "memo.unknown"}
    helpdesk = Helpdesk(
        Polled(cursor={"since": 3}, again_in=timedelta(minutes=1), events=(memo(1), broken))
    )
    await poll(relay, helpdesk, NOW)
    assert stored_events(relay) == []
    assert state(relay, source).cursor == {}
    assert state(relay, source).failures == 1


async def test_one_process_polls_a_source_at_a_time(relay: Relay) -> None:
    """While one owner holds the lease, another finds nothing to poll."""
    source = polled_source(relay)
    with relay.store.write() as conn:
        assert polls.take(conn, source.id, "other/poll", NOW, NOW + timedelta(minutes=4))
    helpdesk = Helpdesk()
    assert await poll(relay, helpdesk, NOW + timedelta(minutes=1)) == 0
    assert helpdesk.seen == []


async def test_a_revoked_source_is_not_polled(relay: Relay) -> None:
    """Revoking the source stops its polls too."""
    source = polled_source(relay)
    relay.revoke_source(source.id)
    helpdesk = Helpdesk()
    assert await poll(relay, helpdesk, NOW) == 0
    assert helpdesk.seen == []


async def test_the_worker_polls_while_it_runs(relay: Relay) -> None:
    """A running worker polls a due source on its own, within its poll interval."""
    polled_source(relay)
    helpdesk = Helpdesk(Polled(cursor={}, again_in=timedelta(hours=1), events=(memo(1),)))
    stop = anyio.Event()
    rings = relay.doorbell.rings
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(relay.worker(pollers={"zendesk": helpdesk}).run, stop)
        assert await relay.doorbell.wait(10, since=rings)
        stop.set()
    assert stored_events(relay) == ["poll-memo-1"]


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://acme.zendesk.com", True),
        ("https://acme.zendesk.com/", True),
        ("https://zendesk.com.evil.example", False),
        ("http://acme.zendesk.com", False),
        ("https://user@acme.zendesk.com", False),
        ("http://localhost:8093", True),
        ("http://localhost:8094", False),
        ("https://chat.example.jp", True),
        ("ftp://chat.example.jp", False),
        ("https://[::1", False),
        ("not a url", False),
    ],
)
def test_a_poll_reaches_its_helpdesks_domains_and_the_listed_hosts_only(
    url: str, allowed: bool
) -> None:
    """Own domains over https, listed hosts (host or host:port) over http too; nothing else."""
    hosts = ("localhost:8093", "chat.example.jp")
    if allowed:
        assert reachable(url, ("zendesk.com",), hosts) == url.rstrip("/")
    else:
        with pytest.raises(PollRefused, match="TICKETRELAY_SOURCE_HOSTS"):
            reachable(url, ("zendesk.com",), hosts)


def test_a_new_credential_starts_a_poll_or_resumes_a_paused_one(relay: Relay) -> None:
    """Given to a source not polled yet, it starts one; given again, it replaces the first
    and lifts the pause, due at once."""
    relay.clock = lambda: NOW
    settings = {"subdomain": "acme"}
    source = relay.hooks.create_source("acme", "zd", "zendesk", settings, Secret("signing"))
    with relay.store.read() as conn:
        assert polls.get(conn, source.id) is None
    relay.hooks.update_source(
        source.id, settings={"api_email": "a@acme.example"}, poll_secret=Secret("t1")
    )
    with relay.store.write() as conn:
        assert polls.take(conn, source.id, "x", NOW, NOW + timedelta(minutes=1))
        polls.pause(conn, source.id, "x", code="credential_refused", reason="401")
    relay.clock = lambda: NOW + timedelta(hours=1)
    changed = relay.hooks.update_source(source.id, poll_secret=Secret("t2"))
    assert changed.settings == {"subdomain": "acme", "api_email": "a@acme.example"}
    resumed = state(relay, source)
    assert (resumed.paused_code, resumed.next_at) == (None, NOW + timedelta(hours=1))
    assert relay.cipher.decrypt(resumed.secret_encrypted).reveal() == "t2"


def test_new_settings_lift_a_pause_and_poll_now(relay: Relay) -> None:
    """A pause for a host not allowed ends once an admin changes the settings."""
    source = polled_source(relay)
    with relay.store.write() as conn:
        assert polls.take(conn, source.id, "x", NOW, NOW + timedelta(minutes=1))
        polls.pause(conn, source.id, "x", code="credential_refused", reason="host")
    relay.clock = lambda: NOW + timedelta(hours=2)
    relay.hooks.update_source(source.id, settings={"api_base_url": "https://b.zendesk.com"})
    resumed = relay.hooks.polls()[source.id]
    assert (resumed.paused_code, resumed.next_at) == (None, NOW + timedelta(hours=2))
