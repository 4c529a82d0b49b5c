"""The ASGI application: Re:lation's read API under `/api/v2/`, and the `/_sim/` admin API.

Each `/api/v2/` request runs this pipeline, top to bottom:
    Bearer token (401 without a valid one) → counted against the token's minute (403 past
    60) → faults drawn (latency, then an error answer instead of the real one) → route and
    parameters (404, 415, 400) → the JSON answer. Every answer after the token check carries
    `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`.
"""

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ticketrelay.fakes.relation.admin import Admin
from ticketrelay.fakes.relation.api import dispatch
from ticketrelay.fakes.relation.faults import Strike
from ticketrelay.fakes.relation.state import RelationState
from ticketrelay.fakes.relation.wire import Answer, Headers, Request, error

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class RelationSim:
    """The simulator as an ASGI application over one `RelationState`."""

    def __init__(self, state: RelationState) -> None:
        self.state = state
        self.admin = Admin(state)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one ASGI connection scope."""
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        request = Request.from_scope(scope, await _body(receive))
        if request.path.startswith("/_sim/"):
            answer = self.admin.handle(request)
        else:
            answer = await self.api(request)
        await _send(send, answer)

    async def api(self, request: Request) -> Answer:
        """One request to Re:lation's API, through the pipeline of the module docstring."""
        token = request.bearer()
        with self.state.lock:
            name = self.state.tokens.get(token) if token else None
            if name is None:
                return error(401, "アクセストークンが存在しない、または無効です")
            allowance = self.state.limiter.take(name, self.state.clock())
            if not allowance.allowed:
                return error(403, "レートリミットを超過しました", allowance.headers())
            strike = self.state.faults.strike(request.method, request.path)
        return await self._served(request, strike, allowance.headers())

    async def _served(self, request: Request, strike: Strike, headers: Headers) -> Answer:
        if strike.latency_ms:
            await asyncio.sleep(strike.latency_ms / 1000)
        if strike.error is not None:
            return error(strike.error.status, strike.error.answer_message(), headers)
        answer = dispatch(self.state, request)
        return Answer(answer.status, answer.payload, headers)


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _send(send: Send, answer: Answer) -> None:
    body = answer.body()
    headers = [
        (b"content-type", b"application/json; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *answer.headers,
    ]
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
