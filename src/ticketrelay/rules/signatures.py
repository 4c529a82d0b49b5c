"""Whether a helpdesk's webhook delivery is authentic (SPEC section 12): signed and recent.

Both checks take the headers as the receiver got them (`None` or `""` when absent), the raw
body, the source's secret and `now`, and give a `Verdict`; they never raise, whatever the
input. The order of the checks is: headers present, timestamp readable, signature right
(compared in constant time), timestamp within `window` of `now` on either side. So
`stale_timestamp` is only ever said of a delivery that was signed with the secret: a replay,
or a clock that is off.

- Chatwoot (`lib/webhooks/trigger.rb`, sources.md): `X-Chatwoot-Signature` is `sha256=` and
  the hex HMAC-SHA256 of `"{X-Chatwoot-Timestamp}.{raw body}"`; the timestamp is Unix seconds.
- Zendesk ("Verifying webhook authenticity", developer.zendesk.com):
  `X-Zendesk-Webhook-Signature` is the base64 HMAC-SHA256 of the timestamp followed directly
  by the raw body; `X-Zendesk-Webhook-Signature-Timestamp` is ISO 8601, such as
  `2021-03-25T05:09:27Z` ("Anatomy of a webhook request").
"""

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from ticketrelay.rules.scalars import parse_time

DEFAULT_WINDOW = timedelta(minutes=5)
SignatureReason = Literal["missing_signature", "bad_timestamp", "bad_signature", "stale_timestamp"]

_UNIX_SECONDS = re.compile(r"[0-9]{1,12}")
_SHOWN = 40


@dataclass(frozen=True, kw_only=True)
class Verdict:
    """The outcome of a check: valid, or the reason it is not and a sentence saying so."""

    reason: SignatureReason | None = None
    detail: str = ""

    @property
    def valid(self) -> bool:
        """Whether the delivery is authentic and recent."""
        return self.reason is None


VALID = Verdict()


def chatwoot_valid(
    secret: str,
    timestamp: str | None,
    body: bytes,
    signature_header: str | None,
    now: datetime,
    window: timedelta = DEFAULT_WINDOW,
) -> Verdict:
    """Check a Chatwoot delivery: `X-Chatwoot-Timestamp` and `X-Chatwoot-Signature`."""
    headers = _headers(secret, timestamp, signature_header, "X-Chatwoot")
    if isinstance(headers, Verdict):
        return headers
    stamp, signature = headers
    sent_at = _unix_time(stamp)
    if sent_at is None:
        return _bad_timestamp(stamp, "Unix seconds, such as 1714557600")
    digest = hmac.new(_key(secret), stamp.encode("ascii") + b"." + body, hashlib.sha256)
    return _compare(f"sha256={digest.hexdigest()}", signature, sent_at, now, window)


def zendesk_valid(
    secret: str,
    timestamp: str | None,
    body: bytes,
    signature_header: str | None,
    now: datetime,
    window: timedelta = DEFAULT_WINDOW,
) -> Verdict:
    """Check a Zendesk delivery: `X-Zendesk-Webhook-Signature` and its `-Timestamp`."""
    headers = _headers(secret, timestamp, signature_header, "X-Zendesk-Webhook")
    if isinstance(headers, Verdict):
        return headers
    stamp, signature = headers
    sent_at = _iso_time(stamp)
    if sent_at is None:
        return _bad_timestamp(stamp, "an ISO 8601 time, such as 2021-03-25T05:09:27Z")
    digest = hmac.new(_key(secret), stamp.encode("ascii") + body, hashlib.sha256).digest()
    return _compare(base64.b64encode(digest).decode("ascii"), signature, sent_at, now, window)


def _headers(
    secret: str, timestamp: str | None, signature: str | None, prefix: str
) -> tuple[str, str] | Verdict:
    """The timestamp and signature headers, stripped, or why they cannot be checked."""
    stamp, given = (timestamp or "").strip(), (signature or "").strip()
    if not secret:
        detail = "the source has no signing secret, so no delivery can be verified"
        return Verdict(reason="bad_signature", detail=detail)
    if not given:
        return Verdict(
            reason="missing_signature", detail=f"the {prefix} signature header is missing"
        )
    if not stamp:
        return Verdict(
            reason="missing_signature", detail=f"the {prefix} timestamp header is missing"
        )
    return stamp, given


def _key(secret: str) -> bytes:
    return secret.encode("utf-8", "surrogatepass")


def _unix_time(text: str) -> datetime | None:
    if _UNIX_SECONDS.fullmatch(text) is None:
        return None
    try:
        return datetime.fromtimestamp(int(text), UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _iso_time(text: str) -> datetime | None:
    try:
        return parse_time(text)
    except ValueError:
        return None


def _bad_timestamp(timestamp: str, expected: str) -> Verdict:
    shown = timestamp[:_SHOWN].encode("unicode_escape").decode("ascii")
    return Verdict(reason="bad_timestamp", detail=f"the timestamp {shown!r} is not {expected}")


def _compare(
    expected: str, header: str, sent_at: datetime, now: datetime, window: timedelta
) -> Verdict:
    # Bytes, because compare_digest refuses str holding anything but ASCII.
    given = header.encode("utf-8", "replace")
    if not hmac.compare_digest(expected.encode("ascii"), given):
        return Verdict(reason="bad_signature", detail="the signature does not match the body")
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    if abs(now - sent_at) > window:
        return Verdict(
            reason="stale_timestamp",
            detail=f"the delivery was signed at {sent_at.isoformat()}, more than "
            f"{window} away from now ({now.astimezone(UTC).isoformat()})",
        )
    return VALID
