"""The demo's sources side by side: what each sent, how much of it synced, and its records.

A record is traced to its source through its activity ID: the events that made the activity
were stored with the source they came from. The event API's figures are of its events (one
synced is the activity itself or a step towards it); a webhook source's are of its deliveries,
as the receiver settled them; the Re:lation source's are the tickets its poll read (every one
seeded, once its pass has ended) and the events it made of them, as the event API's are.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketrelay.demo.app import DEMO_ACCOUNT
from ticketrelay.demo.helpdesks import TITLES, Played
from ticketrelay.demo.relation import TITLE as RELATION_TITLE
from ticketrelay.demo.run import Replay
from ticketrelay.intake.trigger_stage import READY
from ticketrelay.store.events import events
from ticketrelay.store.hooks import hook_deliveries

API_TITLE = "API (Re:lation)"
# Outcomes of events that are steps towards an activity rather than a reason not to sync.
STEPS = frozenset({"waiting_for_close", "waiting_for_memo", "waiting_for_call_end"})


@dataclass(frozen=True, kw_only=True)
class SourceRow:
    """One source's line: what it sent, how much synced and did not, its records in kintone."""

    name: str
    sent: int
    synced: int
    not_synced: int
    records: int


@dataclass(frozen=True, kw_only=True)
class HookReason:
    """Why a webhook source's deliveries made no record: a code, its commonest sentence, a count."""

    source: str
    code: str
    detail: str
    deliveries: int


def outcomes(conn: Connection, source_id: int) -> dict[str, int]:
    """How many of a source's events ended in each outcome."""
    c = events.c
    query = sa.select(c.outcome, sa.func.count()).where(c.source_id == source_id)
    return {o or "unprocessed": n for o, n in conn.execute(query.group_by(c.outcome))}


def synced(found: Mapping[str, int]) -> int:
    """How many events synced: each the activity itself or a step towards it."""
    return sum(n for k, n in found.items() if k == READY or k in STEPS)


def not_synced(found: Mapping[str, int], duplicates: int) -> dict[str, int]:
    """The outcomes that are reasons not to sync, and the duplicates the API stored once."""
    reasons = {k: n for k, n in found.items() if k != READY and k not in STEPS}
    if duplicates:
        reasons["duplicate"] = duplicates
    return reasons


def rows(conn: Connection, replay: Replay, records: Sequence[Mapping[str, Any]]) -> list[SourceRow]:
    """The API source's line, then each webhook source's, then the Re:lation source's."""
    landed = _records_by_source(conn, records)
    found = outcomes(conn, replay.source_id)
    api = SourceRow(
        name=API_TITLE,
        sent=replay.events,
        synced=synced(found),
        not_synced=sum(not_synced(found, replay.duplicates).values()),
        records=landed[replay.source_id],
    )
    read = replay.relation
    polled = outcomes(conn, read.source_id)
    relation = SourceRow(
        name=RELATION_TITLE,
        sent=read.seeded.tickets,
        synced=synced(polled),
        not_synced=sum(not_synced(polled, 0).values()),
        records=landed[read.source_id],
    )
    statuses = _statuses(conn)
    hooks = [_hook_row(played, statuses, landed) for played in replay.hooks]
    return [api, *hooks, relation]


def hook_reasons(conn: Connection, replay: Replay) -> list[HookReason]:
    """Why the webhook sources' deliveries made no record, most frequent first per source."""
    found: list[HookReason] = []
    for played in replay.hooks:
        said = _said(conn, played.source.id)
        for code, details in sorted(said.items(), key=lambda kv: -kv[1].total()):
            found.append(
                HookReason(
                    source=TITLES[played.source.helpdesk],
                    code=code,
                    detail=details.most_common(1)[0][0],
                    deliveries=details.total(),
                )
            )
    return found


def _hook_row(
    played: Played, statuses: Counter[tuple[int, str]], landed: Counter[int]
) -> SourceRow:
    """A webhook source's line: its deliveries as the receiver settled them."""
    source = played.source
    return SourceRow(
        name=TITLES[source.helpdesk],
        sent=played.summary.sent,
        synced=statuses[source.id, "synced"],
        not_synced=statuses[source.id, "not_synced"],
        records=landed[source.id],
    )


def _records_by_source(conn: Connection, records: Sequence[Mapping[str, Any]]) -> Counter[int]:
    """How many of the records each source's events made."""
    c = events.c
    query = (
        sa.select(c.activity_id, c.source_id)
        .where(c.account == DEMO_ACCOUNT, c.activity_id.is_not(None))
        .distinct()
    )
    source_of = {str(activity): int(source) for activity, source in conn.execute(query)}
    return Counter(source_of.get(r["activity_id"]["value"], 0) for r in records)


def _statuses(conn: Connection) -> Counter[tuple[int, str]]:
    """How many deliveries of each source settled in each status."""
    c = hook_deliveries.c
    query = sa.select(c.source_id, c.status, sa.func.count()).group_by(c.source_id, c.status)
    return Counter({(int(i), str(s)): int(n) for i, s, n in conn.execute(query)})


def _said(conn: Connection, source_id: int) -> dict[str, Counter[str]]:
    """The codes of a source's deliveries that did not sync, each with its sentences counted."""
    c = hook_deliveries.c
    query = (
        sa.select(c.code, c.detail, sa.func.count())
        .where(c.source_id == source_id, c.status == "not_synced")
        .group_by(c.code, c.detail)
    )
    said: dict[str, Counter[str]] = {}
    for code, detail, n in conn.execute(query):
        said.setdefault(code or "", Counter())[detail or ""] += n
    return said
