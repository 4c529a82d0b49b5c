"""Readers of Re:lation's list answers: its users and a page of its ticket search (sources.md).

`read_users` turns `GET /api/v2/users` (user_api.md) into operators by mention name, the
name by which the rest of Re:lation's API points at a user (`assignee`, `commenter`, a
chat bubble's `sent_by`); `operator` finds one there. `read_search` reads one answer of
`POST /api/v2/{message_box_id}/tickets/search` (ticket_api.md) as the ticket IDs and their
`last_updated_at`. Both raise `UnexpectedAnswer` for a shape that Re:lation does not give.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from ticketrelay.errors import InvalidInput
from ticketrelay.rules.translation import Malformed, Payload

Operator = dict[str, str]


class UnexpectedAnswer(InvalidInput):
    """Re:lation's API answered with a shape that Re:lation does not give."""


@dataclass(frozen=True, kw_only=True)
class Listed:
    """One ticket of a search page: its ID and when Re:lation last updated it."""

    ticket_id: int
    updated_at: datetime


def read_users(answer: object) -> dict[str, Operator]:
    """Each user's operator (e-mail, family and given name) by mention name."""
    found: dict[str, Operator] = {}
    for index, user in enumerate(_list(answer, "users")):
        p = Payload(user)
        try:
            mention = p.text("mention_name")
            operator = {
                "email": p.text("email"),
                "family_name": p.text("last_name"),
                "given_name": p.text("first_name"),
            }
        except Malformed as exc:
            raise UnexpectedAnswer(_shape("users", f"entry {index}: {exc}")) from exc
        if mention:
            found[mention] = operator
    return found


def operator(users: Mapping[str, Operator], mention: str) -> Operator | None:
    """The operator of the user with this mention name, if the users list has one."""
    return dict(users[mention]) if mention in users else None


def read_search(answer: object) -> list[Listed]:
    """The tickets of one search page, in the order Re:lation listed them."""
    listed: list[Listed] = []
    for index, ticket in enumerate(_list(answer, "the ticket search")):
        p = Payload(ticket)
        try:
            listed.append(
                Listed(ticket_id=p.ident("ticket_id"), updated_at=p.time("last_updated_at"))
            )
        except Malformed as exc:
            raise UnexpectedAnswer(_shape("the ticket search", f"entry {index}: {exc}")) from exc
    return listed


def _list(answer: object, what: str) -> list[object]:
    if not isinstance(answer, list) or not all(isinstance(entry, dict) for entry in answer):
        raise UnexpectedAnswer(_shape(what, "a list of objects was expected"))
    return answer


def _shape(what: str, problem: str) -> str:
    return (
        f"Re:lation's API answered {what} with an unexpected shape ({problem}): is the "
        "source's base_url Re:lation's own (https://SUBDOMAIN.relationapp.jp)? The poll is "
        "tried again later."
    )
