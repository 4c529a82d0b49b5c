"""The bundled demo stream as the demo tests read it: loaded once, grouped, and played."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from ticketrelay.demo import load_bundle
from ticketrelay.rules.events import parse_batch
from ticketrelay.rules.subjects import SubjectKey, SubjectState, subject_key
from ticketrelay.rules.triggers import ActivityReady, CancelActivity, Nothing, step
from ticketrelay.rules.values import Activity

Event = dict[str, Any]

MEMO_KINDS = {"incoming_call", "outgoing_call", "meeting", "sales", "postal", "other"}
CALL_KINDS = {
    "inbound_answered",
    "inbound_missed_business_hours",
    "inbound_missed_after_hours",
    "outbound_answered",
    "outbound_unanswered",
    "transfer_inbound",
    "transfer_outbound",
}
CHAT_CHANNELS = {
    "line",
    "chatwork",
    "instagram_dm",
    "messenger",
    "chatplus",
    "r_messe",
    "yahoo",
    "chat_widget",
}


@cache
def bundled() -> list[Event]:
    """The bundled stream, as a helpdesk hands it in (shared: do not change it)."""
    return load_bundle()


@cache
def unique() -> list[Event]:
    """The stream with each `id` kept once, where it first came: what ingest stores."""
    return list({event["id"]: event for event in bundled()}.values())


def of(events: list[Event], kind: str) -> list[Event]:
    """The events of one type."""
    return [event for event in events if event["type"] == kind]


def when(value: str) -> datetime:
    """An RFC 3339 time of the stream."""
    return datetime.fromisoformat(value)


def by_subject(events: list[Event], key: str) -> dict[str, list[Event]]:
    """The events grouped by the subject ID under `key` in their data, in stream order."""
    groups: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if key in event["data"]:
            groups[event["data"][key]].append(event)
    return groups


def sessions(events: list[Event]) -> list[list[Event]]:
    """The events of each chat session."""
    chat = [event for event in events if event["type"].startswith("chat.")]
    return list(by_subject(chat, "session_id").values())


def closed_at(session: list[Event]) -> datetime:
    """When a chat session was first closed."""
    return min(when(e["occurred_at"]) for e in session if e["type"] == "chat.editor_closed")


@dataclass(frozen=True, kw_only=True)
class Played:
    """What ticketrelay's trigger stage makes of the stream."""

    activities: tuple[Activity, ...]
    reasons: Counter[str]
    cancelled: int


@cache
def played() -> Played:
    """The stream's stored events run through the real trigger stage, in order."""
    states: dict[SubjectKey, SubjectState] = {}
    activities: list[Activity] = []
    reasons: Counter[str] = Counter()
    cancelled = 0
    events = unique()
    for event in parse_batch({"events": events[:1000]}) + parse_batch({"events": events[1000:]}):
        key = subject_key(event)
        states[key], effect = step(states.get(key), event)
        if isinstance(effect, ActivityReady):
            activities.append(effect.activity)
        elif isinstance(effect, Nothing):
            reasons[effect.reason] += 1
        else:
            assert isinstance(effect, CancelActivity)
            cancelled += 1
    return Played(activities=tuple(activities), reasons=reasons, cancelled=cancelled)
