"""Re:lation's read endpoints that the poller uses, as the API docs describe them.

GET  /api/v2/message_boxes                                  message_box_api.md
GET  /api/v2/users                                          user_api.md
POST /api/v2/{mb}/tickets/search                            ticket_api.md
GET  /api/v2/{mb}/tickets/{ticket_id}                       ticket_api.md
GET  /api/v2/{mb}/tickets/{t}/messages/{m}/{line|chatplus|r_messe|yahoo}   chat_api.md
"""

import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from ticketrelay.fakes.relation.search import USERS_PER_PAGE, BadRequest, Search, page_of, paging
from ticketrelay.fakes.relation.state import Missing, RelationState
from ticketrelay.fakes.relation.wire import Answer, Request, UnsupportedType, error

Handler = Callable[..., Any]
NOT_FOUND: Final = "リソースまたはエンドポイントが存在しません"


def message_boxes(state: RelationState, params: Mapping[str, Any]) -> Any:
    """Every message box, by id."""
    return [box.to_json() for _, box in sorted(state.boxes.items())]


def users(state: RelationState, params: Mapping[str, Any]) -> Any:
    """One page of the users, in the order they were added."""
    page, per_page = paging(params, *USERS_PER_PAGE)
    return [user.to_json() for user in page_of(state.users, page, per_page)]


def search(state: RelationState, params: Mapping[str, Any], box: str) -> Any:
    """One page of the box's tickets that match, most recently updated first."""
    state.find_box(int(box))
    query = Search.from_params(params)
    tickets = (t for t in state.tickets.values() if t.message_box_id == int(box))
    return [t.summary_json() for t in query.run(tickets)]


def ticket(state: RelationState, params: Mapping[str, Any], box: str, ticket_id: str) -> Any:
    """A ticket with its messages and their comments."""
    state.find_box(int(box))
    return state.find_ticket(int(ticket_id), int(box)).detail_json()


def chat(
    state: RelationState,
    params: Mapping[str, Any],
    box: str,
    ticket_id: str,
    message_id: str,
    method_cd: str,
) -> Any:
    """A chat message's channel details and conversations; 404 for another kind of message."""
    state.find_box(int(box))
    found = state.find_ticket(int(ticket_id), int(box))
    owner, message = state.find_message(int(message_id))
    if owner is not found or message.method_cd != method_cd:
        raise Missing(f"message {message_id} is not a {method_cd} chat of ticket {ticket_id}")
    return message.chat_json()


_CHAT: Final = r"/api/v2/(\d+)/tickets/(\d+)/messages/(\d+)/(line|chatplus|r_messe|yahoo)"
ROUTES: Final[tuple[tuple[str, re.Pattern[str], Handler], ...]] = (
    ("GET", re.compile(r"/api/v2/message_boxes"), message_boxes),
    ("GET", re.compile(r"/api/v2/users"), users),
    ("POST", re.compile(r"/api/v2/(\d+)/tickets/search"), search),
    ("GET", re.compile(r"/api/v2/(\d+)/tickets/(\d+)"), ticket),
    ("GET", re.compile(_CHAT), chat),
)


def dispatch(state: RelationState, request: Request) -> Answer:
    """Answer an authorised request: 200 with JSON, or 400, 404 or 415 with a message."""
    for method, pattern, handler in ROUTES:
        match = pattern.fullmatch(request.path.rstrip("/"))
        if match and method == request.method:
            try:
                params = request.params()
                with state.lock:
                    return Answer(200, handler(state, params, *match.groups()))
            except UnsupportedType as failure:
                return error(415, f"無効なフォーマットです: {failure}")
            except BadRequest as failure:
                return error(400, f"パラメータに誤りがあります: {failure}")
            except Missing as failure:
                return error(404, f"{NOT_FOUND}: {failure}")
    return error(404, NOT_FOUND)
