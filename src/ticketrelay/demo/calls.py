"""Calls of the demo: the call ends and its memo is recorded, in either order, or never.

Missed calls ring for seconds; answered ones last minutes, so their start lies before the
stream's start.
"""

from typing import Any

from ticketrelay.demo.texts import FOLLOW_UPS, memo_lines, missed_call_lines
from ticketrelay.demo.timeline import Talk, Timeline

MISSED: frozenset[str] = frozenset(
    {"inbound_missed_business_hours", "inbound_missed_after_hours", "outbound_unanswered"}
)


def call(
    line: Timeline,
    at: float,
    *,
    kind: str,
    memo: str = "after",
    reedit: bool = False,
    url: str | None = None,
) -> None:
    """A call of `kind`; its memo comes `after` the end, `before` it, or `never`."""
    rng = line.rng
    talk = line.talk()
    call_id = line.new_id("call")
    if memo == "before":
        memo_at, end_at = at, at + rng.uniform(2.0, 6.0)
    else:
        memo_at, end_at = at + rng.uniform(3.0, 12.0), at
    length = rng.uniform(10.0, 40.0) if kind in MISSED else rng.uniform(60.0, 900.0)
    ended = {
        "call_id": call_id,
        "ticket_id": talk.ticket,
        "kind": kind,
        "counterpart_phone": talk.customer.phone,
        "started_at": line.time(end_at - length, whole=True),
        "ended_at": line.time(end_at, whole=True),
        "url": talk.url("calls", call_id) if url is None else url,
    }
    line.emit(end_at, "call.ended", talk, ended, by=talk.agent)
    if memo == "never":
        return
    data = _memo(line, talk, call_id, kind)
    line.emit(memo_at, "call.memo_recorded", talk, data, by=talk.agent)
    if reedit:
        data = {**data, "body": f"{data['body']}\n【追記】{rng.choice(FOLLOW_UPS)}"}
        line.emit(memo_at + rng.uniform(3.0, 8.0), "call.memo_recorded", talk, data, by=talk.agent)


def _memo(line: Timeline, talk: Talk, call_id: str, kind: str) -> dict[str, Any]:
    family = talk.customer.family_name
    if kind in MISSED:
        subject, lines = f"{family}様 不在着信", missed_call_lines(talk.customer)
    else:
        follow_up = line.rng.choice(FOLLOW_UPS)
        subject = f"{family}様 {talk.topic.title}"
        lines = memo_lines(talk.topic, talk.facts, follow_up)
    return {"call_id": call_id, "subject": subject, "body": "\n".join(lines)}
