"""The bundled demo stream: drift-free, shifted in time on load, and every event in SPEC shape."""

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

import ticketrelay.demo
from tests.demodata import (
    CALL_KINDS,
    CHAT_CHANNELS,
    MEMO_KINDS,
    Event,
    bundled,
    of,
    when,
)
from ticketrelay.demo import BUNDLE_SEED, BUNDLE_START, demo_events, load_bundle, write_bundle
from ticketrelay.rules.events import parse_batch


@pytest.fixture
def events() -> list[Event]:
    """The bundled stream, as a helpdesk hands it in."""
    return bundled()


def test_bundle_is_what_the_generator_writes(tmp_path: Path) -> None:
    """The bundled file cannot drift from the generator: it is byte for byte its output."""
    written = tmp_path / "events.jsonl"
    write_bundle(written)
    stale = "events.jsonl is stale: write it again with ticketrelay.demo.write_bundle()"
    assert written.read_bytes() == ticketrelay.demo.BUNDLE_PATH.read_bytes(), stale
    assert load_bundle() == demo_events(start=BUNDLE_START, seed=BUNDLE_SEED)


def test_bundle_is_utf8_json_lines_without_escapes() -> None:
    """One JSON object a line, Japanese written as itself."""
    text = ticketrelay.demo.BUNDLE_PATH.read_text(encoding="utf-8")
    assert "\\u" not in text
    assert all(isinstance(json.loads(line), dict) for line in text.splitlines())


def test_generator_is_deterministic_and_seeded() -> None:
    """The same start and seed give the same events; another seed gives others."""
    start = datetime(2027, 1, 5, 9, 30, tzinfo=UTC)
    assert demo_events(start=start, seed=7) == demo_events(start=start, seed=7)
    assert demo_events(start=start, seed=7) != demo_events(start=start, seed=8)


def test_generator_needs_an_aware_start() -> None:
    """A start without an offset cannot be written as RFC 3339."""
    with pytest.raises(ValueError, match="offset"):
        demo_events(start=datetime(2026, 11, 25, 10, 0))


def test_load_bundle_shifts_every_time_by_the_same_delta(events: list[Event]) -> None:
    """Every time moves by the same amount, keeps its offset, and the stream starts then."""
    target = datetime(2027, 3, 1, 8, 15, 30, 123456, tzinfo=UTC)
    shifted = load_bundle(target)
    delta = target - BUNDLE_START
    assert len(shifted) == len(events)
    assert min(when(event["occurred_at"]) for event in shifted) == target
    for before, after in zip(events, shifted, strict=True):
        moved = list(_times(after))
        assert [(key, when(value) - delta) for key, value in moved] == [
            (key, when(value)) for key, value in _times(before)
        ]
        assert [value[-6:] for _, value in moved] == [value[-6:] for _, value in _times(before)]
        assert {**after, "occurred_at": None, "data": None} == {
            **before,
            "occurred_at": None,
            "data": None,
        }


def test_load_bundle_refuses_a_naive_time() -> None:
    """A target time without an offset is refused."""
    with pytest.raises(ValueError, match="offset"):
        load_bundle(datetime(2027, 3, 1, 8, 15))


def _times(event: Event) -> list[tuple[str, str]]:
    data_times = [
        (key, value)
        for key, value in event["data"].items()
        if isinstance(value, str) and RFC3339.fullmatch(value)
    ]
    return [("occurred_at", event["occurred_at"]), *data_times]


RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}:\d{2}|Z)")


Check = Callable[[object], bool]


def is_id(value: object) -> bool:
    return isinstance(value, str) and 1 <= len(value) <= 128


def is_text(value: object) -> bool:
    return isinstance(value, str)


def is_time(value: object) -> bool:
    return (
        isinstance(value, str)
        and RFC3339.fullmatch(value) is not None
        and when(value).utcoffset() is not None
    )


def is_texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def is_bool(value: object) -> bool:
    return isinstance(value, bool)


def is_minutes(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def is_contact(value: object) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"email", "phone"}
        and all(isinstance(item, str) for item in value.values())
    )


def is_contacts(value: object) -> bool:
    return isinstance(value, list) and all(is_contact(item) for item in value)


def one_of(*allowed: str) -> Check:
    return lambda value: value in allowed


MESSAGE_REF: tuple[dict[str, Check], set[str]] = ({"message_id": is_id}, {"message_id"})


SHAPES: dict[str, tuple[dict[str, Check], set[str]]] = {
    "message.sent": (
        {
            "message_id": is_id,
            "ticket_id": is_text,
            "channel": one_of("mail", "sms"),
            "subject": is_text,
            "body": is_text,
            "url": is_text,
            "draft_saved_at": is_time,
            "to": is_texts,
            "cc": is_texts,
            "bcc": is_texts,
            "phones": is_texts,
            "scheduled_for": is_time,
            "undo_until": is_time,
            "broadcast": is_bool,
        },
        {"message_id", "channel"},
    ),
    "message.send_undone": MESSAGE_REF,
    "message.schedule_cancelled": MESSAGE_REF,
    "memo.recorded": (
        {
            "memo_id": is_id,
            "ticket_id": is_text,
            "kind": one_of(*MEMO_KINDS),
            "subject": is_text,
            "body": is_text,
            "url": is_text,
            "responded_at": is_time,
            "duration_minutes": is_minutes,
            "contact": is_contact,
        },
        {"memo_id", "kind"},
    ),
    "call.ended": (
        {
            "call_id": is_id,
            "ticket_id": is_text,
            "kind": one_of(*CALL_KINDS),
            "counterpart_phone": is_text,
            "started_at": is_time,
            "ended_at": is_time,
            "url": is_text,
        },
        {"call_id", "kind"},
    ),
    "call.memo_recorded": (
        {"call_id": is_id, "subject": is_text, "body": is_text},
        {"call_id"},
    ),
    "chat.editor_opened": (
        {
            "session_id": is_id,
            "ticket_id": is_text,
            "channel": one_of(*CHAT_CHANNELS),
            "subject": is_text,
            "url": is_text,
        },
        {"session_id", "channel"},
    ),
    "chat.message_sent": ({"session_id": is_id, "text": is_text}, {"session_id"}),
    "chat.editor_closed": (
        {
            "session_id": is_id,
            "contacts": is_contacts,
            "group_members": is_contacts,
            "visitor": is_contact,
        },
        {"session_id"},
    ),
}


ENVELOPE = {"id", "type", "account", "inbox", "occurred_at", "operator", "data"}


def shape_problems(event: Event) -> list[str]:
    """What is wrong with an event's shape, strictly by SPEC section 8."""
    if set(event) != ENVELOPE:
        return [f"envelope keys {sorted(event)}"]
    checks, required = SHAPES.get(event["type"], ({}, {"<known type>"}))
    operator = event["operator"]
    problems = [
        *([] if is_id(event["id"]) else ["id"]),
        *([] if event["account"] == "demo-support" else ["account"]),
        *([] if event["inbox"] in {"support", "sales", "billing"} else ["inbox"]),
        *([] if is_time(event["occurred_at"]) else ["occurred_at"]),
        *([] if is_operator(operator) else ["operator"]),
    ]
    data = event["data"]
    problems += [f"data.{key} missing" for key in required - set(data)]
    problems += [f"data.{key}" for key, value in data.items() if not checks.get(key, _no)(value)]
    return problems


def is_operator(value: object) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"email", "family_name", "given_name"}
        and all(isinstance(item, str) and item for item in value.values())
    )


def _no(value: object) -> bool:
    return False


def test_every_event_has_the_shape_of_spec_section_8(events: list[Event]) -> None:
    """Envelope, operator and per-type data: keys, types, and RFC 3339 times with offsets."""
    problems = {event["id"]: shape_problems(event) for event in events}
    assert {key: found for key, found in problems.items() if found} == {}


def test_every_event_is_accepted_by_the_event_api(events: list[Event]) -> None:
    """ticketrelay's own event parser takes every event, in batches of at most 1,000."""
    parsed = [*parse_batch({"events": events[:1000]}), *parse_batch({"events": events[1000:]})]
    assert len(parsed) == len(events)


def test_mail_and_sms_carry_only_their_own_recipients(events: list[Event]) -> None:
    """Mail has to, cc and bcc and no phones; SMS has phones and no subject or addresses."""
    for event in of(events, "message.sent"):
        data = event["data"]
        if data["channel"] == "mail":
            assert "phones" not in data
            assert data["to"]
        else:
            assert not {"to", "cc", "bcc", "subject"} & set(data)
            assert data["phones"]


def test_public_names() -> None:
    """The demo package exports exactly these names."""
    assert sorted(ticketrelay.demo.__all__) == [
        "BUNDLE_PATH",
        "BUNDLE_SEED",
        "BUNDLE_START",
        "DEMO_ACCOUNT",
        "DEMO_ACCOUNT_NAME",
        "DEMO_APP_NAME",
        "DEMO_MAPPING",
        "demo_events",
        "demo_fields",
        "load_bundle",
        "write_bundle",
    ]
