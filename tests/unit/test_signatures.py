"""SPEC section 12: a webhook is accepted only when signed with the secret, and recent."""

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticketrelay.rules.signatures import Verdict, chatwoot_valid, zendesk_valid

SECRET = "whsec-3f9a1c7e5b"
BODY = '{"event":"message_created","id":90001,"content":"小川様"}'.encode()
NOW = datetime(2026, 11, 25, 1, 0, 30, tzinfo=UTC)
CHATWOOT_TS = str(int(datetime(2026, 11, 25, 1, 0, tzinfo=UTC).timestamp()))
ZENDESK_TS = "2026-11-25T01:00:00Z"


def chatwoot_signature(
    timestamp: str = CHATWOOT_TS, body: bytes = BODY, secret: str = SECRET
) -> str:
    """What Chatwoot's lib/webhooks/trigger.rb sends: sha256= and the hex HMAC."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def zendesk_signature(timestamp: str = ZENDESK_TS, body: bytes = BODY, secret: str = SECRET) -> str:
    """What Zendesk sends: the base64 HMAC of the timestamp followed by the body."""
    mac = hmac.new(secret.encode(), timestamp.encode() + body, hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def test_a_chatwoot_delivery_signed_with_the_secret_is_valid() -> None:
    """The signature over `{timestamp}.{body}` and a timestamp within five minutes."""
    verdict = chatwoot_valid(SECRET, CHATWOOT_TS, BODY, chatwoot_signature(), NOW)
    assert verdict == Verdict()
    assert verdict.valid


def test_a_zendesk_delivery_signed_with_the_secret_is_valid() -> None:
    """The base64 signature over timestamp and body, with an ISO 8601 timestamp."""
    assert zendesk_valid(SECRET, ZENDESK_TS, BODY, zendesk_signature(), NOW).valid


def test_headers_with_surrounding_spaces_are_read() -> None:
    """Whitespace around a header's value is no part of it."""
    signature = f" {chatwoot_signature()} "
    assert chatwoot_valid(SECRET, f" {CHATWOOT_TS}\t", BODY, signature, NOW).valid


@pytest.mark.parametrize(
    "signature",
    [
        chatwoot_signature(secret="another-secret"),
        chatwoot_signature(body=BODY + b" "),
        chatwoot_signature(timestamp=str(int(CHATWOOT_TS) + 1)),
        chatwoot_signature().upper(),
        chatwoot_signature().removeprefix("sha256="),
        "sha256=" + "0" * 64,
        "sha256=" + "é" * 64,
        "x" * 100_000,
    ],
)
def test_a_wrong_chatwoot_signature_is_refused(signature: str) -> None:
    """Another secret, a changed body or timestamp, or anything else than the exact HMAC."""
    verdict = chatwoot_valid(SECRET, CHATWOOT_TS, BODY, signature, NOW)
    assert verdict.reason == "bad_signature"
    assert not verdict.valid


@pytest.mark.parametrize(
    "signature",
    [
        zendesk_signature(secret="another-secret"),
        zendesk_signature(body=b"{}"),
        zendesk_signature(timestamp="2026-11-25T01:00:01Z"),
        "",
    ],
)
def test_a_wrong_zendesk_signature_is_refused(signature: str) -> None:
    """Another secret, a changed body or timestamp: refused, or missing when empty."""
    verdict = zendesk_valid(SECRET, ZENDESK_TS, BODY, signature, NOW)
    assert verdict.reason == ("missing_signature" if not signature else "bad_signature")


def test_a_tampered_body_is_refused() -> None:
    """The signature covers every byte of the raw body."""
    tampered = BODY.replace("小川".encode(), "大川".encode())
    assert chatwoot_valid(SECRET, CHATWOOT_TS, tampered, chatwoot_signature(), NOW).reason == (
        "bad_signature"
    )


@pytest.mark.parametrize(("seconds", "signed"), [(-301, "00:55:29"), (301, "01:05:31")])
def test_a_timestamp_over_five_minutes_away_is_stale(seconds: int, signed: str) -> None:
    """Old deliveries (replays) and ones from the future (a clock that is off) both."""
    timestamp = str(int(NOW.timestamp()) + seconds)
    verdict = chatwoot_valid(SECRET, timestamp, BODY, chatwoot_signature(timestamp), NOW)
    assert verdict.reason == "stale_timestamp"
    assert f"signed at 2026-11-25T{signed}+00:00" in verdict.detail


@pytest.mark.parametrize("seconds", [-300, 300])
def test_five_minutes_either_way_is_still_recent(seconds: int) -> None:
    """The window is inclusive."""
    timestamp = str(int(NOW.timestamp()) + seconds)
    assert chatwoot_valid(SECRET, timestamp, BODY, chatwoot_signature(timestamp), NOW).valid


def test_the_window_can_be_set() -> None:
    """A receiver may allow more or less than five minutes."""
    timestamp = "2026-11-25T00:30:00Z"
    signature = zendesk_signature(timestamp)
    assert zendesk_valid(SECRET, timestamp, BODY, signature, NOW).reason == "stale_timestamp"
    assert zendesk_valid(SECRET, timestamp, BODY, signature, NOW, timedelta(hours=1)).valid


def test_a_wrong_signature_is_said_before_an_old_timestamp() -> None:
    """`stale_timestamp` only ever describes a delivery signed with the secret."""
    timestamp = str(int(CHATWOOT_TS) - 3600)
    verdict = chatwoot_valid(SECRET, timestamp, BODY, chatwoot_signature(secret="x"), NOW)
    assert verdict.reason == "bad_signature"


def test_a_naive_now_is_taken_as_utc() -> None:
    """A clock without a time zone is not a crash."""
    naive = NOW.replace(tzinfo=None)
    assert chatwoot_valid(SECRET, CHATWOOT_TS, BODY, chatwoot_signature(), naive).valid


@pytest.mark.parametrize(
    ("timestamp", "signature", "detail"),
    [
        (CHATWOOT_TS, None, "signature header is missing"),
        (CHATWOOT_TS, "  ", "signature header is missing"),
        (None, chatwoot_signature(), "timestamp header is missing"),
        ("", chatwoot_signature(), "timestamp header is missing"),
    ],
)
def test_missing_headers_are_refused(
    timestamp: str | None, signature: str | None, detail: str
) -> None:
    """Anything unsigned is refused, and the verdict says which header is missing."""
    verdict = chatwoot_valid(SECRET, timestamp, BODY, signature, NOW)
    assert verdict.reason == "missing_signature"
    assert detail in verdict.detail


def test_a_source_without_a_secret_verifies_nothing() -> None:
    """An empty secret would let anyone sign; no delivery is valid then."""
    verdict = chatwoot_valid("", CHATWOOT_TS, BODY, chatwoot_signature(secret=""), NOW)
    assert verdict.reason == "bad_signature"
    assert "no signing secret" in verdict.detail


@pytest.mark.parametrize(
    "timestamp",
    ["2026-11-25T01:00:00Z", "-1", "1.5", "１７９５５６８４００", "9" * 13, "9" * 12],
)
def test_a_chatwoot_timestamp_that_is_no_unix_time_is_bad(timestamp: str) -> None:
    """Chatwoot sends whole Unix seconds; other forms, or years past 9999, are refused."""
    verdict = chatwoot_valid(SECRET, timestamp, BODY, chatwoot_signature(timestamp), NOW)
    assert verdict.reason == "bad_timestamp"


@pytest.mark.parametrize("timestamp", ["1795568400", "2026-11-25T01:00:00", "2026-13-25T01:00:00Z"])
def test_a_zendesk_timestamp_that_is_no_iso_time_is_bad(timestamp: str) -> None:
    """Zendesk sends ISO 8601 with an offset."""
    verdict = zendesk_valid(SECRET, timestamp, BODY, zendesk_signature(timestamp), NOW)
    assert verdict.reason == "bad_timestamp"
    assert timestamp[:10] in verdict.detail


def test_secrets_and_headers_beyond_ascii_are_no_crash() -> None:
    """A Japanese or broken secret, and bytes no header should hold, give a verdict."""
    secret = "秘密\ud800"
    assert not chatwoot_valid(secret, CHATWOOT_TS, BODY, "sha256=\udcff", NOW).valid
    assert not zendesk_valid(secret, "2026-11-25T01:00:00\udcffZ", BODY, "署名", NOW).valid


@given(st.text(), st.text(), st.binary(), st.one_of(st.none(), st.text()), st.datetimes())
def test_any_input_gets_a_verdict(
    secret: str, timestamp: str, body: bytes, signature: str | None, now: datetime
) -> None:
    """Nothing a client sends makes the check raise."""
    for check in (chatwoot_valid, zendesk_valid):
        verdict = check(secret, timestamp, body, signature, now)
        assert verdict.valid == (verdict.reason is None)
