"""`ticketrelay sources` as a real process, on a database where a Re:lation source is partly
backfilled from the shipped simulator."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio
import pytest

from tests.bodies import ACCOUNT
from tests.e2e.cli import environment, run
from tests.e2e.server import SECRET_KEY
from tests.integration.relay.helpers import Clock
from ticketrelay.crypto import Cipher
from ticketrelay.fakes.relation import RelationSimulator, html, run_relation_sim
from ticketrelay.fakes.relation.state import RelationState
from ticketrelay.intake.pollers.relation import backfill_progress
from ticketrelay.model import Source
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import Store

DAYS = 40
TICKETS = 200


@dataclass(frozen=True, kw_only=True)
class Backfilling:
    """A Re:lation source some polls into a backfill, a plain source, and the relay's clock."""

    relay: Relay
    relation: Source
    plain: Source
    clock: Clock
    token: str


@pytest.fixture
def relation(store: Store) -> Iterator[RelationSimulator]:
    """The simulator on a clock some minutes behind the wall clock, as the polls move it on."""
    start = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=10)
    with run_relation_sim(RelationState(clock=Clock(start))) as sim:
        yield sim


@pytest.fixture
def backfilling(store: Store, relation: RelationSimulator) -> Backfilling:
    """TICKETS sent mails over DAYS days, read by two polls of a source from DAYS days back."""
    clock = relation.state.clock
    assert isinstance(clock, Clock)
    relay = Relay(
        store,
        Cipher(Secret(SECRET_KEY)),
        source_hosts=(relation.url.removeprefix("http://"),),
        clock=clock,
    )
    since = clock.now - timedelta(days=DAYS)
    _mails(relation, since)
    plain, _ = relay.create_source(ACCOUNT, "desk")
    settings = {
        "base_url": relation.url,
        "message_boxes": [1],
        "requests_per_minute": 60,
        "since": since.isoformat(),
    }
    source = relay.hooks.create_source(
        ACCOUNT, "re", "relation", settings, None, poll_secret=Secret(relation.token)
    )
    for _ in range(2):
        anyio.run(_poll, relay)
        clock.advance(seconds=60)
    return Backfilling(relay=relay, relation=source, plain=plain, clock=clock, token=relation.token)


async def _poll(relay: Relay) -> None:
    async with relay.worker() as worker:
        await worker.poll_due()


def _mails(relation: RelationSimulator, since: datetime) -> None:
    state = relation.state
    box = state.add_message_box("サポート").message_box_id
    step = timedelta(days=DAYS) / TICKETS
    for n in range(TICKETS):
        at = since + step * (n + 0.5)
        ticket = state.add_ticket(box, f"お問い合わせ {n}", at=at).ticket_id
        body = html(["ご確認ください。"])
        state.add_message(ticket, method_cd="mail", action_cd="sent", title="Re", body=body, at=at)


def progress(found: Backfilling) -> float:
    """The Re:lation source's backfill as the command sees it now."""
    (poll,) = found.relay.hooks.polls().values()
    return backfill_progress(found.relation.settings, poll.cursor, datetime.now(UTC))


def test_json_lines_say_each_source_and_its_poll(
    backfilling: Backfilling, store: Store, tmp_path: Path
) -> None:
    """One line a source, newest first: the Re:lation one with its poll and backfill share."""
    done = run("sources", "--json", env=environment(store), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found = backfilling
    (poll,) = found.relay.hooks.polls().values()
    share = round(progress(found), 2)
    assert 0.0 < share < 1.0
    last = found.clock.now - timedelta(seconds=60)
    assert done.stdout.decode().splitlines() == [
        json.dumps(line, ensure_ascii=False)
        for line in (
            {
                "id": found.relation.id,
                "account": ACCOUNT,
                "name": "re",
                "kind": "relation",
                "revoked": False,
                "poll": {
                    "last_read": last.isoformat().replace("+00:00", "Z"),
                    "next_read": poll.next_at.isoformat().replace("+00:00", "Z"),
                    "failures": 0,
                    "last_error": None,
                    "paused": None,
                    "backfill": share,
                },
            },
            {
                "id": found.plain.id,
                "account": ACCOUNT,
                "name": "desk",
                "kind": "api",
                "revoked": False,
                "poll": None,
            },
        )
    ]
    assert found.token not in done.stdout.decode()


def test_text_says_it_in_words_with_a_bar(
    backfilling: Backfilling, store: Store, tmp_path: Path
) -> None:
    """The last and next read in words, the backfill as a bar with its percent."""
    done = run("sources", env=environment(store), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found = backfilling
    out = done.stdout.decode().splitlines()
    last = (found.clock.now - timedelta(seconds=60)).strftime("%Y-%m-%d %H:%M:%S UTC")
    assert out[0] == f"Source {found.relation.id}: re of {ACCOUNT} (relation, live)"
    assert out[1].startswith(f"  last read {last} (")
    assert out[1].endswith("(due now)")
    assert out[2].startswith("  backfill ━")
    assert out[2].endswith(f" {round(progress(found) * 100)}%")
    assert out[3:] == [
        f"Source {found.plain.id}: desk of {ACCOUNT} (api, live)",
        "  not polled: its helpdesk sends its events",
    ]
    assert found.token not in done.stdout.decode()


def test_watch_ends_once_nothing_is_backfilling(store: Store, tmp_path: Path) -> None:
    """With no Re:lation source to wait for, --watch shows the sources once and ends."""
    relay = Relay(store, Cipher(Secret(SECRET_KEY)))
    source, _ = relay.create_source(ACCOUNT, "desk")
    relay.revoke_source(source.id)
    done = run("sources", "--watch", "--json", env=environment(store), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.decode().splitlines()
    assert json.loads(line)["revoked"] is True
