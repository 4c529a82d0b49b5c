"""The requests of the fuzz tier: events and batches bent out of shape, every operation of
the management API with bent IDs, queries, bodies and tokens, and bodies around 5 MiB.

IDs in URLs and source tokens are placeholders that the test replaces with those that exist
when a request is sent; `FUZZID` in an event's IDs becomes the request's number, so that
events differ.
"""

import copy
import json
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.bodies import ACCOUNT
from tests.e2e.fuzzing import EVENTS, JSON, Call, auth, bend, content_type, encode, path_part
from tests.e2e.fuzzing import query as query_of
from tests.e2e.server import ADMIN_TOKEN
from ticketrelay.web.request_body import MAX_BODY_BYTES

GOOD = ["acme", "error", "alert", "delivered", "pending", "1", "1000", "0", "utf-8", "cp932"]
GOOD += ["ja", "en", "2026-11-25T00:00:00Z", "2026-11-25T09:00:00 09:00"]
SUBJECT_KEYS = ("message_id", "memo_id", "call_id", "session_id")
# Placeholders replaced when a request is sent: the IDs and tokens that exist at that moment.
KNOWN, SPARE, SPARE_SOURCE, NUMBER = "KNOWNINT", "SPAREINT", "SPARESRC", b"FUZZID"
SOURCE, OTHER = "SOURCETOKEN", "OTHERTOKEN"


@dataclass(frozen=True)
class Operation:
    """A management API operation: method, path under /api/v1, a valid body, query keys."""

    method: str
    path: str
    body: Any = None
    keys: tuple[str, ...] = ()


READ_BACK = [
    f"/integrations/{KNOWN}/errors.csv",
    f"/integrations/{KNOWN}/errors.csv?encoding=cp932&lang=en",
    f"/integrations/{KNOWN}/errors?limit=1000",
    "/activities?limit=1000",
    "/integrations",
]


def _numbered(event: dict[str, Any]) -> dict[str, Any]:
    """An example event whose IDs get the request's number when it is sent."""
    event = copy.deepcopy(event)
    event["id"] = f"{event['id']}-{NUMBER.decode()}"
    for key in SUBJECT_KEYS:
        if key in event["data"]:
            event["data"][key] = f"{event['data'][key]}-{NUMBER.decode()}"
    return event


BASES = [_numbered(e) for e in EVENTS]
CHAT = [e for e in BASES if e["type"].startswith("chat.")]
EVENT_URLS = st.sampled_from(["/api/v1/events"] * 8 + ["/api/v1/events/", "/api/v1/events?a=%ff"])
SHAPES = st.sampled_from(("one", "one", "batch", "chat"))
OTHER_METHODS = ["GET", "POST", "PUT", "PATCH", "OPTIONS"]


def event_calls(tokens: dict[str, str]) -> st.SearchStrategy[Call]:
    """`POST /api/v1/events` with a bent event, a batch with one bent, or a bent chat
    session, mostly with the source's token."""
    token = auth(tokens, "source")
    base = st.integers(0, len(BASES) - 1)
    size = st.integers(1, 4)

    @st.composite
    def calls(draw: st.DrawFn) -> Call:
        shape = draw(SHAPES)
        events = [BASES[draw(base)] for _ in range(draw(size))]
        if shape == "chat":
            value: Any = bend(draw, {"events": CHAT})
        elif shape == "one":
            value = bend(draw, events[0])
        else:
            value = {"events": [bend(draw, events[0]), *events[1:]]}
        headers = draw(token) + draw(content_type)
        return Call("POST", draw(EVENT_URLS), headers, encode(draw, value))

    return calls()


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every operation of the management API, with a valid body where it takes one."""
    one = f"/integrations/{KNOWN}"
    return [
        Operation("GET", "/sources"),
        Operation("POST", "/sources", body={"account": ACCOUNT, "name": "desk"}),
        Operation("DELETE", f"/sources/{SPARE_SOURCE}"),
        Operation("GET", "/integrations", keys=("account",)),
        Operation("POST", "/integrations", body=spec),
        Operation("GET", one),
        Operation("PUT", one, body=spec),
        Operation("DELETE", f"/integrations/{SPARE}"),
        Operation("POST", f"{one}/check"),
        Operation("GET", "/activities", keys=("account", "status", "limit")),
        Operation("GET", f"{one}/errors", keys=("since", "until", "severity", "limit", "offset")),
        Operation("GET", f"{one}/errors.csv", keys=("encoding", "lang")),
        Operation("POST", f"{one}/errors/resend", body={"all": True}),
        Operation("POST", f"{one}/errors/resend", body={"ids": [1, 2]}),
    ]


def management_calls(ops: list[Operation], tokens: dict[str, str]) -> st.SearchStrategy[Call]:
    """One management request: its method mostly right, its ID, query, body and token bent."""
    which = st.integers(0, len(ops) - 1)
    methods = [st.sampled_from([op.method] * 9 + OTHER_METHODS) for op in ops]
    queries = [query_of([*op.keys, "limit"], GOOD) for op in ops]
    parts = {name: path_part(name) for name in (KNOWN, SPARE, SPARE_SOURCE)}
    token = auth(tokens, "admin")

    @st.composite
    def calls(draw: st.DrawFn) -> Call:
        n = draw(which)
        path = ops[n].path
        for name, part in parts.items():
            if name in path:
                path = path.replace(name, draw(part))
        query = draw(queries[n]) if draw(st.booleans()) else ""
        body = b"" if ops[n].body is None else encode(draw, bend(draw, ops[n].body))
        headers = draw(token) + draw(content_type)
        url = f"/api/v1{path}" + (f"?{query}" if query else "")
        return Call(draw(methods[n]), url, headers, body)

    return calls()


def huge_calls(tokens: dict[str, str]) -> list[tuple[Call, int | None]]:
    """Bodies one byte over the limit (413) and one just under it (anything below 500)."""
    source = ((b"authorization", f"Bearer {tokens['source']}".encode()), JSON)
    admin = ((b"authorization", f"Bearer {ADMIN_TOKEN}".encode()), JSON)
    over = b" " * (MAX_BODY_BYTES + 1)
    event = BASES[0] | {"data": BASES[0]["data"] | {"body": "x" * (MAX_BODY_BYTES - 2_000)}}
    under = json.dumps(event).encode()
    return [
        (Call("POST", "/api/v1/events", source, over), 413),
        (Call("POST", "/api/v1/events", source, under), None),
        (Call("POST", "/api/v1/integrations", admin, over), 413),
        (Call("PUT", f"/api/v1/integrations/{KNOWN}", admin, over), 413),
        (Call("POST", f"/api/v1/integrations/{KNOWN}/errors/resend", admin, over), 413),
    ]
