"""Response memos of the demo: recorded once, recorded again after an edit, or incomplete.

Memos come from the helpdesk's web form, so most bodies use LF and some CRLF; one in a
hundred or so comes from an old integration that writes a bare CR.
"""

from typing import Any

from ticketrelay.demo.people import phone
from ticketrelay.demo.texts import (
    FOLLOW_UPS,
    POSTAL_ITEMS,
    memo_lines,
    memo_subject,
    minutes_lines,
)
from ticketrelay.demo.timeline import TEAMS, Talk, Timeline

MEMO_INBOXES: dict[str, tuple[str, ...]] = {
    "meeting": ("sales",),
    "sales": ("sales",),
    "postal": ("billing", "support"),
}
DURATIONS: dict[str, tuple[int, int]] = {
    "incoming_call": (3, 20),
    "outgoing_call": (3, 20),
    "meeting": (30, 90),
    "sales": (30, 120),
    "postal": (0, 0),
    "other": (5, 15),
}


def record_memo(
    line: Timeline,
    at: float,
    kind: str,
    talk: Talk,
    *,
    responded: bool = True,
    url: str | None = None,
    long: bool = False,
) -> dict[str, Any]:
    """An agent records a response memo of `kind` about `talk`."""
    rng = line.rng
    memo_id = line.new_id("memo")
    minutes = rng.randint(*DURATIONS[kind])
    topic, facts = talk.topic, talk.facts
    lines = minutes_lines(topic, facts, 55) if long else memo_lines(topic, facts, _follow_up(line))
    newline = rng.choices(("\n", "\r\n", "\r"), weights=(80, 18, 2))[0]
    data: dict[str, Any] = {
        "memo_id": memo_id,
        "ticket_id": talk.ticket,
        "kind": kind,
        "subject": memo_subject(kind, topic, talk.customer, rng.choice(POSTAL_ITEMS)),
        "body": newline.join(lines),
        "url": talk.url("memos", memo_id) if url is None else url,
    }
    if responded:
        responded_at = at - 60 * minutes - rng.uniform(60.0, 3600.0)
        data["responded_at"] = line.time(responded_at // 60 * 60)
    data["duration_minutes"] = minutes
    contact = _contact(line, talk)
    if contact is not None:
        data["contact"] = contact
    return line.emit(at, "memo.recorded", talk, data, by=talk.agent)


def _follow_up(line: Timeline) -> str:
    return line.rng.choice(FOLLOW_UPS)


def _contact(line: Timeline, talk: Talk) -> dict[str, Any] | None:
    chance = line.rng.random()
    if chance < 0.75:
        return talk.customer.contact()
    if chance < 0.88:
        return {"email": "", "phone": phone(line.rng)}
    if chance < 0.96:
        return {"email": talk.customer.email, "phone": ""}
    return None


def _talk(line: Timeline, kind: str) -> Talk:
    return line.talk(inboxes=MEMO_INBOXES.get(kind, ()))


def memo(line: Timeline, at: float, *, kind: str) -> None:
    """A response memo; one in ten is meeting minutes longer than 50 lines."""
    record_memo(line, at, kind, _talk(line, kind), long=line.rng.random() < 0.1)


def reedited_memo(line: Timeline, at: float, *, kind: str) -> None:
    """A memo recorded, then edited and recorded again (by its author or a colleague)."""
    rng = line.rng
    talk = _talk(line, kind)
    first = record_memo(line, at, kind, talk)
    data = dict(first["data"])
    data["body"] = f"{data['body']}\n【追記】{rng.choice(FOLLOW_UPS)}"
    editor = rng.choice(TEAMS[talk.inbox])
    line.emit(at + rng.uniform(4.0, 12.0), "memo.recorded", talk, data, by=editor)


def timeless_memo(line: Timeline, at: float, *, kind: str) -> None:
    """A memo whose response date-time was left blank: it has no start time."""
    record_memo(line, at, kind, _talk(line, kind), responded=False)


def memo_with_url(line: Timeline, at: float, *, kind: str, url: str) -> None:
    """A memo whose helpdesk sent a broken message URL."""
    record_memo(line, at, kind, _talk(line, kind), url=url)
