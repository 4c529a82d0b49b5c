"""A fake of the Chatwoot API that ticketrelay's filler reads, for tests and trials.

    fake = ChatwootApi(token="t0ken", user=agent, accounts=[account])
    fake.add_message(conversation, message_id=90001, at=at, content="...", sender=agent)
    # serve fake.app with uvicorn; Relay(source_hosts=("127.0.0.1:PORT",))

The conversations and messages are `ticketrelay.fakes.chatwoot` values, kept in memory, and
every answer has the shape of the Chatwoot view named beside it. Only a request with the
`api_access_token` header of `token` is answered, and only for the user's accounts, else
401 `{"error": ...}` as Chatwoot's `render_unauthorized` answers:

    GET /api/v1/profile                                        the user and its accounts
    GET /api/v1/accounts/{account}/conversations               ?status (open; all), ?page:
                                                               25 a page, last active first
    GET /api/v1/accounts/{account}/conversations/{id}/messages the newest 20, or the 20
                                                               before ?before=ID, oldest first
    GET /api/v1/accounts/{account}/agents                      the account's agents

`fail(503, 429)` makes the next requests answer those statuses; `requests` counts them all.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ticketrelay.fakes.chatwoot import Account, Agent, Bot, Conversation

CONVERSATIONS_PER_PAGE = 25  # CONVERSATION_RESULTS_PER_PAGE's default (ConversationFinder)
MESSAGES_PER_PAGE = 20  # MessageFinder (app/finders/message_finder.rb)
# Message.message_types (app/models/message.rb); the API gives the numbers.
MESSAGE_TYPES = {"incoming": 0, "outgoing": 1, "activity": 2, "template": 3}
Kind = Literal["incoming", "outgoing", "activity", "template"]
_ACCOUNT = "/api/v1/accounts/{account:int}"


@dataclass
class _Thread:
    """A conversation, its status and its messages as the API renders them."""

    conversation: Conversation
    status: str
    messages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def active_at(self) -> int:
        """Conversation#last_activity_at: its newest message, or when it was made."""
        made = int(self.conversation.created_at.timestamp())
        return int(max([made, *(m["created_at"] for m in self.messages)]))


class ChatwootApi:
    """Chatwoot accounts' conversations and messages, in memory, as an ASGI app."""

    def __init__(self, *, token: str, user: Agent, accounts: Sequence[Account]) -> None:
        self.token, self.user, self.accounts = token, user, list(accounts)
        self.requests = 0
        self._threads: dict[tuple[int, int], _Thread] = {}
        self._agents: dict[int, dict[int, Agent]] = {a.id: {user.id: user} for a in accounts}
        self._failures: list[int] = []
        self.app = Starlette(
            routes=[
                Route("/api/v1/profile", self._profile),
                Route(f"{_ACCOUNT}/conversations", self._conversations),
                Route(f"{_ACCOUNT}/conversations/{{display_id:int}}/messages", self._messages),
                Route(f"{_ACCOUNT}/agents", self._agent_list),
            ]
        )

    def add_conversation(self, conversation: Conversation, *, status: str = "open") -> None:
        """A conversation with no message yet, or a new status for one."""
        key = (conversation.account.id, conversation.display_id)
        thread = self._threads.setdefault(key, _Thread(conversation=conversation, status=status))
        thread.status = status
        if conversation.assignee is not None:
            self.add_agent(conversation.account, conversation.assignee)

    def add_agent(self, account: Account, agent: Agent) -> None:
        """A user who is an agent of the account."""
        self._agents.setdefault(account.id, {})[agent.id] = agent

    def add_message(
        self,
        conversation: Conversation,
        *,
        message_id: int,
        at: datetime,
        content: str,
        kind: Kind = "outgoing",
        sender: Agent | Bot | None = None,
        private: bool = False,
        attributes: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A message in the conversation (made if new), rendered as the API gives it."""
        self.add_conversation(conversation, status=self._status(conversation))
        if isinstance(sender, Agent):
            self.add_agent(conversation.account, sender)
        message = {
            "id": message_id,
            "content": content,
            "inbox_id": conversation.inbox.id,
            "conversation_id": conversation.display_id,
            "message_type": MESSAGE_TYPES[kind],
            "content_type": "text",
            "status": "sent",
            "content_attributes": attributes or {},
            "created_at": int(at.timestamp()),
            "private": private,
            "source_id": None,
        }
        if kind == "incoming":
            message["sender"] = _contact_event_data(conversation)
        elif sender is not None:
            message["sender"] = _sender(sender)
        self._threads[(conversation.account.id, conversation.display_id)].messages.append(message)
        return message

    def fail(self, *statuses: int) -> None:
        """Answer the next requests with these statuses, one each, instead of their answer."""
        self._failures += statuses

    def _status(self, conversation: Conversation) -> str:
        found = self._threads.get((conversation.account.id, conversation.display_id))
        return "open" if found is None else found.status

    def _refused(self, request: Request) -> JSONResponse | None:
        """Chatwoot's 401s (AccessTokenAuthHelper, EnsureCurrentAccountHelper), or a failure."""
        self.requests += 1
        if self._failures:
            status = self._failures.pop(0)
            return JSONResponse({"error": f"failing with {status} as told"}, status_code=status)
        if request.headers.get("api_access_token") != self.token:
            return JSONResponse({"error": "Invalid Access Token"}, status_code=401)
        account = request.path_params.get("account")
        if account is not None and account not in {a.id for a in self.accounts}:
            message = "You are not authorized to access this account"
            return JSONResponse({"error": message}, status_code=401)
        return None

    async def _profile(self, request: Request) -> JSONResponse:
        # app/views/api/v1/models/_user.json.jbuilder, without the token it echoes.
        refused = self._refused(request)
        if refused is not None:
            return refused
        accounts = [{"id": a.id, "name": a.name, "role": "administrator"} for a in self.accounts]
        first = self.accounts[0].id if self.accounts else None
        user = {**_agent(self.user, first), "role": "administrator", "type": None}
        return JSONResponse({**user, "accounts": accounts})

    async def _conversations(self, request: Request) -> JSONResponse:
        # app/views/api/v1/accounts/conversations/index.json.jbuilder.
        refused = self._refused(request)
        if refused is not None:
            return refused
        account = request.path_params["account"]
        status = request.query_params.get("status", "open")
        threads = [
            t
            for (of, _), t in self._threads.items()
            if of == account and status in ("all", t.status)
        ]
        threads.sort(key=lambda t: t.active_at, reverse=True)
        given = request.query_params.get("page", "")
        page = int(given) if given.isdigit() and int(given) > 0 else 1
        shown = threads[(page - 1) * CONVERSATIONS_PER_PAGE : page * CONVERSATIONS_PER_PAGE]
        assigned = sum(1 for t in threads if t.conversation.assignee is not None)
        mine = sum(1 for t in threads if t.conversation.assignee == self.user)
        meta = {"mine_count": mine, "assigned_count": assigned, "all_count": len(threads)}
        payload = [_conversation(t) for t in shown]
        return JSONResponse({"data": {"meta": meta, "payload": payload}})

    async def _messages(self, request: Request) -> JSONResponse:
        # app/views/api/v1/accounts/conversations/messages/index.json.jbuilder.
        refused = self._refused(request)
        if refused is not None:
            return refused
        key = (request.path_params["account"], request.path_params["display_id"])
        thread = self._threads.get(key)
        if thread is None:
            return JSONResponse({"error": "Resource could not be found"}, status_code=404)
        before = request.query_params.get("before", "")
        older = [m for m in thread.messages if not before.isdigit() or m["id"] < int(before)]
        newest = sorted(older, key=lambda m: (m["created_at"], m["id"]))[-MESSAGES_PER_PAGE:]
        contact = _contact_event_data(thread.conversation)
        meta = {"labels": [], "additional_attributes": _attributes(thread.conversation)}
        return JSONResponse({"meta": {**meta, "contact": contact}, "payload": newest})

    async def _agent_list(self, request: Request) -> JSONResponse:
        # app/views/api/v1/accounts/agents/index.json.jbuilder: a bare array.
        refused = self._refused(request)
        if refused is not None:
            return refused
        account = request.path_params["account"]
        agents = self._agents.get(account, {}).values()
        return JSONResponse([_agent(a, account) for a in agents])


def _conversation(thread: _Thread) -> dict[str, Any]:
    """app/views/api/v1/conversations/partials/_conversation.json.jbuilder."""
    conversation, active = thread.conversation, thread.active_at
    meta: dict[str, Any] = {
        "sender": _contact(conversation),
        "channel": conversation.inbox.channel,
        "hmac_verified": False,
    }
    if conversation.assignee is not None:
        meta["assignee"] = _agent(conversation.assignee, conversation.account.id)
    made = int(conversation.created_at.timestamp())
    return {
        "meta": meta,
        "id": conversation.display_id,
        "messages": thread.messages[-1:],
        "account_id": conversation.account.id,
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{conversation.account.id}/{made}")),
        "additional_attributes": _attributes(conversation),
        "agent_last_seen_at": active,
        "can_reply": True,
        "custom_attributes": {},
        "inbox_id": conversation.inbox.id,
        "labels": [],
        "muted": False,
        "snoozed_until": None,
        "status": thread.status,
        "created_at": made,
        "updated_at": float(active),
        "timestamp": active,
        "unread_count": 0,
        "last_activity_at": active,
        "priority": None,
        "waiting_since": 0,
    }


def _attributes(conversation: Conversation) -> dict[str, Any]:
    if not conversation.subject:
        return conversation.additional_attributes
    return {**conversation.additional_attributes, "mail_subject": conversation.subject}


def _contact(conversation: Conversation) -> dict[str, Any]:
    """app/views/api/v1/models/_contact.json.jbuilder."""
    contact = conversation.contact
    return {
        "availability_status": "offline",
        "email": contact.email or None,
        "id": contact.id,
        "name": contact.name,
        "phone_number": contact.phone_number or None,
        "identifier": None,
        "thumbnail": "",
        "custom_attributes": {},
    }


def _contact_event_data(conversation: Conversation) -> dict[str, Any]:
    """Contact#push_event_data, a message's sender when the contact wrote it."""
    found = _contact(conversation)
    del found["availability_status"]
    return {**found, "additional_attributes": {}, "type": "contact"}


def _sender(sender: Agent | Bot) -> dict[str, Any]:
    """User#push_event_data (no e-mail), or AgentBot#push_event_data."""
    if isinstance(sender, Bot):
        return {"id": sender.id, "name": sender.name, "avatar_url": "", "type": "agent_bot"}
    return {
        "id": sender.id,
        "name": sender.name,
        "available_name": sender.name,
        "avatar_url": sender.avatar_url,
        "type": "user",
        "availability_status": "online",
        "thumbnail": sender.avatar_url,
    }


def _agent(agent: Agent, account: int | None) -> dict[str, Any]:
    """app/views/api/v1/models/_agent.json.jbuilder."""
    return {
        "id": agent.id,
        "account_id": account,
        "availability_status": "online",
        "auto_offline": True,
        "confirmed": True,
        "email": agent.email,
        "provider": "email",
        "available_name": agent.name,
        "name": agent.name,
        "role": "agent",
        "thumbnail": agent.avatar_url,
    }
