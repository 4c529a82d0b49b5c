"""An HTTP request and answer as the simulator reads and writes them, and reading parameters."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from ticketrelay.fakes.relation.search import BadRequest

Headers = tuple[tuple[bytes, bytes], ...]


class UnsupportedType(ValueError):
    """A POST whose Content-Type is not application/json (415)."""


@dataclass(frozen=True)
class Request:
    """The parts of an HTTP request the simulator reads."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes

    @classmethod
    def from_scope(cls, scope: Mapping[str, Any], body: bytes) -> "Request":
        """Build from an ASGI scope and the whole body (a header given twice: the first)."""
        headers: dict[str, str] = {}
        for name, value in scope["headers"]:
            headers.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
        query = scope.get("query_string", b"").decode("latin-1")
        return cls(scope["method"], scope["path"], query, headers, body)

    def bearer(self) -> str | None:
        """The token of `Authorization: Bearer <token>`, if that is how the header reads."""
        scheme, _, token = self.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return token.strip() or None

    def is_json(self) -> bool:
        """Whether the Content-Type is application/json (any parameters)."""
        kind = self.headers.get("content-type", "").split(";")[0].strip().lower()
        return kind == "application/json"

    def json(self) -> Any:
        """The body as JSON; an empty body is `{}`; BadRequest when it does not parse."""
        if not self.body.strip():
            return {}
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            raise BadRequest("the body is not valid JSON") from None

    def params(self) -> dict[str, Any]:
        """The query string's parameters, overlaid by those of a JSON object body."""
        # README.md of the API docs: a POST without application/json is 415; user_api.md lists
        # a GET's parameters as application/json, so a GET's JSON body is read too.
        params: dict[str, Any] = dict(parse_qsl(self.query))
        if self.method == "POST" and not self.is_json():
            raise UnsupportedType("Content-Type must be application/json")
        if self.is_json():
            body = self.json()
            if not isinstance(body, dict):
                raise BadRequest("the body must be a JSON object")
            params.update(body)
        return params


@dataclass(frozen=True)
class Answer:
    """An HTTP answer with a JSON payload."""

    status: int
    payload: Any
    headers: Headers = ()

    def body(self) -> bytes:
        """The payload as compact UTF-8 JSON."""
        return json.dumps(self.payload, ensure_ascii=False, separators=(",", ":")).encode()


def error(status: int, message: str, headers: Headers = ()) -> Answer:
    """Re:lation's error answer: `{"message": "…"}` (README.md of the API docs)."""
    return Answer(status, {"message": message}, headers)
