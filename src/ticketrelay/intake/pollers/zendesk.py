"""Zendesk Talk's calls, read from Talk's incremental calls export (SPEC section 12).

    poll_zendesk   the export from the cursor's start time (up to 3 pages)
                   → the users and tickets of those calls (`show_many`, 100 IDs a request)
                   → `rules.zendesk_talk.call_events` per call → `Polled`

It reads with the source's agent e-mail and API token (HTTP Basic `{email}/token:{token}`)
from `https://{subdomain}.zendesk.com`, or the source's `api_base_url` where one is set (a
host of TICKETRELAY_SOURCE_HOSTS, such as a local fake). Talk answers 10 export requests a
minute (developer.zendesk.com, "Incremental Exports"): a poll makes at most 3 and the next
comes a minute later. A 429 is Zendesk saying "later", not a failure: the poll keeps the
export's pages read before it (a 429 anywhere else keeps the cursor as it was) and waits as
long as `Retry-After` says, a minute at least; a failure would back off from 30 seconds,
sooner than Zendesk asks. 401 and 403 pause the poll until a person sets a new credential;
anything else fails this poll, and it is tried again later.
"""

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx

from ticketrelay.errors import RetryLater
from ticketrelay.intake.polling import PollContext, Polled, PollRefused, reachable
from ticketrelay.rules.translation import Payload
from ticketrelay.rules.zendesk_talk import TalkSettings, call_events, read_page, start_time

log = logging.getLogger(__name__)
OWN_DOMAINS = ("zendesk.com",)
EXPORT = "/api/v2/channels/voice/stats/incremental/calls"
MAX_PAGES = 3
SHOW_MANY = 100
AGAIN_IN = timedelta(minutes=1)
ACCEPT = {"Accept": "application/json"}


class _Throttled(Exception):
    """Zendesk answered 429: ask again after `wait`."""

    def __init__(self, wait: timedelta) -> None:
        super().__init__(f"throttled for {wait}")
        self.wait = wait


@dataclass(frozen=True, kw_only=True)
class _Zendesk:
    """One Zendesk account's API, as one poll reads it."""

    http: httpx.AsyncClient
    base: str
    email: str
    auth: httpx.BasicAuth

    async def get(self, path: str, params: Mapping[str, str]) -> object:
        """The JSON of a GET, or the exception that says what the poll does next."""
        try:
            answer = await self.http.get(
                self.base + path, params=params, auth=self.auth, headers=ACCEPT
            )
        except httpx.HTTPError as exc:
            raise RetryLater(
                f"Zendesk did not answer GET {path} at {self.base} ({exc!r}); "
                "the poll is tried again later."
            ) from exc
        self._check(answer, path)
        try:
            return answer.json()
        except ValueError as exc:
            raise RetryLater(
                f"Zendesk answered GET {path} with no JSON; tried again later."
            ) from exc

    def _check(self, answer: httpx.Response, path: str) -> None:
        if answer.status_code == 401:
            raise PollRefused(
                f"Zendesk refused the API token of {self.email} at {self.base} (401): it is "
                "wrong or was deleted, or token access is off. Create an API token in Zendesk "
                "Admin Center (Apps and integrations > APIs > API tokens) and set it on this "
                "source to poll again."
            )
        if answer.status_code == 403:
            raise PollRefused(
                f"Zendesk does not let {self.email} read {path} (403): Talk's call export needs "
                "an admin, or an agent who may manage channels. Set such a user's e-mail and "
                "API token on this source to poll again."
            )
        if answer.status_code == 429:
            raise _Throttled(_retry_after(answer.headers.get("Retry-After", "")))
        if answer.is_error:
            raise RetryLater(
                f"Zendesk answered {answer.status_code} to GET {path}; tried again later."
            )


def _retry_after(header: str) -> timedelta:
    seconds = int(header) if header.strip().isdigit() else 0
    return max(AGAIN_IN, timedelta(seconds=min(seconds, 3600)))


async def poll_zendesk(context: PollContext) -> Polled:
    """Read the calls Talk finished since the cursor, as `call.ended` and memo events."""
    zendesk = _connect(context)
    start = start_time(context.cursor, context.source.created_at, context.now)
    try:
        calls, start, wait = await _read_calls(zendesk, start)
        users = await _show_many(zendesk, "users", _ids(calls, "agent_id"))
        tickets = await _show_many(zendesk, "tickets", _ids(calls, "ticket_id"))
    except _Throttled as exc:
        log.info("Zendesk throttles source %d's poll for %s", context.source.id, exc.wait)
        return Polled(cursor=dict(context.cursor), again_in=exc.wait)
    subdomain = str(context.source.settings.get("subdomain", ""))
    settings = TalkSettings(account=context.source.account, subdomain=subdomain)
    events: list[dict[str, Any]] = []
    for call in calls:
        made = call_events(call, users, tickets, settings)
        if made.skipped:
            log.info("Source %d: %s", context.source.id, made.skipped)
        events += made.events
    return Polled(cursor={"start_time": start}, again_in=wait, events=tuple(events))


def _connect(context: PollContext) -> _Zendesk:
    settings = context.source.settings
    email = settings.get("api_email")
    if not isinstance(email, str) or not email:
        raise PollRefused(
            "This Zendesk source has an API token but no api_email: set the e-mail of the "
            "user whose token it is to poll Talk's calls."
        )
    given = settings.get("api_base_url") or f"https://{settings.get('subdomain')}.zendesk.com"
    base = reachable(str(given), OWN_DOMAINS, context.allowed_hosts)
    auth = httpx.BasicAuth(f"{email}/token", context.secret.reveal())
    return _Zendesk(http=context.http, base=base, email=email, auth=auth)


async def _read_calls(
    zendesk: _Zendesk, start: int
) -> tuple[list[Mapping[str, Any]], int, timedelta]:
    """The calls of up to `MAX_PAGES` pages (the latest version of each), the next start, the
    wait; a 429 after the first page ends the reading there."""
    calls: dict[object, Mapping[str, Any]] = {}
    for read in range(MAX_PAGES):
        try:
            body = await zendesk.get(EXPORT, {"start_time": str(start)})
        except _Throttled as exc:
            if read == 0:
                raise
            return list(calls.values()), start, exc.wait
        page = read_page(body, start)
        calls.update((call.get("id"), call) for call in page.calls)
        start = page.next_start
        if not page.more:
            break
    return list(calls.values()), start, AGAIN_IN


async def _show_many(zendesk: _Zendesk, kind: str, ids: list[int]) -> dict[int, Mapping[str, Any]]:
    """The users or tickets of these IDs that Zendesk has, by ID."""
    found: dict[int, Mapping[str, Any]] = {}
    for first in range(0, len(ids), SHOW_MANY):
        chunk = ",".join(str(i) for i in ids[first : first + SHOW_MANY])
        items = Payload(await zendesk.get(f"/api/v2/{kind}/show_many", {"ids": chunk})).value(kind)
        for item in items if isinstance(items, list) else ():
            if isinstance(item, Mapping) and isinstance(item.get("id"), int):
                found[item["id"]] = item
    return found


def _ids(calls: Iterable[Mapping[str, Any]], key: str) -> list[int]:
    found = (call.get(key) for call in calls)
    return sorted({i for i in found if isinstance(i, int) and not isinstance(i, bool) and i > 0})
