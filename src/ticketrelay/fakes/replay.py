"""Fake traffic posted to a webhook URL, signed as the helpdesk signs it, and what came back.

`replay` posts each delivery once, as Chatwoot and Zendesk do (neither retries an account
webhook), signed at the moment it is sent, at most `Pace.per_second` a second, and sums up
the answers in a `Summary`: HTTP status codes, and what the receiver said of each delivery
(`{"duplicate": bool, "status": str}`). Failures, split by what the caller does next:

    TicketRelayError
    ├── RetryLater
    │   └── Unreachable     nothing answers at the URL: start ticketrelay, or fix --url
    └── ActionRequired
        └── ReplayFailed    the URL is no http(s) URL, or deliveries were refused or failed

A refused or failed delivery is counted, not raised: `Summary.ok` and `Summary.problem` say
what went wrong, for the caller to raise `ReplayFailed` with.
"""

import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from ticketrelay.errors import ActionRequired, RetryLater
from ticketrelay.fakes import chatwoot, zendesk
from ticketrelay.fakes.stream import Delivery
from ticketrelay.fakes.traffic import Helpdesk

Sign = Callable[[str, bytes, str, datetime], dict[str, str]]
SIGNERS: dict[Helpdesk, Sign] = {"chatwoot": chatwoot.sign, "zendesk": zendesk.sign}
# Chatwoot gives a webhook 5 seconds (lib/webhooks/trigger.rb).
TIMEOUT_SECONDS = 5.0
_NAMES = {"chatwoot": "Chatwoot", "zendesk": "Zendesk"}


class Unreachable(RetryLater):
    """Nothing answers at the URL."""


class ReplayFailed(ActionRequired):
    """The URL is no http(s) URL, or the receiver refused or failed deliveries."""


@dataclass(frozen=True, kw_only=True)
class Pace:
    """At most `per_second` deliveries a second; the clock and the sleep can be passed in."""

    per_second: float
    sleep: Callable[[float], None] = time.sleep
    monotonic: Callable[[], float] = time.monotonic

    def wait(self, begun: float, index: int) -> None:
        """Wait until delivery `index` of a replay that began at `begun` is due."""
        delay = begun + index / self.per_second - self.monotonic()
        if delay > 0:
            self.sleep(delay)


@dataclass(frozen=True, kw_only=True)
class Summary:
    """What a replay sent, and what came back."""

    helpdesk: Helpdesk
    url: str
    sent: int
    codes: Mapping[int, int] = field(default_factory=dict)
    statuses: Mapping[str, int] = field(default_factory=dict)
    duplicates: int = 0
    unanswered: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether every delivery was answered, and every answer was a 2xx."""
        return self.unanswered == 0 and all(200 <= code < 300 for code in self.codes)

    def lines(self) -> list[str]:
        """The summary as lines for a person."""
        answers = [f"HTTP {code}: {count}" for code, count in sorted(self.codes.items())]
        if self.unanswered:
            answers.append(f"no answer: {self.unanswered}")
        said = [f"{status} {count}" for status, count in sorted(self.statuses.items())]
        name = _NAMES[self.helpdesk]
        return [
            f"Sent {self.sent} {name} deliveries to {self.url} in {self.seconds:.1f} s.",
            f"  answers:  {', '.join(answers) or 'none'}",
            f"  receiver: {', '.join([*said, f'duplicate {self.duplicates}'])}",
        ]

    def problem(self) -> str:
        """One sentence on what went wrong; empty when nothing did."""
        failed = {code: count for code, count in sorted(self.codes.items()) if code >= 300}
        parts = [f"{count} answered HTTP {code}" for code, count in failed.items()]
        if self.unanswered:
            parts.append(f"{self.unanswered} got no answer within {TIMEOUT_SECONDS:g} s")
        if not parts:
            return ""
        return f"Of {self.sent} deliveries, {' and '.join(parts)}{_advice(self, failed)}"


def replay(
    deliveries: Sequence[Delivery],
    *,
    helpdesk: Helpdesk,
    url: str,
    secret: str,
    client: httpx.Client,
    pace: Pace | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Post every delivery to `url`, signed with `secret`; raise `Unreachable` if none can be."""
    sign, tally, begun = SIGNERS[helpdesk], _Tally(), time.monotonic()
    paced_from = 0.0 if pace is None else pace.monotonic()
    for index, delivery in enumerate(deliveries):
        if pace is not None:
            pace.wait(paced_from, index)
        headers = sign(secret, delivery.body, delivery.delivery_id, clock())
        tally.add(_post(client, url, delivery.body, headers, index))
        if progress is not None:
            progress(index + 1, len(deliveries))
    return Summary(
        helpdesk=helpdesk,
        url=url,
        sent=len(deliveries),
        codes=dict(tally.codes),
        statuses=dict(tally.statuses),
        duplicates=tally.duplicates,
        unanswered=tally.unanswered,
        seconds=time.monotonic() - begun,
    )


class _Tally:
    """The answers counted so far."""

    def __init__(self) -> None:
        self.codes, self.statuses = Counter[int](), Counter[str]()
        self.duplicates = self.unanswered = 0

    def add(self, response: httpx.Response | None) -> None:
        """Count one answer, or its absence."""
        if response is None:
            self.unanswered += 1
            return
        self.codes[response.status_code] += 1
        duplicate, status = _answer(response)
        self.duplicates += duplicate
        if response.is_success and not duplicate:
            self.statuses[status] += 1


def _post(
    client: httpx.Client, url: str, body: bytes, headers: dict[str, str], index: int
) -> httpx.Response | None:
    """The answer to one delivery; None when it got none (a timeout, a dropped connection)."""
    try:
        return client.post(url, content=body, headers=headers)
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        after = f" after {index} deliveries" if index else ""
        raise Unreachable(
            f"Cannot reach {url}{after}: {exc or type(exc).__name__}. Check --url (the "
            "source's webhook_url) and that ticketrelay is running there."
        ) from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise ReplayFailed(f"{url!r} is not an http(s) URL: {exc}.") from exc
    except httpx.TransportError:
        return None


def _answer(response: httpx.Response) -> tuple[bool, str]:
    """Whether the receiver called the delivery a duplicate, and the status it gave."""
    try:
        said = response.json()
    except ValueError:
        return False, "unreadable"
    if not isinstance(said, dict):
        return False, "unreadable"
    status = said.get("status")
    return said.get("duplicate") is True, status if isinstance(status, str) else "none"


def _advice(summary: Summary, failed: Mapping[int, int]) -> str:
    if 401 in failed:
        name = _NAMES[summary.helpdesk]
        return (
            f": the signature did not verify, or the URL names no live {name} source. "
            "Check --secret (the secret the source was created with) and --url (its webhook_url)."
        )
    if any(code >= 500 for code in failed) or summary.unanswered:
        return ": the receiver failed; see its log."
    return "."
