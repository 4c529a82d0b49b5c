"""Short builders of valid events for the pure-core tests."""

from typing import Any

from ticketrelay.rules.events import Event, parse_event

T0 = "2026-11-25T10:00:00+09:00"
YAMADA = {"email": "yamada@example.co.jp", "family_name": "山田", "given_name": "太郎"}
SATO = {"email": "sato@example.co.jp", "family_name": "佐藤", "given_name": "花子"}


def at(seconds: int) -> str:
    """A time `seconds` after T0 (at most a day), in Tokyo time."""
    hours, rest = divmod(36000 + seconds, 3600)
    minutes, secs = divmod(rest, 60)
    day = 25 + hours // 24
    return f"2026-11-{day:02d}T{hours % 24:02d}:{minutes:02d}:{secs:02d}+09:00"


def event(kind: str, data: dict[str, Any], when: str = T0, **envelope: Any) -> Event:
    """A valid event of this type, with an envelope filled in."""
    obj = {
        "id": envelope.pop("id", f"ev-{kind}-{when}"),
        "type": kind,
        "account": "acme",
        "occurred_at": when,
        "operator": YAMADA,
        "data": data,
        **envelope,
    }
    return parse_event(obj)


def sent(when: str = T0, message_id: str = "m1", **data: Any) -> Event:
    """A `message.sent` of a mail."""
    return event("message.sent", {"message_id": message_id, "channel": "mail", **data}, when)


def undone(when: str, message_id: str = "m1") -> Event:
    """A `message.send_undone`."""
    return event("message.send_undone", {"message_id": message_id}, when)


def schedule_cancelled(when: str, message_id: str = "m1") -> Event:
    """A `message.schedule_cancelled`."""
    return event("message.schedule_cancelled", {"message_id": message_id}, when)


def memo(when: str = T0, **data: Any) -> Event:
    """A `memo.recorded`."""
    return event("memo.recorded", {"memo_id": "memo1", "kind": "meeting", **data}, when)


def call_ended(when: str = T0, **data: Any) -> Event:
    """A `call.ended`."""
    return event("call.ended", {"call_id": "c1", "kind": "inbound_answered", **data}, when)


def call_memo(when: str = T0, **data: Any) -> Event:
    """A `call.memo_recorded`."""
    return event("call.memo_recorded", {"call_id": "c1", **data}, when)


def opened(when: str = T0, channel: str = "line", **data: Any) -> Event:
    """A `chat.editor_opened`."""
    return event("chat.editor_opened", {"session_id": "s1", "channel": channel, **data}, when)


def chat_message(text: str, when: str = T0, operator: dict[str, str] = YAMADA) -> Event:
    """A `chat.message_sent`."""
    data = {"session_id": "s1", "text": text}
    return event("chat.message_sent", data, when, operator=operator)


def closed(when: str = T0, **data: Any) -> Event:
    """A `chat.editor_closed`."""
    return event("chat.editor_closed", {"session_id": "s1", **data}, when)
