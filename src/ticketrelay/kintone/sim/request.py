"""Reading an HTTP request the way kintone does: path, method override, parameters, language."""

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qsl

from ticketrelay.kintone.sim.messages import bad_json
from ticketrelay.kintone.sim.settings import Language

KINTONE_PATH: Final = re.compile(r"/k(?:/guest/(\d+))?/v1/([\w/]+)\.json")
_INDEXED: Final = re.compile(r"(\w+)\[(\d+)\]")


@dataclass(frozen=True)
class Incoming:
    """The parts of an HTTP request the simulator reads."""

    method: str
    path: str
    query: str
    headers: Mapping[str, Sequence[str]]
    body: bytes

    @classmethod
    def from_scope(cls, scope: Mapping[str, Any], body: bytes) -> "Incoming":
        """Build from an ASGI scope and the whole body."""
        headers: dict[str, list[str]] = {}
        for name, value in scope["headers"]:
            headers.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
        query = scope.get("query_string", b"").decode("latin-1")
        return cls(scope["method"], scope["path"], query, headers, body)

    def header(self, name: str) -> str:
        """The first value of a header, or ""."""
        values = self.headers.get(name, ())
        return values[0] if values else ""

    @property
    def effective_method(self) -> str:
        """The method, or the one `X-HTTP-Method-Override` names on a POST."""
        override = self.header("x-http-method-override").upper()
        return override if self.method == "POST" and override else self.method

    def language(self, default: Language) -> Language:
        """Japanese or English, by the first tag of `Accept-Language`."""
        first = self.header("accept-language").split(",")[0].strip().lower()
        if first.startswith("en"):
            return "en"
        if first.startswith("ja"):
            return "ja"
        return default

    def params(self) -> dict[str, Any]:
        """Parameters from the query string and the JSON body; CB_IJ01 when the body is bad."""
        params = query_params(self.query) if self.query else {}
        if self.body.strip():
            try:
                body = json.loads(self.body)
            except (ValueError, UnicodeDecodeError):
                raise bad_json() from None
            if not isinstance(body, dict):
                raise bad_json()
            params.update(body)
        return params


def query_params(query: str) -> dict[str, Any]:
    """Query-string parameters, with `name[i]=v` collected into lists in index order."""
    params: dict[str, Any] = {}
    indexed: dict[str, dict[int, str]] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        match = _INDEXED.fullmatch(key)
        if match:
            indexed.setdefault(match.group(1), {})[int(match.group(2))] = value
        else:
            params[key] = value
    for name, items in indexed.items():
        params[name] = [items[i] for i in sorted(items)]
    return params
