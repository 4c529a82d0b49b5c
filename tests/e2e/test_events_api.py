"""SPEC section 8 over HTTP: 202, 400, 401, 403, 413 and 422, all or nothing."""

import json
from collections.abc import Iterator

import httpx
import pytest

from tests.bodies import ACCOUNT, mail
from tests.e2e.server import Service

LIMIT = 5 * 1024 * 1024
TOO_LARGE = {
    "error": "The body is larger than 5 MiB (5,242,880 bytes): send fewer events per request."
}


def post(service: Service, headers: dict[str, str], content: bytes) -> httpx.Response:
    """POST raw bytes to the event API."""
    return service.http.post("/api/v1/events", content=content, headers=headers)


def stored(service: Service) -> int:
    """How many activities exist."""
    return len(service.admin("GET", "/activities").json()["activities"])


def test_a_batch_answers_accepted_and_duplicates(service: Service) -> None:
    """N + M is the batch size: new events and those stored before."""
    token = service.source()
    assert service.send(token, {"events": [mail("e1", "m1")]}).json() == {
        "accepted": 1,
        "duplicates": 0,
    }
    answer = service.send(token, {"events": [mail("e1", "m1"), mail("e2", "m2")]})
    assert (answer.status_code, answer.json()) == (202, {"accepted": 1, "duplicates": 1})


def test_bad_events_get_422_with_index_and_path_and_nothing_is_stored(service: Service) -> None:
    """One entry per problem names the event and the JSON path; the good event is not kept."""
    token = service.source()
    bad = mail("e2", "m2")
    del bad["data"]["message_id"]
    answer = service.send(token, {"events": [mail("e1", "m1"), bad, {"id": "e3"}]})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"index": 1, "path": "$.events[1].data.message_id", "message": "is required"},
        {"index": 2, "path": "$.events[2].type", "message": "is required"},
    ]
    assert answer.json()["error"] == (
        "Invalid events, nothing was accepted: $.events[1].data.message_id is required; "
        "$.events[2].type is required. Fix them and send again."
    )
    assert service.send(token, mail("e1", "m1")).json() == {"accepted": 1, "duplicates": 0}


def test_a_batch_must_hold_1_to_1000_events(service: Service) -> None:
    """An empty list and a list of 1,001 are refused as a whole, with no index."""
    token = service.source()
    for events in ([], [mail(f"e{n}", f"m{n}") for n in range(1001)]):
        answer = service.send(token, {"events": events})
        assert answer.status_code == 422
        assert answer.json()["errors"] == [
            {"index": None, "path": "$.events", "message": "must be a list of 1 to 1000 events"}
        ]
    assert stored(service) == 0


def test_a_body_that_is_not_json_gets_400(service: Service) -> None:
    """Broken JSON, an empty body and bytes that are not UTF-8 are each a 400."""
    token = service.source()
    answers = {
        b'{"id": "e1",': "The body is not JSON: Expecting property name enclosed in double "
        "quotes at line 1, column 13.",
        b"": 'The body is empty: send one event or {"events": [...]} as JSON.',
        b'{"id": "\xff"}': "The body is not JSON: it is not valid UTF-8.",
        b"[" * 100_000: "The body is not JSON that can be read: it is nested too deeply.",
    }
    for content, message in answers.items():
        answer = post(service, token, content)
        assert (answer.status_code, answer.json()) == (400, {"error": message})


def test_a_body_of_5_mib_is_read_and_one_byte_more_is_413(service: Service) -> None:
    """The limit is 5 MiB exactly, announced by Content-Length or counted as it streams."""
    token = service.source()
    event = json.dumps(mail("e1", "m1")).encode()
    exactly = event + b" " * (LIMIT - len(event))
    assert post(service, token, exactly).status_code == 202
    answer = post(service, token, exactly + b" ")
    assert (answer.status_code, answer.json()) == (413, TOO_LARGE)

    def chunks() -> Iterator[bytes]:
        yield event
        for _ in range(LIMIT // 65536 + 1):
            yield b" " * 65536

    streamed = service.http.post("/api/v1/events", content=chunks(), headers=token)
    assert (streamed.status_code, streamed.json()) == (413, TOO_LARGE)


def test_a_foreign_account_gets_403_and_nothing_is_stored(service: Service) -> None:
    """A source of one account cannot send another account's events, not even one of many."""
    token = service.source("acme")
    foreign = {**mail("e2", "m2"), "account": "globex"}
    answer = service.send(token, {"events": [mail("e1", "m1"), foreign]})
    assert answer.status_code == 403
    assert answer.json() == {
        "error": "Event 1 ('e2') is for account 'globex', but its source belongs to 'acme': "
        "send it with that account's source token."
    }
    assert stored(service) == 0


def test_the_account_may_be_named_or_left_out(service: Service) -> None:
    """An event naming its own source's account is accepted like one that names none."""
    token = service.source(ACCOUNT)
    answer = service.send(token, {**mail("e1", "m1"), "account": ACCOUNT})
    assert answer.status_code == 202


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"id": 10**400}, "$.id", "must be a string"),
        ({"id": ""}, "$.id", "must not be empty"),
        ({"id": "x" * 129}, "$.id", "must be at most 128 characters long"),
        ({"occurred_at": 1e308}, "$.occurred_at", "must be an RFC 3339 date-time string"),
        ({"occurred_at": "2026-11-25T10:00:00"}, "$.occurred_at", "must carry an offset"),
        ({"operator": []}, "$.operator", "must be an object"),
        ({"data": {"message_id": "m", "channel": "fax"}}, "$.data.channel", "must be 'mail'"),
        (
            {"data": {"message_id": "m", "channel": "mail", "subject": "\x00"}},
            "$.data.subject",
            "must not contain a NUL character",
        ),
        (
            {"data": {"message_id": "m", "channel": "mail", "subject": "\ud800"}},
            "$.data.subject",
            "must be valid Unicode",
        ),
        (
            {"data": {"message_id": "m", "channel": "mail", "broadcast": "true"}},
            "$.data.broadcast",
            "must be true or false",
        ),
        ({"type": "message.exploded"}, "$.type", "must be one of message.sent"),
    ],
)
def test_odd_values_are_refused_with_their_path(
    service: Service, change: dict[str, object], path: str, message: str
) -> None:
    """Huge numbers, odd Unicode and wrong types get 422 naming the path, never a 5xx."""
    token = service.source()
    content = json.dumps({**mail("e1", "m1"), **change}).encode()
    answer = post(service, token, content)
    assert answer.status_code == 422
    (problem,) = answer.json()["errors"]
    assert (problem["index"], problem["path"]) == (0, path)
    assert problem["message"].startswith(message)


def test_odd_but_valid_unicode_is_stored_as_sent(service: Service) -> None:
    """Emoji, combining marks and right-to-left text are accepted."""
    token = service.source()
    subject = "👩‍💻 é ‮RTL‬ 𠮷野家"
    answer = service.send(token, mail("e1", "m1", subject=subject))
    assert answer.status_code == 202
    (activity,) = service.admin("GET", "/activities").json()["activities"]
    assert activity["values"]["subject"] == subject


def test_json_that_is_not_an_object_is_422(service: Service) -> None:
    """A number, a string or a list is JSON, but not an event."""
    token = service.source()
    for content in (b"12", b'"event"', b"[]", b"null", b"NaN"):
        answer = post(service, token, content)
        assert answer.status_code == 422, content
        assert answer.json()["errors"] == [
            {"index": 0, "path": "$", "message": "must be a JSON object"}
        ]
