"""Generated requests for the fuzz tier: valid bodies bent out of shape, bytes that are not
JSON, odd Unicode, wrong tokens and paths, for the event API and the management API."""

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from hypothesis import strategies as st

README = Path(__file__).parents[2] / "README.md"
SECTION = re.search(r"<!-- events:start -->(.*)<!-- events:end -->", README.read_text(), re.S)
assert SECTION is not None, "README.md lost its event format section"
EVENTS: list[dict[str, Any]] = [
    json.loads(block) for block in re.findall(r"```json\n(.*?)```", SECTION.group(1), re.S)
]
JSON = (b"content-type", b"application/json")

ODD = [
    "\ud800",
    "a\udfffb",
    "\x00",
    "nul\x00inside",
    "\u202eevil\u202c",
    "\u200f\u200e",
    "😀",
    "👩‍👩‍👧‍👦",
    "\ufeff",
    "\uffff",
    "\U0010ffff",
    "トークン",
    "é\u0301",
    "",
    " ",
    "\r\n",
    "../../etc/passwd",
    "%00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00+14:00",
    "2026-11-25T10:00:00+09:60",
    "NaN",
    "1e309",
    "長" * 3000,
]
odd_text = st.sampled_from(ODD) | st.text(st.characters(exclude_categories=()), max_size=40)
# httpx refuses URLs over 64 KiB before they leave the client.
url_text = odd_text.map(lambda s: quote(s[:100], safe="", errors="surrogatepass"))
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=False, allow_infinity=False)
    | odd_text
)
json_values = (
    scalars | st.lists(scalars, max_size=3) | st.dictionaries(odd_text, scalars, max_size=3)
)
MALFORMED = [
    b"",
    b" ",
    b"{",
    b"[",
    b"null",
    b"0",
    b'"text"',
    b"[]",
    b"{}",
    b'{"events": []}',
    b'{"events": null}',
    b'{"events": {}}',
    b"NaN",
    b'{"a": Infinity}',
    b"[" * 100_000,
    b'{"a":' * 50_000,
    b"9" * 5000,
    b"1e999999",
    b"\xef\xbb\xbf{}",
    b"\xff\xfe{\x00}\x00",
    b"\x00",
    b'{"\\u0000": "\\ud800"}',
    b'{"a": 1, "a": 2}',
    b"\xed\xa0\x80",
]


@dataclass(frozen=True, repr=False)
class Call:
    """One HTTP request: what a client put on the wire."""

    method: str
    url: str
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    def __repr__(self) -> str:
        body = self.body if len(self.body) <= 600 else self.body[:600] + b"..."
        return f"Call({self.method} {self.url[:300]} {self.headers!r} {body!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """How hypothesis shows a failing example: short, not field by field."""
        printer.text(repr(self))


class Send(Protocol):
    """Sends one request and gives the status of the answer."""

    def __call__(self, call: Call) -> int: ...


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            yield from _paths(inner, (*prefix, n))


def _bend(body: Any, path: tuple[Any, ...], action: str, key: str, value: Any) -> Any:
    """The body with the value at `path` replaced, removed, or given an extra key."""
    if not path:
        return value
    *parents, last = path
    target = body
    for step in parents:
        target = target[step]
    if action == "delete":
        del target[last]
    elif action == "add" and isinstance(target[last], dict):
        target[last][key] = value
    else:
        target[last] = value
    return body


BENDS = st.integers(0, 2)
ACTIONS = st.sampled_from(("replace", "delete", "add"))
STYLES = st.sampled_from(("escaped", "escaped", "raw", "raw", "cut", "bom", "trailing", "bad"))
TRAILING = st.sampled_from([b"}", b",", b"\x00", b" []", b"\n{}"])
NOT_JSON = st.sampled_from(MALFORMED) | st.binary(max_size=64)


def bend(draw: st.DrawFn, base: Any) -> Any:
    """A valid body with up to two values replaced, removed or added."""
    body = copy.deepcopy(base)
    for _ in range(draw(BENDS)):
        paths = list(_paths(body))
        path = paths[draw(st.integers(0, len(paths) - 1))]
        action = draw(ACTIONS)
        key = draw(odd_text) if action == "add" else ""
        value = None if action == "delete" else draw(json_values)
        body = _bend(body, path, action, key, value)
    return body


def encode(draw: st.DrawFn, value: Any) -> bytes:
    """JSON of a value: escaped, raw UTF-8 (lone surrogates become invalid bytes), cut
    short, with a byte order mark, or with something after it; or bytes that are not JSON."""
    style = draw(STYLES)
    if style == "bad":
        return draw(NOT_JSON)
    data = json.dumps(value, ensure_ascii=style != "raw").encode("utf-8", "surrogatepass")
    if style == "cut":
        return data[: draw(st.integers(0, max(len(data) - 1, 0)))]
    if style == "bom":
        return b"\xef\xbb\xbf" + data
    if style == "trailing":
        return data + draw(TRAILING)
    return data


def _bearer(token: str) -> tuple[bytes, bytes]:
    return (b"authorization", b"Bearer " + token.encode())


def auth(tokens: dict[str, str], right: str) -> st.SearchStrategy[tuple[tuple[bytes, bytes], ...]]:
    """Mostly the right token (`right` names it in `tokens`); else every way to get it wrong."""
    wrong = [
        (),
        ((b"authorization", b"Bearer"),),
        (_bearer("a" * 10_000),),
        ((b"authorization", b"Bearer \xe3\x83\x88\xe3\x83\xbc\xe3\x82\xaf\xe3\x83\xb3"),),
        ((b"authorization", b"Bearer \xe9t\xe9"),),
        ((b"authorization", b"Basic YWRtaW46YWRtaW4="),),
        ((b"authorization", b"bearer " + tokens[right].encode()),),
        ((b"authorization", b"Bearer " + tokens[right].encode() + b" extra"),),
        *((_bearer(token),) for name, token in tokens.items() if name != right),
    ]
    return st.sampled_from([(_bearer(tokens[right]),)] * len(wrong) + wrong)


content_type = st.sampled_from(
    [(JSON,)] * 6
    + [
        (),
        ((b"content-type", b"text/plain"),),
        ((b"content-type", b"application/json; charset=latin-1"),),
        ((b"content-type", b"multipart/form-data; boundary=x"),),
    ]
)


def path_part(known: str) -> st.SearchStrategy[str]:
    """A path segment: the known one mostly, else numbers out of range and odd text."""
    numbers = st.integers(min_value=-(2**70), max_value=2**70).map(str)
    return st.sampled_from([known] * 2) | numbers | url_text | st.sampled_from(["%ZZ", "%ff"])


def query(keys: list[str], good: list[str]) -> st.SearchStrategy[str]:
    """A query string of known keys (and odd ones) with good, odd and raw values."""
    value = st.sampled_from(good) | url_text | st.integers(-(2**70), 2**70).map(str)
    pair = st.tuples(st.sampled_from(keys) | url_text, value).map("=".join)
    raw = st.sampled_from(["%ZZ", "a=%ff%fe", "limit=1&limit=2", "=", "&&", "since=%00"])
    return st.lists(pair | raw, max_size=4).map("&".join)
