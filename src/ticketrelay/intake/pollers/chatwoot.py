"""The filler of Chatwoot's gaps: messages whose webhook never came, read from its API.

    poll_chatwoot   the account (GET /api/v1/profile, on the first poll)
                    → conversations, most recently active first (GET .../conversations)
                    → the messages of those the plan needs (GET .../{display_id}/messages)
                    → `rules.chatwoot_api.message_created` → `hook_outcomes.translate`

Chatwoot sends each webhook once (sources.md). With an API access token in the source's
settings, a poll every 5 minutes reads the conversations active since the last one and
turns their messages into the events their webhooks make, with the same IDs, so that a
message whose webhook came is not stored twice; `rules.chatwoot_api.plan` says what to
read. A poll makes at most 20 requests. One that runs out keeps in its cursor what is left
and the page it stopped on, and comes again a minute later, going on from that page. 401
pauses the poll until a new token is set; any other failure (429, 5xx, no answer) fails
this poll alone, to be tried again later.
"""

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import httpx

from ticketrelay.errors import RetryLater
from ticketrelay.intake.hook_outcomes import translate
from ticketrelay.intake.polling import PollContext, Polled, PollRefused, reachable
from ticketrelay.model import Source
from ticketrelay.rules import chatwoot_api
from ticketrelay.rules.chat_sessions import ChatInput
from ticketrelay.rules.chatwoot_api import Plan, Record, UnexpectedAnswer

log = logging.getLogger(__name__)
OWN_DOMAINS = ("chatwoot.com",)
MAX_REQUESTS = 20
AGAIN_IN = timedelta(minutes=5)
CATCH_UP_IN = timedelta(minutes=1)
# ConversationFinder: every status, most recently active first.
LISTING = {"status": "all", "assignee_type": "all", "sort_by": "last_activity_at_desc"}


class _Spent(Exception):
    """The poll has made every request it may."""


class _Chatwoot:
    """One Chatwoot install's API, as one poll reads it, request by counted request."""

    def __init__(self, context: PollContext, base: str) -> None:
        self.http, self.base = context.http, base
        self.headers = {"api_access_token": context.secret.reveal(), "Accept": "application/json"}
        self.left = MAX_REQUESTS

    async def get(self, path: str, params: Mapping[str, str], *, keep: int = 0) -> object:
        """The JSON of a GET, keeping `keep` requests back; None for 404; else the exception
        that says what the poll does next."""
        if self.left <= keep:
            raise _Spent
        self.left -= 1
        try:
            answer = await self.http.get(self.base + path, params=params, headers=self.headers)
        except httpx.HTTPError as exc:
            raise RetryLater(
                f"Chatwoot at {self.base} did not answer GET {path} ({type(exc).__name__}); "
                "the poll is tried again later."
            ) from exc
        if answer.status_code == 401:
            raise PollRefused(
                f"Chatwoot at {self.base} refused the API access token (401 to GET {path}): it "
                "is wrong or was reset, belongs to an agent bot, or its user left the account. "
                "Set the access token of an administrator (Chatwoot › Profile settings › Access "
                "Token) on this source to fill gaps in its webhooks again."
            )
        if answer.status_code == 404:
            return None
        if answer.is_error:
            raise RetryLater(
                f"Chatwoot at {self.base} answered {answer.status_code} to GET {path}; "
                "the poll is tried again later."
            )
        try:
            return answer.json()
        except ValueError as exc:
            raise UnexpectedAnswer(
                f"Chatwoot at {self.base} answered GET {path} with no JSON; is the source's "
                "base_url Chatwoot's own URL? The poll is tried again later."
            ) from exc


async def poll_chatwoot(context: PollContext) -> Polled:
    """Fill in what Chatwoot's API holds and its webhooks did not bring."""
    base_url = str(context.source.settings.get("base_url", ""))
    chatwoot = _Chatwoot(context, reachable(base_url, OWN_DOMAINS, context.allowed_hosts))
    account = await _account(chatwoot, context.cursor)
    plan = chatwoot_api.plan(context.cursor, context.now)
    filler = _Filler(chatwoot, context.source, account, plan)
    stopped = await filler.run()
    if stopped is not None:
        log.info("Source %d's filler catches up below %s", context.source.id, stopped)
    return Polled(
        cursor=plan.cursor(account, stopped, filler.read),
        again_in=AGAIN_IN if stopped is None else CATCH_UP_IN,
        events=tuple(filler.events),
        chat=tuple(filler.chat),
    )


async def _account(chatwoot: _Chatwoot, cursor: Mapping[str, Any]) -> int:
    """The Chatwoot account of the cursor, else the one account of the token's user."""
    known = cursor.get("account_id")
    if isinstance(known, int):
        return known
    accounts = chatwoot_api.profile_accounts(await chatwoot.get("/api/v1/profile", {}))
    if len(accounts) == 1:
        return accounts[0]
    listed = ", ".join(map(str, accounts)) or "none"
    raise PollRefused(
        f"The user of this API access token belongs to {len(accounts)} Chatwoot accounts "
        f"({listed}), so ticketrelay cannot tell which one this source's webhooks come from. "
        "Set the access token of a user of that one account alone to fill gaps again."
    )


class _Filler:
    """One poll's reading: what it found, the conversations it read in full (by display ID,
    when last active), and where it got to."""

    def __init__(self, chatwoot: _Chatwoot, source: Source, account: int, plan: Plan) -> None:
        self.chatwoot, self.source, self.plan = chatwoot, source, plan
        self.path = f"/api/v1/accounts/{account}/conversations"
        self.agents = f"/api/v1/accounts/{account}/agents"
        self.events: list[dict[str, Any]] = []
        self.chat: list[ChatInput] = []
        self.read: dict[int, int] = {}
        self.emails: dict[int, str] | None = None
        # Everything last active after `reached[0]` is read; the rest from page `reached[1]` on.
        self.reached = (plan.recent.end, 1)
        self.keep = 1
        self.per_page = 0
        self.last_page = False

    async def run(self) -> tuple[int, int] | None:
        """Read what the plan needs; None when all of it, else where it stopped."""
        # What was below a stop and becomes active meanwhile is above the next poll's floor.
        try:
            if await self._walk() > 1:
                # One that became active while later pages were read is on page 1 now,
                # with messages in the plan's spans unread; the walk kept a request for it.
                self.keep = 0
                await self._fill(1, await self._list(1))
        except _Spent:
            return self.reached
        return None

    async def _walk(self) -> int:
        """Read page after page down to the plan's floor; the last page read."""
        page, listed = 1, await self._list(1)
        while await self._fill(page, listed):
            page, listed = await self._next(page, listed)
        return page

    async def _next(self, page: int, listed: list[Record]) -> tuple[int, list[Record]]:
        """The next page, or the one the last poll stopped on when all between is read."""
        target = page + 1
        if self.plan.skipped(chatwoot_api.active_at(listed[-1])):
            target = max(target, self.plan.resume)
        found = await self._list(target)
        # Conversations active since then moved the rest up: step back till none is missed.
        while target > page + 1 and not (
            found and self.plan.above_pending(chatwoot_api.active_at(found[0]))
        ):
            target -= 1
            found = await self._list(target)
        return target, found

    async def _list(self, page: int) -> list[Record]:
        params = {**LISTING, "page": str(page)}
        answer = await self.chatwoot.get(self.path, params, keep=self.keep)
        found = chatwoot_api.conversation_page(answer)
        self.per_page = self.per_page or len(found)
        listed = (page - 1) * self.per_page + len(found)
        self.last_page = chatwoot_api.listed_all(answer, listed)
        return found

    async def _fill(self, page: int, conversations: list[Record]) -> bool:
        """Fill one page's conversations; whether the next page may hold more to read."""
        for conversation in conversations:
            if chatwoot_api.active_at(conversation) <= self.plan.floor:
                return False
            await self._conversation(page, conversation)
        return bool(conversations) and not self.last_page

    async def _conversation(self, page: int, conversation: Record) -> None:
        """Fill a conversation's unread messages, unless the plan needs none or it is read."""
        at, display_id = chatwoot_api.active_at(conversation), conversation["id"]
        spans = self.plan.spans(at)
        if self.plan.skipped(at) and self.plan.pending is not None:
            pending = (self.plan.pending.end, self.plan.resume)
            self.reached = min(self.reached, pending)
        if not spans or display_id in self.read or self.plan.unchanged(display_id, at):
            return
        self.reached = (at, page)
        messages = await self._messages(display_id, min(span.start for span in spans))
        found = chatwoot_api.unread(messages, spans)
        if self.emails is None and any(map(chatwoot_api.sent_by_user, found)):
            answer = await self.chatwoot.get(self.agents, {}, keep=self.keep)
            self.emails = chatwoot_api.agent_emails(answer)
        for message in found:
            payload = chatwoot_api.message_created(conversation, message, self.emails or {})
            translation = translate(self.source, payload)
            self.events += translation.events
            if translation.chat is not None:
                self.chat.append(translation.chat)
        self.read[display_id] = at

    async def _messages(self, display_id: int, floor: int) -> list[Record]:
        """The conversation's messages back to `floor` at least; none if it is gone."""
        path = f"{self.path}/{display_id}/messages"
        params: dict[str, str] = {}
        found: list[Record] = []
        while (answer := await self.chatwoot.get(path, params, keep=self.keep)) is not None:
            page = chatwoot_api.message_page(answer)
            found += page
            older = chatwoot_api.before(page, floor)
            if older is None:
                break
            params = {"before": str(older)}
        return found
