"""SPEC section 12: Zendesk's `ticket.comment_added` webhooks as events."""

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticketrelay.rules.events import parse_event
from ticketrelay.rules.translation import Malformed, Payload, Translation, shown
from ticketrelay.rules.values import operator_name
from ticketrelay.rules.zendesk import ZendeskSettings, translate

PAYLOADS = Path(__file__).parent / "helpdesk_payloads"
SETTINGS = ZendeskSettings(account="demo-support", subdomain="demo-support")
URL = "https://demo-support.zendesk.com/agent/tickets/5158"
KENTA = {"email": "", "family_name": "Tanaka Kenta"}

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=30,
)
PATHS = [
    "type",
    "time",
    "detail",
    "detail.id",
    "detail.subject",
    "detail.via",
    "detail.via.channel",
    "event",
    "event.comment",
    "event.comment.id",
    "event.comment.body",
    "event.comment.is_public",
    "event.comment.author",
    "event.comment.author.is_staff",
    "event.comment.author.name",
]


def load(name: str) -> dict[str, Any]:
    """A payload from `helpdesk_payloads/`, without the note of where its shape comes from."""
    payload: dict[str, Any] = json.loads((PAYLOADS / f"{name}.json").read_text("utf-8"))
    del payload["_source"]
    return payload


def changed(name: str, path: str, value: object) -> dict[str, Any]:
    """A payload with the value at a dotted path set (or removed, for `...`)."""
    payload = load(name)
    *parents, last = path.split(".")
    target: Any = payload
    for key in parents:
        target = target.get(key) if isinstance(target, dict) else None
    if isinstance(target, dict) and value is ...:
        target.pop(last, None)
    elif isinstance(target, dict):
        target[last] = value
    return payload


def events_of(translation: Translation) -> list[dict[str, Any]]:
    """The events of a translation, each proved to be what `parse_event` takes."""
    assert translation.not_synced is None, translation.not_synced
    for event in translation.events:
        parse_event(event)
    return list(translation.events)


def why(translation: Translation) -> tuple[str, str, str]:
    """The code, value and path of a translation that syncs nothing."""
    assert not translation.events
    assert translation.chat is None
    assert translation.not_synced is not None
    reason = translation.not_synced
    return reason.code, reason.value, reason.path


def test_a_public_comment_by_staff_is_a_sent_mail() -> None:
    """Subject, body, author's name, ticket URL and time; no e-mail or recipient is made up."""
    assert events_of(translate(load("zendesk_public_comment"), SETTINGS)) == [
        {
            "id": "zendesk:comment:9876543210",
            "type": "message.sent",
            "account": "demo-support",
            "occurred_at": "2026-11-25T01:00:00.123456+00:00",
            "operator": KENTA,
            "data": {
                "message_id": "zendesk:comment:9876543210",
                "channel": "mail",
                "ticket_id": "5158",
                "subject": "ログインできません",
                "body": "小川様\n\nパスワード再設定のリンクをお送りしました。\n\nTanaka Kenta",
                "url": URL,
            },
        }
    ]


def test_the_authors_name_goes_in_whole() -> None:
    """Zendesk's single `name` is the operator name as it is."""
    [event] = events_of(translate(load("zendesk_public_comment"), SETTINGS))
    assert operator_name(parse_event(event).operator) == "Tanaka Kenta"


def test_a_private_comment_by_staff_is_a_response_memo_of_kind_other() -> None:
    """The memo's time is the comment's; its contact is unknown, so empty."""
    assert events_of(translate(load("zendesk_private_comment"), SETTINGS)) == [
        {
            "id": "zendesk:comment:9876543211",
            "type": "memo.recorded",
            "account": "demo-support",
            "occurred_at": "2026-11-25T01:00:00.123456+00:00",
            "operator": KENTA,
            "data": {
                "memo_id": "zendesk:comment:9876543211",
                "kind": "other",
                "responded_at": "2026-11-25T01:00:00.123456+00:00",
                "ticket_id": "5158",
                "subject": "ログインできません",
                "body": "本人確認済み。再設定メールが迷惑メールに入っていないか確認を依頼。",
                "url": URL,
            },
        }
    ]


def test_a_comment_by_the_requester_does_not_sync() -> None:
    """Only staff comments are an agent's work."""
    assert why(translate(load("zendesk_requester_comment"), SETTINGS))[0] == "incoming"


@pytest.mark.parametrize(("via", "channel"), [("sms", "sms"), ("SMS", "sms"), ("web", "mail")])
def test_the_tickets_channel_decides_mail_or_sms(via: str, channel: str) -> None:
    """A ticket that came by SMS is answered by SMS; any other by mail."""
    payload = changed("zendesk_public_comment", "detail.via.channel", via)
    assert events_of(translate(payload, SETTINGS))[0]["data"]["channel"] == channel


def test_a_ticket_without_a_channel_is_answered_by_mail() -> None:
    """Mail unless the ticket's channel says otherwise."""
    payload = changed("zendesk_public_comment", "detail.via", ...)
    assert events_of(translate(payload, SETTINGS))[0]["data"]["channel"] == "mail"


@pytest.mark.parametrize("via", ["native_messaging", "line", "whatsapp", "chat"])
def test_a_public_reply_in_a_messaging_ticket_does_not_sync(via: str) -> None:
    """A messaging conversation is no mail; it is kept as not synced, with the channel."""
    payload = changed("zendesk_public_comment", "detail.via.channel", via)
    assert why(translate(payload, SETTINGS)) == ("channel_not_synced", via, "")


def test_a_private_comment_in_a_messaging_ticket_is_still_a_memo() -> None:
    """A response memo does not depend on the ticket's channel."""
    payload = changed("zendesk_private_comment", "detail.via.channel", "native_messaging")
    assert events_of(translate(payload, SETTINGS))[0]["type"] == "memo.recorded"


def test_an_html_body_is_read_where_the_text_is_missing() -> None:
    """`html_body`, if ever sent without `body`, becomes text."""
    payload = changed("zendesk_public_comment", "event.comment.body", ...)
    payload["event"]["comment"]["html_body"] = "<p>一行目<br>二行目</p>"
    assert events_of(translate(payload, SETTINGS))[0]["data"]["body"] == "一行目\n二行目"


def test_numeric_ids_are_read_as_well_as_strings() -> None:
    """The documented schema says strings; examples send numbers."""
    payload = changed("zendesk_public_comment", "event.comment.id", 9876543210)
    payload["detail"]["id"] = 5158
    assert translate(payload, SETTINGS) == translate(load("zendesk_public_comment"), SETTINGS)


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("zen:event-type:ticket.status_changed", "not_a_message"),
        ("zen:event-type:user.created", "not_a_message"),
        ("ticket.comment_added", "unknown_event"),
        (None, "unknown_event"),
    ],
)
def test_other_events_do_not_sync(kind: object, code: str) -> None:
    """Zendesk's other events are kept as not synced; what is no Zendesk event, as unknown."""
    payload = changed("zendesk_public_comment", "type", kind)
    assert why(translate(payload, SETTINGS))[:2] == (code, shown(kind))


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        ("detail.id", None, "$.detail.id"),
        ("detail.id", "T-5158", "$.detail.id"),
        ("event.comment.id", -1, "$.event.comment.id"),
        ("event.comment.is_public", None, "$.event.comment.is_public"),
        ("event.comment.author.is_staff", "true", "$.event.comment.author.is_staff"),
        ("event.comment.author", [], "$.event.comment.author"),
        ("event.comment.body", 3, "$.event.comment.body"),
        ("time", "yesterday", "$.time"),
        ("detail.via", "email", "$.detail.via"),
    ],
)
def test_a_malformed_payload_names_the_json_path(path: str, value: object, where: str) -> None:
    """A value of the wrong shape is not synced, with its JSON path."""
    code, _, found = why(translate(changed("zendesk_public_comment", path, value), SETTINGS))
    assert (code, found) == ("malformed", where)


def test_a_body_no_event_may_hold_is_malformed() -> None:
    """A lone surrogate cannot reach kintone: not synced, never an invalid event."""
    payload = changed("zendesk_public_comment", "event.comment.body", "\udc80")
    assert why(translate(payload, SETTINGS))[0] == "malformed"


def test_the_same_webhook_translates_to_the_same_events() -> None:
    """Event IDs come from Zendesk's comment IDs, so a replay is a duplicate."""
    assert translate(load("zendesk_public_comment"), SETTINGS) == translate(
        load("zendesk_public_comment"), SETTINGS
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a\nb" + "x" * 100, "a\\nb" + "x" * 57),
        ("田中\ud800", "田中\\ud800"),
        (None, "None"),
        (1.5, "1.5"),
        ({"a": 1}, "an object"),
        ([1], "a list"),
    ],
)
def test_values_are_shown_short_and_printable(value: object, expected: str) -> None:
    """A reason's sentence never carries a whole payload, nor a raw line break."""
    assert shown(value) == expected


def test_times_are_read_as_iso_8601_or_unix_seconds() -> None:
    """Both forms Chatwoot and Zendesk send; a non-finite number is malformed."""
    payload = Payload({"a": "2026-11-25T10:00:00+09:00", "b": 1795568400, "c": float("nan")})
    assert payload.time("a") == payload.time("b")
    with pytest.raises(Malformed, match=r"\$\.c must be a time"):
        payload.time("c")


@given(JSON)
def test_any_json_translates_without_an_exception(payload: object) -> None:
    """Whatever arrives, the answer is events or a reason."""
    _check(translate(payload, SETTINGS))


@given(
    st.sampled_from(
        ["zendesk_public_comment", "zendesk_private_comment", "zendesk_requester_comment"]
    ),
    st.sampled_from(PATHS),
    JSON,
)
def test_any_value_anywhere_translates_without_an_exception(
    name: str, path: str, value: object
) -> None:
    """A fixture with one value replaced by any JSON still gets an answer."""
    _check(translate(changed(name, path, value), SETTINGS))


def _check(translation: Translation) -> None:
    assert translation.chat is None
    assert bool(translation.events) != bool(translation.not_synced)
    for event in translation.events:
        parse_event(event)
