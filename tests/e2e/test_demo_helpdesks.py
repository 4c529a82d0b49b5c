"""The demo lands records from each of its sources: the event API, Chatwoot, Zendesk, Re:lation."""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import anyio
import httpx
import pytest

from ticketrelay.demo import DEMO_ACCOUNT
from ticketrelay.demo.helpdesks import CHATWOOT_BASE_URL, ZENDESK_SUBDOMAIN, demo_traffic
from ticketrelay.demo.run import Demo, Replay, replay, running, wait_for_delivery
from ticketrelay.fakes import CHATTING, NOT_SYNCING, SYNCING, Helpdesk
from ticketrelay.fakes.stream import RESOLVED
from ticketrelay.rules.channels import CHANNEL_NAMES, MEMO_NAMES

# The records of the bundled stream, as tests/e2e/test_demo_and_bench.py pins them.
API_RECORDS = 486
URLS: dict[Helpdesk, str] = {
    "chatwoot": f"{CHATWOOT_BASE_URL}/app/accounts/1/conversations/",
    "zendesk": f"https://{ZENDESK_SUBDOMAIN}.zendesk.com/agent/tickets/",
}
# What a record's channel says it is: a delivery kind of the fakes, else a chat.
KINDS = {CHANNEL_NAMES["mail"]: "mail", CHANNEL_NAMES["sms"]: "sms", MEMO_NAMES["other"]: "memo"}


@dataclass(frozen=True)
class Figures:
    """What the demo's traffic of one helpdesk should come to, from its delivery kinds."""

    sent: int
    synced: int
    not_synced: int
    records: Counter[str]


def figures(helpdesk: Helpdesk) -> Figures:
    """The figures of the demo's stream of `helpdesk`: each resolved chat makes one record."""
    kinds = Counter(d.kind for d in demo_traffic(helpdesk, datetime.now(UTC)))
    records = Counter({kind: n for kind, n in kinds.items() if kind in SYNCING})
    records["chat"] = kinds[RESOLVED]
    return Figures(
        sent=kinds.total(),
        synced=sum(n for kind, n in kinds.items() if kind in SYNCING | CHATTING),
        not_synced=sum(n for kind, n in kinds.items() if kind in NOT_SYNCING),
        records=+records,
    )


@dataclass(frozen=True)
class Ran:
    """A demo that has replayed everything and delivered every activity."""

    live: Demo
    done: Replay

    def admin(self, path: str) -> Any:
        """The management API's answer to a GET, as JSON."""
        headers = {"Authorization": f"Bearer {self.live.admin_token}"}
        answer = httpx.get(f"{self.live.url}/api/v1{path}", headers=headers, timeout=30)
        assert answer.status_code == 200, answer.text
        return answer.json()


@pytest.fixture(scope="module")
def ran() -> Iterator[Ran]:
    with running() as live:
        done = anyio.run(replay, live, lambda *_: None)
        wait_for_delivery(live.relay, lambda *_: None)
        yield Ran(live, done)


def source_of(ran: Ran, record: dict[str, Any]) -> str:
    """The source a record came from, by the helpdesk its URL links to."""
    url = str(record["url"]["value"])
    if url.startswith(f"{ran.live.relation.url}/tickets/#/"):
        return "relation"
    return next((helpdesk for helpdesk, prefix in URLS.items() if url.startswith(prefix)), "api")


def landed(ran: Ran, source: str) -> Counter[str]:
    """A source's records in the demo app, by what their channel says they are."""
    records = ran.live.sim.records(ran.done.app)
    names = [r["channel"]["value"] for r in records if source_of(ran, r) == source]
    return Counter(KINDS.get(name, "chat") for name in names)


@pytest.mark.parametrize("helpdesk", ["chatwoot", "zendesk"])
def test_each_helpdesk_lands_one_record_per_sent_mail_sms_note_and_chat(
    ran: Ran, helpdesk: Helpdesk
) -> None:
    """Every mail, SMS and private note is a record, and so is every resolved chat."""
    expected = figures(helpdesk).records
    assert landed(ran, helpdesk) == expected
    assert sum(expected.values()) >= 10


def test_the_api_source_lands_the_bundled_records_beside_them(ran: Ran) -> None:
    """The webhooks and the Re:lation poll neither add to nor take from the event API's records."""
    assert landed(ran, "api").total() == API_RECORDS
    assert ran.done.events - ran.done.duplicates == ran.done.accepted


@pytest.mark.parametrize("helpdesk", ["chatwoot", "zendesk"])
def test_every_webhook_was_answered_and_settled_as_its_kind_says(
    ran: Ran, helpdesk: Helpdesk
) -> None:
    """All answered 200; the source's deliveries say synced or not synced, as the fakes meant."""
    (played,) = [p for p in ran.done.hooks if p.source.helpdesk == helpdesk]
    expected = figures(helpdesk)
    assert dict(played.summary.codes) == {200: expected.sent}
    found = ran.admin(f"/sources/{played.source.id}/hooks")["deliveries"]
    statuses = Counter(d["status"] for d in found)
    assert statuses == {"synced": expected.synced, "not_synced": expected.not_synced}


def test_the_settings_list_the_four_sources_with_their_webhook_urls(ran: Ran) -> None:
    """The API and Re:lation sources have no URL; each webhook source has the one its traffic
    went to."""
    listed = ran.admin("/sources")["sources"]
    mine = {s["kind"]: s for s in listed if s["account"] == DEMO_ACCOUNT}
    assert sorted(mine) == ["api", "chatwoot", "relation", "zendesk"]
    assert mine["api"]["webhook_url"] is None
    assert mine["relation"]["webhook_url"] is None
    for played in ran.done.hooks:
        assert mine[played.source.helpdesk]["webhook_url"] == played.source.url
        assert mine[played.source.helpdesk]["secret_set"] is True
