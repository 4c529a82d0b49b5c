"""Every failure as our JSON `{"error": "one clear sentence"}`, with the right status.

Unauthorized                401, with WWW-Authenticate: Bearer
NotJSON                     400
EventError                  422, with {"index", "path", "message"} per problem
NotFound                    404
ForeignAccount              403
InvalidInput, ActionRequired 422
RetryLater                  503, with Retry-After
ConfigError, Bug, anything  500
"""

import json
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ticketrelay.errors import ActionRequired, ConfigError, NotFound, RetryLater, TicketRelayError
from ticketrelay.intake.ingest import ForeignAccount
from ticketrelay.rules.events import EventError
from ticketrelay.web.auth import Unauthorized
from ticketrelay.web.request_body import NotJSON

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5
Handler = Callable[[Request, Exception], Awaitable[Response]]
_SUBJECT = re.compile(r"^[A-Z][a-z]+ should")


class JSONBody(JSONResponse):
    """JSON in UTF-8 that survives lone surrogates in echoed keys (written as \\uXXXX)."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.encode("utf-8", "backslashreplace")


def error(status: int, message: str, **details: Any) -> JSONBody:
    """Our error body."""
    return JSONBody({"error": message, **details}, status_code=status)


def install(app: FastAPI) -> None:
    """Answer every failure of the app with our JSON error body."""
    statuses: list[tuple[type[Exception], int]] = [
        (Unauthorized, 401),
        (NotJSON, 400),
        (NotFound, 404),
        (ForeignAccount, 403),
        (ActionRequired, 422),
        (RetryLater, 503),
        (ConfigError, 500),
        (TicketRelayError, 500),
    ]
    for kind, status in statuses:
        app.add_exception_handler(kind, _ours(status))
    app.add_exception_handler(EventError, _event_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


def _ours(status: int) -> Handler:
    async def handle(_request: Request, exc: Exception) -> Response:
        if status >= 500:
            log.error("%s", exc, exc_info=exc)
        response = error(status, str(exc))
        if status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        if status == 503:
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    return handle


async def _event_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, EventError)
    problems = [{"index": p.index, "path": p.path, "message": p.message} for p in exc.problems]
    return error(422, str(exc), errors=problems)


async def _invalid_request(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [_problem(e) for e in exc.errors()]
    body_errors = [e for e in exc.errors() if tuple(e.get("loc", ())) == ("body",)]
    if any(e.get("type") == "json_invalid" for e in exc.errors()):
        return error(400, "The body is not JSON: send a JSON object.")
    if any(e.get("type") == "missing" for e in body_errors):
        return error(400, "The body is empty: send a JSON object.")
    if any(isinstance(e.get("input"), bytes) for e in body_errors):
        return error(415, "Send the body as JSON, with Content-Type: application/json.")
    shown = "; ".join(f"{p['path']} {p['message']}" for p in problems[:3])
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return error(422, f"The request is invalid: {shown}{more}.", errors=problems)


def _problem(details: dict[str, Any]) -> dict[str, str]:
    return {"path": _path(details.get("loc", ())), "message": _message(details)}


def _path(loc: Sequence[Any]) -> str:
    where, *rest = [*loc] or ["body"]
    parts = "".join(
        f"[{p}]" if isinstance(p, int) else p if p == "[key]" else f".{p}" for p in rest
    )
    if where == "body":
        return "$" + parts
    return f"{where} parameter {parts.lstrip('.')}"


def _message(details: dict[str, Any]) -> str:
    """Pydantic's message as the end of a sentence that starts with the path."""
    if details.get("type") == "missing":
        return "is required"
    message = str(details.get("msg", "is invalid")).removeprefix("Value error, ")
    return _SUBJECT.sub("should", message, count=1)


async def _http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {
        404: "There is nothing at this address; the API lives under /api/v1 (see /docs).",
        405: "This address does not take that method (see /docs).",
    }
    message = messages.get(exc.status_code) or str(exc.detail)
    response = error(exc.status_code, message)
    response.headers.update(exc.headers or {})
    return response


async def _unexpected(_request: Request, exc: Exception) -> Response:
    log.error("Unexpected failure", exc_info=exc)
    return error(500, "ticketrelay failed unexpectedly; the log has the details. Please report it.")
