"""A fake of the Zendesk endpoints that ticketrelay's Talk poller reads, for tests and trials.

    fake = ZendeskTalk(email="admin@acme.example", token="t0ken", clock=clock)
    sato = fake.add_agent("佐藤 花子", "sato@acme.example")
    fake.add_call(agent=sato, phone="+819012345678", seconds=180)
    # serve fake.app with uvicorn; Relay(source_hosts=("127.0.0.1:PORT",))

Every path answers with Zendesk's shapes, and only to HTTP Basic `{email}/token:{token}`
(else 401 `{"error": "Couldn't authenticate you"}`):

    GET /api/v2/channels/voice/stats/incremental/calls?start_time=N
        the calls updated at or after N, oldest first: those of second N again, then about
        `page_size` newer ones in whole seconds; with `next_page`, `end_time` (the page's
        latest second), `count` and `end_of_stream`; `limit` (10) answered requests a
        minute, then 429 with Retry-After
    GET /api/v2/users/{id}, /api/v2/users/show_many?ids=1,2
    GET /api/v2/tickets/{id}, /api/v2/tickets/show_many?ids=1,2

A call made with `ticket=True` gets the ticket Talk makes: `via.channel` `voice`, the
numbers in `via.source`, and the voice comment's text as its description. `export_times`
holds when each export request was answered, `throttled` how many were not;
`busiest_minute()` is the most answered within any minute; `fail_next(status)` answers the
next request with that error instead. Times come from `clock`, so that tests can move them.
"""

import base64
import math
from bisect import bisect_left
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

EXPORT = "/api/v2/channels/voice/stats/incremental/calls"
LINE = "+81345678900"
LINE_ID = 360000012345
MINUTE = timedelta(minutes=1)
_FIRST_ID = {"user": 8447388090001, "call": 360100000001, "ticket": 5201}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _error(status: int, error: str, description: str = "", **headers: str) -> JSONResponse:
    body = {"error": error, "description": description} if description else {"error": error}
    return JSONResponse(body, status_code=status, headers=headers)


class ZendeskTalk:
    """Zendesk's users, tickets and Talk calls of one account, in memory, as an ASGI app."""

    def __init__(
        self,
        *,
        email: str,
        token: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        page_size: int = 1000,
        limit: int = 10,
    ) -> None:
        self.email, self.token, self.clock = email, token, clock
        self.page_size, self.limit = page_size, limit
        self.users: dict[int, dict[str, Any]] = {}
        self.tickets: dict[int, dict[str, Any]] = {}
        self.calls: dict[int, dict[str, Any]] = {}
        self.export_times: list[datetime] = []
        self.throttled = 0
        self._next = dict(_FIRST_ID)
        self._failures: list[int] = []
        self.app = Starlette(
            routes=[
                Route(EXPORT, self._export),
                Route("/api/v2/{kind:str}/show_many", self._show_many),
                Route("/api/v2/{kind:str}/{id:int}", self._show),
            ]
        )

    def _id(self, kind: str) -> int:
        self._next[kind] += 1
        return self._next[kind] - 1

    def add_agent(self, name: str, email: str) -> int:
        """A new agent; its user ID."""
        return self._user(name, email, "agent", "")

    def _user(self, name: str, email: str, role: str, phone: str) -> int:
        user_id = self._id("user")
        self.users[user_id] = {
            "id": user_id,
            "url": f"https://acme.zendesk.com/api/v2/users/{user_id}.json",
            "name": name,
            "email": email or None,
            "role": role,
            "phone": phone or None,
            "active": True,
            "created_at": _iso(self.clock()),
        }
        return user_id

    def add_call(
        self,
        *,
        agent: int | None,
        phone: str,
        direction: str = "inbound",
        status: str = "completed",
        started: datetime | None = None,
        seconds: int = 180,
        ticket: bool = True,
        **fields: Any,
    ) -> dict[str, Any]:
        """A call that has ended (unless `status` says otherwise), updated now; its JSON."""
        call_id, start = self._id("call"), started or self.clock() - timedelta(seconds=seconds)
        customer = self._user(f"Caller {phone}", "", "end-user", phone)
        call: dict[str, Any] = {
            "id": call_id,
            "created_at": _iso(start),
            "agent_id": agent,
            "customer_id": customer,
            "direction": direction,
            "completion_status": status,
            "duration": seconds,
            "talk_time": seconds if agent else 0,
            "wait_time": 0,
            "hold_time": 0,
            "wrap_up_time": 0,
            "voicemail": False,
            "outside_business_hours": False,
            "phone_number": LINE,
            "phone_number_id": LINE_ID,
            "ticket_id": None,
            "minutes_billed": math.ceil(seconds / 60),
            **fields,
        }
        if ticket:
            call["ticket_id"] = self._voice_ticket(call, phone, customer)
        self.calls[call_id] = call
        return self.update_call(call_id)

    def _voice_ticket(self, call: dict[str, Any], phone: str, customer: int) -> int:
        ticket_id, inbound = self._id("ticket"), call["direction"] == "inbound"
        agent = self.users.get(call["agent_id"] or 0, {}).get("name", "")
        caller = {"phone": phone, "formatted_phone": phone, "name": f"Caller {phone}"}
        line = {"phone": LINE, "formatted_phone": LINE, "name": "Acme support"}
        subject = f"Call from: {phone}" if inbound else f"Outbound call to: {phone}"
        comment = f"{subject}\nTime of call: {call['created_at']}\nAnswered by: {agent}\n"
        self.tickets[ticket_id] = {
            "id": ticket_id,
            "url": f"https://acme.zendesk.com/api/v2/tickets/{ticket_id}.json",
            "subject": subject,
            "description": f"{comment}Length of phone call: {call['duration']} seconds",
            "status": "open",
            "requester_id": customer,
            "assignee_id": call["agent_id"],
            "via": {
                "channel": "voice",
                "source": {
                    "rel": "inbound" if inbound else "outbound",
                    "from": caller if inbound else line,
                    "to": line if inbound else caller,
                },
            },
            "created_at": _iso(self.clock()),
        }
        return ticket_id

    def update_call(self, call_id: int, **fields: Any) -> dict[str, Any]:
        """Change a call as Zendesk does after it, which also moves its `updated_at` to now."""
        call = self.calls[call_id]
        call.update(fields, updated_at=_iso(self.clock()))
        return call

    def spend(self, requests: int) -> None:
        """Count export requests made now by some other client of the same account."""
        self.export_times += [self.clock()] * requests

    def fail_next(self, status: int) -> None:
        """Answer the next authorized request, whatever its path, with this error status."""
        self._failures.append(status)

    def busiest_minute(self) -> int:
        """The most export requests answered within any one minute."""
        times = sorted(self.export_times)
        return max((bisect_left(times, t + MINUTE) - i for i, t in enumerate(times)), default=0)

    def _refused(self, request: Request) -> JSONResponse | None:
        """401 without the account's API token, else the next failure asked for, if any."""
        expected = base64.b64encode(f"{self.email}/token:{self.token}".encode()).decode()
        if request.headers.get("authorization", "") != f"Basic {expected}":
            return _error(401, "Couldn't authenticate you")
        if self._failures:
            return _error(self._failures.pop(0), "Failed", "a failure the test asked for")
        return None

    def _throttle(self) -> JSONResponse | None:
        now = self.clock()
        recent = sorted(t for t in self.export_times if t > now - MINUTE)
        if len(recent) < self.limit:
            self.export_times.append(now)
            return None
        self.throttled += 1
        wait = max(1, math.ceil((recent[-self.limit] + MINUTE - now).total_seconds()))
        detail = f"Rate limit of {self.limit} requests a minute exceeded"
        return _error(429, "TooManyRequests", detail, **{"Retry-After": str(wait)})

    async def _export(self, request: Request) -> JSONResponse:
        given = request.query_params.get("start_time", "")
        if (refused := self._refused(request)) is not None:
            return refused
        if not given.isdigit():
            return _error(400, "InvalidValue", "start_time must be a Unix time in seconds")
        throttled = self._throttle()
        if throttled is not None:
            return throttled
        start = int(given)
        waiting = sorted(
            (c for c in self.calls.values() if _seconds(c["updated_at"]) >= start),
            key=lambda c: (c["updated_at"], c["id"]),
        )
        page = self._page(waiting, start)
        end = _seconds(page[-1]["updated_at"]) if page else start
        return JSONResponse(
            {
                "calls": page,
                "next_page": f"{request.base_url}{EXPORT.lstrip('/')}?start_time={end}",
                "end_time": end,
                "count": len(page),
                "end_of_stream": len(page) == len(waiting),
            }
        )

    def _page(self, waiting: list[dict[str, Any]], start: int) -> list[dict[str, Any]]:
        """The calls of the start second again, then about `page_size` newer ones in whole
        seconds: each page ends on a whole second and moves the end time on."""
        again = [c for c in waiting if _seconds(c["updated_at"]) == start]
        fresh = waiting[len(again) :]
        page, rest = fresh[: self.page_size], fresh[self.page_size :]
        while page and rest and rest[0]["updated_at"] == page[-1]["updated_at"]:
            page.append(rest.pop(0))
        return again + page

    async def _show_many(self, request: Request) -> JSONResponse:
        kind = request.path_params["kind"]
        if (refused := self._refused(request)) is not None:
            return refused
        found = self._kind(kind)
        if found is None:
            return _error(404, "InvalidEndpoint", "Not found")
        ids = [int(i) for i in request.query_params.get("ids", "").split(",") if i.isdigit()]
        return JSONResponse({kind: [found[i] for i in ids if i in found], "count": len(ids)})

    async def _show(self, request: Request) -> JSONResponse:
        kind, item = request.path_params["kind"], request.path_params["id"]
        if (refused := self._refused(request)) is not None:
            return refused
        found = self._kind(kind)
        if found is None or item not in found:
            return _error(404, "RecordNotFound", "Not found")
        return JSONResponse({kind.removesuffix("s"): found[item]})

    def _kind(self, kind: str) -> dict[int, dict[str, Any]] | None:
        return {"users": self.users, "tickets": self.tickets}.get(kind)


def _seconds(stamp: str) -> int:
    return int(datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())
