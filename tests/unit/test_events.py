"""SPEC section 8: the event models, their validation and the batch contract."""

import copy
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticketrelay.errors import InvalidInput
from ticketrelay.rules.events import (
    EVENT_TYPES,
    EventError,
    EventProblem,
    MemoRecorded,
    MessageSent,
    parse_batch,
    parse_event,
)

README = Path(__file__).parents[2] / "README.md"
SECTION = re.search(r"<!-- events:start -->(.*)<!-- events:end -->", README.read_text(), re.S)
assert SECTION is not None, "README.md lost its event format section"
EXAMPLES: list[dict[str, Any]] = [
    json.loads(block) for block in re.findall(r"```json\n(.*?)```", SECTION.group(1), re.S)
]
MAIL: dict[str, Any] = EXAMPLES[0]
BY_TYPE: dict[str, dict[str, Any]] = {e["type"]: e for e in reversed(EXAMPLES)}


def _example(kind: str) -> dict[str, Any]:
    return copy.deepcopy(BY_TYPE[kind])


def _problems(obj: object, batch: bool = False) -> list[tuple[int | None, str, str]]:
    with pytest.raises(EventError) as caught:
        parse_batch(obj) if batch else parse_event(obj)
    return [(p.index, p.path, p.message) for p in caught.value.problems]


def _with(path: str, value: object) -> dict[str, Any]:
    """The mail example with one key (dotted path) set, or removed for `...`."""
    obj = copy.deepcopy(MAIL)
    *parents, last = path.split(".")
    target = obj
    for key in parents:
        target = target[key]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return obj


def test_docs_show_every_event_type() -> None:
    """The README has a valid example of each of the nine event types."""
    events = [parse_event(example) for example in EXAMPLES]
    assert {event.type for event in events} == set(EVENT_TYPES)
    assert len(EVENT_TYPES) == 9


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["type"] for e in EXAMPLES])
def test_events_round_trip_through_json(example: dict[str, Any]) -> None:
    """An event dumped as JSON parses back to the same event."""
    event = parse_event(example)
    assert parse_event(json.loads(json.dumps(event.model_dump(mode="json")))) == event


def test_unknown_keys_are_ignored() -> None:
    """Keys the model does not know, at any level, are ignored."""
    obj = _with("data.priority", "high")
    obj["trace"] = {"deep": [1, 2, 3]}
    assert parse_event(obj) == parse_event(MAIL)


def test_missing_optional_keys_take_their_defaults() -> None:
    """A missing text is "", a missing list (), a missing time unknown, a missing contact empty."""
    event = parse_event(
        {"id": "e", "type": "memo.recorded", "occurred_at": "2026-11-25T10:00:00Z",
         "data": {"memo_id": "m", "kind": "other"}}
    )  # fmt: skip
    assert isinstance(event, MemoRecorded)
    assert (event.account, event.inbox, event.data.subject, event.data.body) == ("", "", "", "")
    assert event.data.responded_at is None
    assert event.data.duration_minutes is None
    assert (event.data.contact.email, event.data.contact.phone) == ("", "")
    assert (event.operator.email, event.operator.family_name) == ("", "")


def test_null_counts_as_missing_on_optional_keys() -> None:
    """`null` on an optional key takes the default."""
    obj = _with("data.cc", None)
    obj["operator"] = None
    obj["data"]["undo_until"] = None
    event = parse_event(obj)
    assert isinstance(event, MessageSent)
    assert event.data.cc == ()
    assert event.data.undo_until is None
    assert event.operator.email == ""


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("id", "is required"),
        ("occurred_at", "is required"),
        ("data", "is required"),
        ("data.message_id", "is required"),
        ("data.channel", "is required"),
    ],
)
def test_required_keys_are_named_when_missing(path: str, message: str) -> None:
    """Each required key, when missing, is reported at its JSON path."""
    assert _problems(_with(path, ...)) == [(0, f"$.{path}", message)]


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("message.send_undone", "message_id"),
        ("message.schedule_cancelled", "message_id"),
        ("memo.recorded", "memo_id"),
        ("call.ended", "call_id"),
        ("call.memo_recorded", "call_id"),
        ("chat.editor_opened", "session_id"),
        ("chat.message_sent", "session_id"),
        ("chat.editor_closed", "session_id"),
    ],
)
def test_each_type_requires_its_subject_id(kind: str, key: str) -> None:
    """message_id, memo_id, call_id and session_id are required on their types."""
    obj = _example(kind)
    del obj["data"][key]
    assert (0, f"$.data.{key}", "is required") in _problems(obj)


@pytest.mark.parametrize(
    ("kind", "key"),
    [("memo.recorded", "kind"), ("call.ended", "kind"), ("chat.editor_opened", "channel")],
)
def test_kind_and_channel_are_required_where_the_type_has_them(kind: str, key: str) -> None:
    """`kind` and `channel` are required on the types that have them."""
    obj = _example(kind)
    del obj["data"][key]
    assert _problems(obj) == [(0, f"$.data.{key}", "is required")]


def test_null_on_a_required_key_is_a_type_error() -> None:
    """`null` on a required key says what type is expected."""
    assert _problems(_with("data.message_id", None)) == [
        (0, "$.data.message_id", "must be a string")
    ]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("id", "", "must not be empty"),
        ("id", "x" * 129, "must be at most 128 characters long"),
        ("id", 12345, "must be a string"),
        ("account", "a" * 129, "must be at most 128 characters long"),
        ("occurred_at", "2026-11-25T10:00:00", "must carry an offset"),
        ("occurred_at", 1764032400, "must be an RFC 3339 date-time string"),
        ("operator", "yamada", "must be an object"),
        ("operator.email", ["a@x"], "must be a string"),
        ("data", [], "must be an object"),
        ("data.channel", "fax", "must be 'mail' or 'sms'"),
        ("data.to", "a@example.com", "must be a list"),
        ("data.to", ["x"] * 1001, "must have at most 1000 entries"),
        ("data.broadcast", "true", "must be true or false"),
        ("data.body", "a\ud800", "lone surrogate"),
        ("data.body", "a\x00", "NUL"),
        ("data.body", "a" * (1024 * 1024 + 1), "at most 1048576 bytes"),
        ("data.subject", float("nan"), "must be a string"),
    ],
)
def test_bad_values_are_named_by_json_path(path: str, value: object, message: str) -> None:
    """A wrong type, size or format is reported at its path with what is wrong."""
    [(index, where, text)] = _problems(_with(path, value))
    assert (index, where) == (0, f"$.{path}")
    assert message in text


def test_a_bad_list_entry_is_named_by_its_index() -> None:
    """The path of a bad entry ends with its index."""
    assert _problems(_with("data.to", ["a@x", 7])) == [(0, "$.data.to[1]", "must be a string")]


def test_at_most_1000_recipients_in_all() -> None:
    """to, cc, bcc and phones together hold at most 1,000 recipients."""
    obj = _with("data.to", ["a@x"] * 600)
    obj["data"]["cc"] = ["b@x"] * 401
    [(_, path, message)] = _problems(obj)
    assert path == "$.data"
    assert "1001 recipients" in message


def test_at_most_1000_chat_recipients_in_all() -> None:
    """Contacts and group members together are at most 1,000."""
    obj = _example("chat.editor_closed")
    obj["data"]["contacts"] = [{"email": "a@x"}] * 500
    obj["data"]["group_members"] = [{"email": "b@x"}] * 501
    assert "1001 recipients" in _problems(obj)[0][2]


@pytest.mark.parametrize("minutes", [-5, 10**400, float("nan"), True, "45"])
def test_odd_durations_are_rejected(minutes: object) -> None:
    """duration_minutes is a plain number from 0 to 1,000,000."""
    obj = _example("memo.recorded")
    obj["data"]["duration_minutes"] = minutes
    assert _problems(obj)[0][1] == "$.data.duration_minutes"


def test_a_memo_ending_after_year_9999_is_rejected() -> None:
    """responded_at plus duration_minutes must stay a representable time."""
    obj = _example("memo.recorded")
    obj["data"]["responded_at"] = "9999-12-31T23:00:00Z"
    obj["data"]["duration_minutes"] = 120
    assert _problems(obj) == [
        (0, "$.data", "has responded_at plus duration_minutes after year 9999")
    ]


@pytest.mark.parametrize(
    ("obj", "path", "message"),
    [
        (["not", "an", "object"], "$", "must be a JSON object"),
        ("text", "$", "must be a JSON object"),
        ({"id": "x"}, "$.type", "is required"),
        ({"type": None}, "$.type", "is required"),
        ({"type": "message.deleted"}, "$.type", "must be one of message.sent"),
        ({"type": ["message.sent"]}, "$.type", "must be one of message.sent"),
    ],
)
def test_a_non_event_is_rejected_cleanly(obj: object, path: str, message: str) -> None:
    """Non-objects and unknown or missing types are rejected before any other check."""
    [(index, where, text)] = _problems(obj)
    assert (index, where) == (0, path)
    assert text.startswith(message)


def test_problems_per_event_are_capped() -> None:
    """One event reports at most ten problems, so an answer stays small."""
    assert len(_problems(_with("data.to", list(range(50))))) == 10


def test_a_single_event_body_is_a_batch_of_one() -> None:
    """parse_batch takes one event object as a batch of one."""
    assert parse_batch(MAIL) == (parse_event(MAIL),)


def test_a_batch_keeps_the_order_of_its_events() -> None:
    """`{"events": [...]}` gives the events in order."""
    assert parse_batch({"events": EXAMPLES}) == tuple(parse_event(e) for e in EXAMPLES)


def test_a_batch_is_all_or_nothing_with_each_problem_indexed() -> None:
    """One bad event rejects the batch; each problem names its event's index and path."""
    bad = _with("data.message_id", ...)
    problems = _problems({"events": [MAIL, bad, MAIL, 42]}, batch=True)
    assert problems == [
        (1, "$.events[1].data.message_id", "is required"),
        (3, "$.events[3]", "must be a JSON object"),
    ]


@pytest.mark.parametrize("events", [[], [MAIL] * 1001, {"0": MAIL}, None, "[]"])
def test_a_batch_holds_1_to_1000_events(events: object) -> None:
    """An empty, oversized or non-list `events` is rejected as a whole."""
    assert _problems({"events": events}, batch=True) == [
        (None, "$.events", "must be a list of 1 to 1000 events")
    ]


def test_a_batch_of_1000_events_is_accepted() -> None:
    """The limit itself is allowed."""
    assert len(parse_batch({"events": [MAIL] * 1000})) == 1000


def test_the_error_is_invalid_input_and_says_what_to_do() -> None:
    """EventError is an InvalidInput whose message lists problems and the fix."""
    with pytest.raises(InvalidInput) as caught:
        parse_batch({"events": [{}] * 5})
    message = str(caught.value)
    assert message.startswith("Invalid events, nothing was accepted: $.events[0].type is required")
    assert "(and 2 more)" in message
    assert message.endswith("Fix them and send again.")


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["\ud800", "a\x00", "2026-11-25T10:00:00Z", "mail", "message.sent"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(JSON)
def test_any_json_is_an_event_or_an_event_error(body: object) -> None:
    """Whatever JSON arrives, the answer is events or EventError, never another exception."""
    events, problems = _outcome(parse_batch, body)
    assert bool(events) != bool(problems)


@given(JSON)
def test_any_json_is_an_event_or_an_event_error_with_a_time_window_too(body: object) -> None:
    """Checking times against now adds problems, never another exception."""
    now = datetime(2026, 12, 1, tzinfo=UTC)
    events, problems = _outcome(partial(parse_batch, now=now), body)
    assert bool(events) != bool(problems)


@given(st.sampled_from(EXAMPLES), st.data())
def test_any_key_of_a_valid_event_can_go_bad_cleanly(
    example: dict[str, Any], data: st.DataObject
) -> None:
    """Replacing any value of a valid event with any JSON gives an event or a located problem."""
    obj = copy.deepcopy(example)
    target = obj
    while True:
        key = data.draw(st.sampled_from(sorted(target)))
        if not isinstance(target[key], dict) or data.draw(st.booleans()):
            break
        target = target[key]
    target[key] = data.draw(JSON)
    _, problems = _outcome(parse_event, obj)
    assert all(problem.path.startswith("$") and problem.index == 0 for problem in problems)


def _outcome(
    parse: Callable[[object], object], obj: object
) -> tuple[object, tuple[EventProblem, ...]]:
    """What parsing gave: its result, or the problems of the EventError it raised."""
    try:
        return parse(obj), ()
    except EventError as error:
        return None, error.problems
