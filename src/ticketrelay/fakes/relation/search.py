"""The parameters of ticket search and of the user list, checked as Re:lation would answer 400.

Filters, paging and order follow docs/relation-api.md; where the docs are silent (the default
page size, how filters combine, the order, `since`/`until`) the choice is marked there.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, TypeVar

from ticketrelay.fakes.relation.codes import ACTION_CDS, METHOD_CDS, STATUS_CDS
from ticketrelay.fakes.relation.records import Message, Ticket

T = TypeVar("T")
TICKETS_PER_PAGE: Final = (10, 50)
USERS_PER_PAGE: Final = (30, 100)  # user_api.md: default 30, at most 100


class BadRequest(ValueError):
    """A parameter Re:lation would refuse with 400; the message names it."""


@dataclass(frozen=True, kw_only=True)
class Search:
    """One `POST /api/v2/{mb}/tickets/search`: its filters and its page."""

    status_cds: frozenset[str] | None = None
    method_cds: frozenset[str] | None = None
    action_cds: frozenset[str] | None = None
    label_ids: frozenset[int] | None = None
    since: datetime | None = None
    until: datetime | None = None
    page: int = 1
    per_page: int = TICKETS_PER_PAGE[0]

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> "Search":
        """Read the parameters; BadRequest names the first that is wrong."""
        page, per_page = paging(params, *TICKETS_PER_PAGE)
        return cls(
            status_cds=_codes(params, "status_cds", STATUS_CDS),
            method_cds=_codes(params, "method_cds", METHOD_CDS),
            action_cds=_codes(params, "action_cds", ACTION_CDS),
            label_ids=_ids(params, "label_ids"),
            since=_time(params, "since"),
            until=_time(params, "until"),
            page=page,
            per_page=per_page,
        )

    def run(self, tickets: Iterable[Ticket]) -> list[Ticket]:
        """The page asked for of the matching tickets, most recently updated first."""
        found = [t for t in tickets if self.matches(t)]
        found.sort(key=lambda t: (t.last_updated_at, t.ticket_id), reverse=True)
        return page_of(found, self.page, self.per_page)

    def matches(self, ticket: Ticket) -> bool:
        """Whether a ticket passes every filter given."""
        if self.status_cds is not None and ticket.status_cd not in self.status_cds:
            return False
        if self.label_ids is not None and not self.label_ids & set(ticket.label_ids):
            return False
        if self.since is not None and ticket.last_updated_at < self.since:
            return False
        if self.until is not None and ticket.last_updated_at >= self.until:
            return False
        if self.method_cds is None and self.action_cds is None:
            return True
        return any(self._has(m) for m in ticket.messages)

    def _has(self, message: Message) -> bool:
        method_ok = self.method_cds is None or message.method_cd in self.method_cds
        return method_ok and (self.action_cds is None or message.action_cd in self.action_cds)


def paging(params: Mapping[str, Any], default: int, maximum: int) -> tuple[int, int]:
    """`page` (from 1) and `per_page` (1 to `maximum`)."""
    page = _number(params, "page", 1)
    per_page = _number(params, "per_page", default)
    if page < 1:
        raise BadRequest("page must be 1 or more")
    if not 1 <= per_page <= maximum:
        raise BadRequest(f"per_page must be from 1 to {maximum}")
    return page, per_page


def page_of(items: Sequence[T], page: int, per_page: int) -> list[T]:
    """One page of a list; past the end, an empty one."""
    start = (page - 1) * per_page
    return list(items[start : start + per_page])


def _number(params: Mapping[str, Any], name: str, default: int) -> int:
    value = params.get(name, default)
    if isinstance(value, str) and value.isdecimal():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRequest(f"{name} must be an integer")
    return value


def _codes(params: Mapping[str, Any], name: str, allowed: Sequence[str]) -> frozenset[str] | None:
    values = params.get(name)
    if values is None:
        return None
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise BadRequest(f"{name} must be a list of strings")
    wrong = [v for v in values if v not in allowed]
    if wrong:
        raise BadRequest(f"{name} has unknown values {wrong}")
    return frozenset(values)


def _ids(params: Mapping[str, Any], name: str) -> frozenset[int] | None:
    values = params.get(name)
    if values is None:
        return None
    if not isinstance(values, list) or not all(_is_int(v) for v in values):
        raise BadRequest(f"{name} must be a list of integers")
    return frozenset(values)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _time(params: Mapping[str, Any], name: str) -> datetime | None:
    value = params.get(name)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise BadRequest(f"{name} must be an ISO 8601 time with a UTC offset")
    return moment
