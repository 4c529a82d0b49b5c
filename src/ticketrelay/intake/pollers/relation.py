"""Re:lation read through its API (SPEC section 12): its message boxes, a poll at a time.

    poll_relation   per message box: the tickets due to be read again, then the pages of
                    the search pass in progress (`rules.relation_cursor`) → each ticket
                    changed, with its chats' conversations → `rules.relation.ticket_events`

A poll spends at most `requests_per_minute × poll_seconds / 60` requests, and the next one
comes `poll_seconds` later, so the source keeps to its budget a minute whatever the backlog
(a backfill from an early `since` takes as many polls as it needs). A box's cursor moves
only past pages whose every ticket was read; a poll that runs out of requests keeps the
events it made and the cursor from before the unfinished page, which the next poll reads
again (the events' IDs derive from Re:lation's, so nothing doubles).
"""

import logging
from datetime import datetime, timedelta
from typing import Any

from ticketrelay.intake.pollers.relation_api import Gone, OutOfBudget, RelationApi
from ticketrelay.intake.polling import PollContext, Polled, reachable
from ticketrelay.rules import relation_cursor as cursors
from ticketrelay.rules.channels import CallKind
from ticketrelay.rules.relation import RelationSettings, chat_reads, ticket_events
from ticketrelay.rules.relation_answers import Operator, read_users
from ticketrelay.rules.scalars import parse_time

log = logging.getLogger(__name__)
OWN_DOMAINS = ("relationapp.jp",)
USERS_PER_PAGE = 100
# A users list that never runs out (one that ignores `page`) stops here: 5,000 users.
MAX_USER_PAGES = 50


class _Poll:
    """One poll of one source: its settings, its API client, what it has found so far."""

    def __init__(self, context: PollContext) -> None:
        settings = context.source.settings
        self.now = context.now
        self.since = parse_time(str(settings["since"]))
        self.boxes = [int(box) for box in settings["message_boxes"]]
        self.poll_seconds = int(settings.get("poll_seconds", 60))
        rate = int(settings.get("requests_per_minute", 20))
        base = reachable(str(settings["base_url"]), OWN_DOMAINS, context.allowed_hosts)
        self.api = RelationApi(
            http=context.http,
            base=base,
            token=context.secret.reveal(),
            budget=max(1, rate * self.poll_seconds // 60),
            now=self.now,
        )
        call_kind: CallKind | None = settings.get("call_kind")
        self.rules = RelationSettings(
            account=context.source.account, base_url=base, call_kind=call_kind
        )
        self.cursor: dict[str, Any] = {"boxes": dict(context.cursor.get("boxes", {}))}
        self.events: list[dict[str, Any]] = []
        self.users: dict[str, Operator] | None = None

    async def run(self) -> Polled:
        """Read every box as far as the budget goes."""
        again = timedelta(seconds=self.poll_seconds)
        try:
            for box in self.boxes:
                await self._readable_box(box)
        except OutOfBudget as exc:
            again = max(again, exc.wait)
        again = max(again, self.api.wait)
        return Polled(cursor=self.cursor, again_in=again, events=tuple(self.events))

    async def _readable_box(self, box: int) -> None:
        """Read a box; one Re:lation no longer has is skipped, so the others are still read."""
        try:
            await self._box(box)
        except Gone:
            log.warning("Re:lation has no message box %d any more; it is skipped", box)

    async def _box(self, box: int) -> None:
        key = str(box)
        cursor = self.cursor["boxes"].get(key, {})
        for ticket_id in cursors.due(cursor, since=self.since, now=self.now):
            at = await self._ticket(box, ticket_id)
            cursor = cursors.read_again(cursor, ticket_id, at, since=self.since)
            self.cursor["boxes"][key] = cursor
        more = True
        while more:
            search = cursors.next_search(cursor, since=self.since, now=self.now)
            answer = await self.api.post(f"{box}/tickets/search", search.body)
            plan = cursors.read_page(search.cursor, answer, since=self.since)
            rechecks: dict[int, datetime | None] = {}
            try:
                for ticket_id in plan.fetch:
                    rechecks[ticket_id] = await self._ticket(box, ticket_id)
            except OutOfBudget:
                part = cursors.partly_read(search.cursor, answer, rechecks, since=self.since)
                self.cursor["boxes"][key] = self._again(part, rechecks)
                raise
            cursor = self._again(plan.cursor, rechecks)
            self.cursor["boxes"][key] = cursor
            more = plan.more

    def _again(
        self, cursor: dict[str, Any], rechecks: dict[int, datetime | None]
    ) -> dict[str, Any]:
        for ticket_id, at in rechecks.items():
            cursor = cursors.read_again(cursor, ticket_id, at, since=self.since)
        return cursor

    async def _ticket(self, box: int, ticket_id: int) -> datetime | None:
        """Read one ticket and its chats into the poll's events; when to read it again."""
        try:
            ticket = await self.api.get(f"{box}/tickets/{ticket_id}")
            chats = {
                read.message_id: await self.api.get(read.path) for read in chat_reads(ticket, box)
            }
        except Gone:
            log.info("Re:lation ticket %d of box %d is gone; it is not read again", ticket_id, box)
            return None
        found = ticket_events(
            ticket,
            message_box=box,
            settings=self.rules,
            users=await self._users(),
            chats=chats,
            now=self.now,
        )
        for skipped in found.skipped:
            log.info("Re:lation box %d ticket %d: %s", box, ticket_id, skipped)
        self.events.extend(found.events)
        return found.recheck_at

    async def _users(self) -> dict[str, Operator]:
        """Re:lation's users by mention name, read once a poll."""
        if self.users is None:
            users: dict[str, Operator] = {}
            for page in range(1, MAX_USER_PAGES + 1):
                params = {"page": page, "per_page": USERS_PER_PAGE}
                found = read_users(await self.api.get("users", params))
                users.update(found)
                if len(found) < USERS_PER_PAGE:
                    break
            self.users = users
        return self.users


async def poll_relation(context: PollContext) -> Polled:
    """Read a Re:lation source's message boxes as far as its budget goes."""
    return await _Poll(context).run()


def backfill_progress(settings: dict[str, Any], cursor: dict[str, Any], now: datetime) -> float:
    """How far a Re:lation source has read from its `since` to now: its slowest box, 0 to 1."""
    since = parse_time(str(settings["since"]))
    boxes = cursor.get("boxes", {})
    return min(
        (
            cursors.progress(boxes.get(str(box), {}), since=since, now=now)
            for box in settings["message_boxes"]
        ),
        default=1.0,
    )
