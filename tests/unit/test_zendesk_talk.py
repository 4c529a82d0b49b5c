"""SPEC sections 8 and 12: Zendesk Talk's calls as `call.ended` and call memo events."""

from datetime import UTC, datetime
from typing import Any

import pytest

from ticketrelay.rules.events import CallEnded, CallMemoRecorded, parse_event
from ticketrelay.rules.subjects import CallState
from ticketrelay.rules.translation import Malformed
from ticketrelay.rules.triggers import ActivityReady, step
from ticketrelay.rules.zendesk_talk import (
    PAGE_SIZE,
    CallEvents,
    TalkSettings,
    call_events,
    read_page,
    start_time,
)

SETTINGS = TalkSettings(account="acme", subdomain="acme")
AGENT = 8447388090001
TICKET = 5201
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
USERS = {AGENT: {"id": AGENT, "name": "佐藤 花子", "email": "sato@acme.example", "role": "agent"}}
CALLER = {"phone": "+819012345678", "formatted_phone": "+81 90-1234-5678", "name": "Caller"}
LINE = {"phone": "+81345678900", "formatted_phone": "+81 3-4567-8900", "name": "Acme"}
VOICE_TICKET = {
    "id": TICKET,
    "subject": "Call from: +819012345678",
    "description": "Call from: +819012345678\nAnswered by: 佐藤 花子\nLength of phone call: 180",
    "via": {"channel": "voice", "source": {"rel": "inbound", "from": CALLER, "to": LINE}},
}
TICKETS = {TICKET: VOICE_TICKET}


def call(**fields: Any) -> dict[str, Any]:
    """A call of the incremental export, answered inbound unless `fields` say otherwise."""
    return {
        "id": 360100000001,
        "created_at": "2026-12-01T08:57:00Z",
        "updated_at": "2026-12-01T09:00:30Z",
        "agent_id": AGENT,
        "customer_id": 8447388090002,
        "direction": "inbound",
        "completion_status": "completed",
        "duration": 180,
        "voicemail": False,
        "outside_business_hours": False,
        "phone_number": "+81345678900",
        "ticket_id": TICKET,
        **fields,
    }


def events(found: CallEvents) -> list[dict[str, Any]]:
    """The events, after checking that the call was not skipped."""
    assert found.skipped == ""
    return list(found.events)


def ended(found: CallEvents) -> dict[str, Any]:
    """The `call.ended` event of a call."""
    event: dict[str, Any] = events(found)[0]
    assert event["type"] == "call.ended"
    return event


def test_an_answered_call_gives_its_end_and_its_memo() -> None:
    """Start, end, operator, number and URL on `call.ended`; the ticket is the memo."""
    assert events(call_events(call(), USERS, TICKETS, SETTINGS)) == [
        {
            "id": "zendesk:call:360100000001:ended",
            "type": "call.ended",
            "account": "acme",
            "occurred_at": "2026-12-01T09:00:00+00:00",
            "operator": {"email": "sato@acme.example", "family_name": "佐藤 花子"},
            "data": {
                "call_id": "zendesk:call:360100000001",
                "ticket_id": "5201",
                "kind": "inbound_answered",
                "counterpart_phone": "+819012345678",
                "started_at": "2026-12-01T08:57:00+00:00",
                "ended_at": "2026-12-01T09:00:00+00:00",
                "url": "https://acme.zendesk.com/agent/tickets/5201",
            },
        },
        {
            "id": "zendesk:call:360100000001:memo",
            "type": "call.memo_recorded",
            "account": "acme",
            "occurred_at": "2026-12-01T09:00:00+00:00",
            "data": {
                "call_id": "zendesk:call:360100000001",
                "subject": "Call from: +819012345678",
                "body": VOICE_TICKET["description"],
            },
        },
    ]


def test_the_two_events_make_one_call_activity() -> None:
    """Through the trigger stage they are one call record with the agent's whole name."""
    first, second = (parse_event(e) for e in events(call_events(call(), USERS, TICKETS, SETTINGS)))
    assert isinstance(first, CallEnded)
    assert isinstance(second, CallMemoRecorded)
    state, _ = step(None, first)
    assert isinstance(state, CallState)
    _, effect = step(state, second)
    assert isinstance(effect, ActivityReady)
    assert effect.activity.channel_name == "通話メモ・受電(接続)"
    assert effect.activity.operator_name == "佐藤 花子"
    assert effect.activity.recipient_phones == "+819012345678"


def test_reading_a_call_again_gives_the_same_ids() -> None:
    """An updated call read again keeps its event IDs, so storage doubles nothing."""
    again = call(updated_at="2026-12-01T09:05:00Z", wrap_up_time=30)
    first = [e["id"] for e in events(call_events(call(), USERS, TICKETS, SETTINGS))]
    second = [e["id"] for e in events(call_events(again, USERS, TICKETS, SETTINGS))]
    assert first == second


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({}, "inbound_answered"),
        ({"completion_status": "abandoned_on_hold"}, "inbound_answered"),
        ({"completion_status": "abandoned_in_queue"}, "inbound_missed_business_hours"),
        ({"completion_status": "not_answered"}, "inbound_missed_business_hours"),
        ({"voicemail": True, "agent_id": None}, "inbound_missed_business_hours"),
        (
            {"completion_status": "abandoned_in_voicemail", "outside_business_hours": True},
            "inbound_missed_after_hours",
        ),
        ({"direction": "outbound"}, "outbound_answered"),
        ({"direction": "outbound", "completion_status": "not_answered"}, "outbound_unanswered"),
        ({"direction": "outbound", "completion_status": "failed"}, "outbound_unanswered"),
    ],
)
def test_the_kind_comes_from_direction_status_voicemail_and_hours(
    fields: dict[str, Any], kind: str
) -> None:
    """SPEC section 1's call kinds from the export's fields."""
    assert ended(call_events(call(**fields), USERS, TICKETS, SETTINGS))["data"]["kind"] == kind


def test_an_outbound_calls_counterpart_is_the_number_called() -> None:
    """On an outbound voice ticket the customer is `via.source.to`."""
    source = {"rel": "outbound", "from": LINE, "to": CALLER}
    ticket = {**VOICE_TICKET, "via": {"channel": "voice", "source": source}}
    found = call_events(call(direction="outbound"), USERS, {TICKET: ticket}, SETTINGS)
    assert ended(found)["data"]["counterpart_phone"] == "+819012345678"


@pytest.mark.parametrize("status", [None, "", "pending_voicemail"])
def test_a_call_not_yet_finished_gives_nothing_yet(status: str | None) -> None:
    """In progress, or its voicemail still pending: the export gives it again later."""
    found = call_events(call(completion_status=status), USERS, TICKETS, SETTINGS)
    assert found.events == ()
    assert "has not finished yet" in found.skipped


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"completion_status": "teleported"}, "unknown completion_status 'teleported'"),
        ({"direction": "sideways"}, "unknown direction 'sideways'"),
        ({"direction": None}, "unknown direction ''"),
    ],
)
def test_an_unknown_status_or_direction_is_skipped_with_the_value(
    fields: dict[str, Any], reason: str
) -> None:
    """Nothing is guessed: the call is skipped and the reason names the value."""
    found = call_events(call(**fields), USERS, TICKETS, SETTINGS)
    assert (found.events, reason in found.skipped) == ((), True)


def test_a_call_no_agent_took_has_no_operator() -> None:
    """A missed call with no agent: the operator is left empty."""
    found = call_events(
        call(agent_id=None, completion_status="abandoned_in_queue"), {}, {}, SETTINGS
    )
    assert ended(found)["operator"] == {}


def test_an_agent_zendesk_no_longer_has_leaves_the_operator_empty() -> None:
    """An agent ID that `show_many` did not return: e-mail and name are unknown."""
    found = call_events(call(), {}, TICKETS, SETTINGS)
    assert ended(found)["operator"] == {"email": "", "family_name": ""}


def test_a_call_without_a_ticket_has_no_url_and_no_memo() -> None:
    """No ticket, no memo: the call waits for one (SPEC section 2)."""
    (only,) = events(call_events(call(ticket_id=None), USERS, TICKETS, SETTINGS))
    assert (only["type"], only["data"]["url"], only["data"]["ticket_id"]) == ("call.ended", "", "")


def test_a_ticket_that_could_not_be_read_gives_the_url_but_no_memo() -> None:
    """The URL comes from the call's ticket ID; the memo needs the ticket itself."""
    (only,) = events(call_events(call(), USERS, {}, SETTINGS))
    assert only["data"]["url"] == "https://acme.zendesk.com/agent/tickets/5201"
    assert only["data"]["counterpart_phone"] == ""


def test_a_call_placed_from_an_older_ticket_has_a_memo_with_its_subject_only() -> None:
    """That ticket's description is someone else's words: body and number stay empty."""
    older = {
        "id": TICKET,
        "subject": "請求書の再発行",
        "description": "請求書を…",
        "via": {"channel": "email"},
    }
    found = events(call_events(call(direction="outbound"), USERS, {TICKET: older}, SETTINGS))
    assert found[0]["data"]["counterpart_phone"] == ""
    assert (found[1]["data"]["subject"], found[1]["data"]["body"]) == ("請求書の再発行", "")


def test_a_call_without_a_duration_has_no_end() -> None:
    """The end is unknown, and the call's events are dated at its start."""
    found = ended(call_events(call(duration=None), USERS, TICKETS, SETTINGS))
    assert (found["data"]["ended_at"], found["occurred_at"]) == (None, "2026-12-01T08:57:00+00:00")


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"id": "call-1"}, "$.id"),
        ({"created_at": "yesterday"}, "$.created_at"),
        ({"duration": -1}, "$.duration"),
        ({"duration": "3 minutes"}, "$.duration"),
        ({"duration": 9_999_999, "created_at": "9999-12-31T23:59:00Z"}, "$.duration"),
        ({"voicemail": None}, "$.voicemail"),
        ({"completion_status": "abandoned_in_ivr", "outside_business_hours": None}, "$.outside"),
        ({"agent_id": "sato"}, "$.agent_id"),
        ({"ticket_id": 1.5}, "$.ticket_id"),
    ],
)
def test_a_malformed_call_is_skipped_with_the_json_path(fields: dict[str, Any], path: str) -> None:
    """A value of the wrong shape skips that call alone, naming where."""
    found = call_events(call(**fields), USERS, TICKETS, SETTINGS)
    assert found.events == ()
    assert found.skipped.startswith(f"a call of the export is malformed: {path}")


def test_a_call_that_is_no_object_is_skipped() -> None:
    """Not even an object: skipped, never raised."""
    assert call_events(["call"], USERS, TICKETS, SETTINGS).skipped.startswith(
        "a call of the export is malformed: $ must be an object"
    )


def test_a_call_whose_events_would_be_invalid_is_skipped() -> None:
    """A subject too long for an event: the call is skipped, never a failed poll."""
    huge = {**VOICE_TICKET, "subject": "長" * 70_000}
    found = call_events(call(), USERS, {TICKET: huge}, SETTINGS)
    assert found.events == ()
    assert found.skipped.startswith("call zendesk:call:360100000001 is invalid:")


def test_reading_starts_at_the_cursor() -> None:
    """The stored start time, as it is."""
    assert start_time({"start_time": 1_796_000_000}, NOW, NOW) == 1_796_000_000


@pytest.mark.parametrize("cursor", [{}, {"start_time": True}, {"start_time": "1796000000"}])
def test_reading_starts_when_the_source_was_made_without_a_cursor(cursor: dict[str, Any]) -> None:
    """A new (or unreadable) cursor: from the source's creation."""
    made = datetime(2026, 11, 30, tzinfo=UTC)
    assert start_time(cursor, made, NOW) == int(made.timestamp())


def test_reading_never_starts_within_the_last_minute() -> None:
    """Zendesk's exports leave the last minute out: the start is held a minute back."""
    assert start_time({"start_time": int(NOW.timestamp())}, NOW, NOW) == int(NOW.timestamp()) - 60


def page(**fields: Any) -> dict[str, Any]:
    """An answer of the export."""
    return {"calls": [call()], "count": 1, "end_time": 1_796_000_100, **fields}


def test_a_page_moves_the_start_to_its_end_time() -> None:
    """The next read starts at `end_time`; the end of the stream means no more now."""
    read = read_page(page(end_of_stream=True), 1_796_000_000)
    assert (read.calls, read.next_start, read.more) == ((call(),), 1_796_000_100, False)


def test_more_waits_when_the_stream_has_not_ended() -> None:
    """`end_of_stream` false: another page can be read at once."""
    assert read_page(page(end_of_stream=False), 1_796_000_000).more


@pytest.mark.parametrize(
    ("fields", "more"),
    [
        ({"count": PAGE_SIZE}, True),
        ({"count": PAGE_SIZE - 1}, False),
        ({"count": None, "calls": [call()] * PAGE_SIZE}, True),
        ({"count": None}, False),
    ],
)
def test_without_end_of_stream_a_full_page_means_more(fields: dict[str, Any], more: bool) -> None:
    """As Zendesk's docs advise, `count` (else the calls counted) says whether more waits."""
    assert read_page(page(**fields), 1_796_000_000).more is more


@pytest.mark.parametrize("end", [1_796_000_000, 1_795_999_000, None, True, "1796000100"])
def test_a_page_never_moves_the_start_back_nor_loops(end: object) -> None:
    """An end time that is missing, not ahead, or no number keeps the start; no more is read."""
    read = read_page(page(end_time=end, end_of_stream=False), 1_796_000_000)
    assert (read.next_start, read.more) == (1_796_000_000, False)


@pytest.mark.parametrize("body", [{}, {"calls": {}}, {"calls": [1]}, {"calls": None}])
def test_a_page_without_a_list_of_calls_is_malformed(body: object) -> None:
    """The poll then fails and is tried again later."""
    with pytest.raises(Malformed, match=r"\$\.calls must be a list of objects"):
        read_page(body, 1_796_000_000)
