"""The body limit (5 MiB: 413 before reading more) and reading a body that must be JSON."""

import json
from typing import Any

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ticketrelay.errors import InvalidInput

MAX_BODY_BYTES = 5 * 1024 * 1024
TOO_LARGE = (
    b'{"error":"The body is larger than 5 MiB (5,242,880 bytes): send fewer events per request."}'
)


class NotJSON(InvalidInput):
    """A body that must be JSON is not; answered with 400."""


class BodyLimit:
    """ASGI middleware: answer 413 to a body over the limit, and hand the app no more of it."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _declared_length(scope) > self.limit:
            await _too_large(send)
            return
        await _Guarded(self.limit, receive, send).run(self.app, scope)


class _Guarded:
    """One request whose body is counted as it arrives (chunked bodies declare no length)."""

    def __init__(self, limit: int, receive: Receive, send: Send) -> None:
        self.left = limit
        self.receive = receive
        self.send = send
        self.refused = False

    async def run(self, app: ASGIApp, scope: Scope) -> None:
        try:
            await app(scope, self._receive, self._send)
        except ClientDisconnect:
            if not self.refused:
                raise

    async def _receive(self) -> Message:
        if self.refused:
            return {"type": "http.disconnect"}
        message = await self.receive()
        if message["type"] == "http.request":
            self.left -= len(message.get("body", b""))
            if self.left < 0:
                self.refused = True
                await _too_large(self.send)
                return {"type": "http.disconnect"}
        return message

    async def _send(self, message: Message) -> None:
        if not self.refused:
            await self.send(message)


def _declared_length(scope: Scope) -> int:
    """The Content-Length, if any (a malformed one is the server's to refuse)."""
    for name, value in scope["headers"]:
        if name == b"content-length" and value.isdigit():
            return int(value[:20])
    return 0


async def _too_large(send: Send) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(TOO_LARGE)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": TOO_LARGE})


def json_body_of(body: bytes) -> Any:
    """A body parsed as JSON, or NotJSON saying why it is not."""
    if not body.strip():
        raise NotJSON('The body is empty: send one event or {"events": [...]} as JSON.')
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        raise NotJSON("The body is not JSON: it is not valid UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise NotJSON(
            f"The body is not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None
    except RecursionError:
        raise NotJSON("The body is not JSON that can be read: it is nested too deeply.") from None
    except ValueError as exc:
        raise NotJSON(f"The body is not JSON that can be read: {exc}.") from None
