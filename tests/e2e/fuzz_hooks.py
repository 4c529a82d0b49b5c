"""The deliveries of the webhook fuzz tier: the helpdesks' own payloads bent out of shape,
signed right or in every wrong way, sent to live, refused and malformed receiver URLs.

A `Delivery` is what hypothesis draws; `request` signs it when it is sent (a signature is
good for five minutes) and says whether the receiver must take it. `LIVE`, `REVOKED` and
`OTHER` stand for source IDs, `NUMBER` in a delivery ID for the request's number.
"""

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from tests.e2e.fuzzing import JSON, Call, content_type, encode, json_values
from ticketrelay.intake.hooks import delivery_id
from ticketrelay.rules.chatwoot import KNOWN_EVENTS
from ticketrelay.rules.zendesk import COMMENT_ADDED

PAYLOADS = Path(__file__).parents[1] / "unit" / "helpdesk_payloads"
KINDS = ("chatwoot", "zendesk")
SECRETS = {"chatwoot": "cw-secret-0123456789", "zendesk": "zd-secret-0123456789"}
SETTINGS = {"chatwoot": {"base_url": "https://chat.example.jp"}, "zendesk": {"subdomain": "acme"}}
# Signature, timestamp and delivery ID headers, in lower case as Starlette gives them.
ZENDESK_HEADERS = (b"signature", b"signature-timestamp", b"invocation-id")
HEADERS = {
    "chatwoot": (b"x-chatwoot-signature", b"x-chatwoot-timestamp", b"x-chatwoot-delivery"),
    "zendesk": tuple(b"x-zendesk-webhook-" + name for name in ZENDESK_HEADERS),
}
LIVE, REVOKED, OTHER, NUMBER = "LIVESOURCE", "REVOKEDSOURCE", "OTHERSOURCE", b"#N"
VALID = ("good", "padded", "fraction", "offset", "lower")
INVALID = ["wrong_secret", "other_secret", "stale", "future", "tampered", "no_signature"]
INVALID += ["no_timestamp", "unsigned", "odd_signature", "odd_timestamp", "other_scheme", "upper"]


def _fixtures(kind: str) -> list[dict[str, Any]]:
    found = [json.loads(p.read_text("utf-8")) for p in sorted(PAYLOADS.glob(f"{kind}_*.json"))]
    return [{key: value for key, value in f.items() if key != "_source"} for f in found]


FIXTURES = {kind: _fixtures(kind) for kind in KINDS}
EDGES: list[Any] = [2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64, 10**19 - 1, 10**19]
EDGES += [-1, 0, 1e308, -0.0, 5e-324, float("nan"), float("inf"), float("-inf"), True, False]
TIMES: list[Any] = ["2026-11-25T01:00:00.123456789Z", "2026-11-25T10:00:00+09:00"]
TIMES += ["2026-11-25 01:00:00Z", "2026-11-25T01:00:00", "2026-11-25", "2026-02-30T00:00:00Z"]
TIMES += ["2026-11-25T24:00:00Z", "2026-11-25T01:00:00+24:00", "0001-01-01T00:00:00+14:00"]
TIMES += ["9999-12-31T23:59:59-14:00", "1795568400", "1795568400.215", "-1", "Tuesday"]
TIMES += [1795568400, 1795568400.215, -62135596801, 253402300800, 1e20, 1e-7, "2026-11-25t01:00z"]
HUGE = ["x" * 70_000, "長" * 30_000, "<p>a</p>" * 10_000, "<" * 60_000, "y" * 1_100_000]
EVENTS = [*sorted(KNOWN_EVENTS), COMMENT_ADDED, "zen:event-type:ticket.status_changed", ""]
CHANNELS = ["Channel::Email", "Channel::Sms", "Channel::TwilioSms", "Channel::Line", "email"]
CHANNELS += ["Channel::FacebookPage", "Channel::Instagram", "Channel::WebWidget", "Channel::Api"]
CHANNELS += ["Channel::Whatsapp", "sms", "chat", "native_messaging", "web", "voice", "SMS"]
FLAGS: list[Any] = [True, False, None, 0, 1, "true"]
SHUFFLED: dict[tuple[str, ...], list[Any]] = {
    ("event",): EVENTS,
    ("type",): EVENTS,
    ("channel",): CHANNELS,
    ("conversation", "channel"): CHANNELS,
    ("detail", "via", "channel"): CHANNELS,
    ("message_type",): ["incoming", "outgoing", "activity", "template", 0, 1, 2, 3, 4],
    ("sender", "type"): ["user", "contact", "agent_bot", None, "User"],
    ("status",): ["resolved", "open", "pending", "snoozed"],
    ("private",): FLAGS,
    ("event", "comment", "is_public"): FLAGS,
    ("event", "comment", "author", "is_staff"): FLAGS,
    ("conversation", "additional_attributes", "type"): ["instagram_direct_message", ""],
    ("conversation", "contact_inbox", "source_id"): ["whatsapp:+8190", "+8190", "", 7],
}
SWAPS = st.sampled_from([(path, v) for path, values in SHUFFLED.items() for v in values])


def _deep(depth: int) -> Any:
    """Lists and objects nested `depth` deep."""
    value: Any = [] if depth else {}
    for n in range(depth):
        value = [value] if n % 2 else {"d": value}
    return value


ODD_VALUES: st.SearchStrategy[Any] = st.sampled_from(EDGES + TIMES + HUGE + EVENTS + CHANNELS)
# Containers are made afresh: one shared between draws would carry one example's bends on.
values = st.one_of(
    json_values, ODD_VALUES, ODD_VALUES, st.sampled_from([0, 1, 2, 40, 200]).map(_deep)
)
BENDS = st.sampled_from((0, 0, 1, 1, 2, 3))
ACTIONS = st.sampled_from(("replace", "replace", "delete", "add"))
KEYS = st.text(max_size=5) | st.sampled_from(["event", "__proto__", "\ud800"])


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            yield from _paths(inner, (*prefix, n))


def _bend(draw: st.DrawFn, body: Any) -> Any:
    """Up to three values replaced by odd ones (the whole body too), removed, or given a key."""
    holder = {"root": body}
    for _ in range(draw(BENDS)):
        paths = list(_paths(holder["root"], ("root",)))
        *parents, last = paths[draw(st.integers(0, len(paths) - 1))]
        target: Any = holder
        for step in parents:
            target = target[step]
        action = draw(ACTIONS)
        if action == "delete" and parents:
            del target[last]
        elif action == "add" and isinstance(target[last], dict):
            target[last][draw(KEYS)] = draw(values)
        else:
            target[last] = draw(values)
    return holder["root"]


def _shuffle(draw: st.DrawFn, body: dict[str, Any]) -> None:
    """Event names, channel types, message types and flags swapped for other known ones."""
    for _ in range(draw(BENDS)):
        path, value = draw(SWAPS)
        parent: Any = body
        for step in path[:-1]:
            parent = parent.get(step) if isinstance(parent, dict) else None
        if isinstance(parent, dict):
            parent[path[-1]] = value


def bodies(kind: str) -> st.SearchStrategy[bytes]:
    """Payloads of the helpdesk (and a few of the other) shuffled, bent, then encoded."""
    other = FIXTURES[KINDS[1 - KINDS.index(kind)]]
    bases = st.sampled_from(FIXTURES[kind] * 3 + other)

    @st.composite
    def body(draw: st.DrawFn) -> bytes:
        payload = json.loads(json.dumps(draw(bases)))
        _shuffle(draw, payload)
        return encode(draw, _bend(draw, payload))

    return body()


@dataclass(frozen=True, repr=False)
class Delivery:
    """A delivery to send: to a `live` source, a `refused` one (none live of the kind) or an
    `odd` URL (no receiver), signed some way, with a delivery ID template, the index of an
    earlier one to replay, or None for no such header."""

    kind: str
    target: str
    path: str
    signing: str
    odd: bytes
    delivery_id: bytes | int | None
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    def __repr__(self) -> str:
        ident = self.delivery_id
        shown = ident[:100] if isinstance(ident, bytes) else ident
        return (
            f"Delivery({self.kind} {self.target} {self.path!r} {self.signing} "
            f"odd={self.odd[:100]!r} id={shown!r} {self.headers!r} {self.body[:600]!r})"
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """How hypothesis shows a failing example: short, not field by field."""
        printer.text(repr(self))


# Header values no HTTP/1.1 parser lets through (control characters, edge whitespace).
UNSENDABLE = [b"\x00", b"nul\x00inside", b"\x7f", b"\x1b[31m", b"  padded\t", b"\r", b"\xa0"]
ODD_HEADERS = [b"\xe3\x83\x88\xe3\x83\xbc\xe3\x82\xaf\xe3\x83\xb3", b"\xff\xfe", b"a" * 10_000]
ODD_HEADERS += [b"sha256=", b"sha256=" + b"0" * 64, b"=", b"' OR 1=1 --", b"<script>", b"%00"]
ODD_HEADERS += [b"1" * 40, b"-1", b"2026-11-25T01:00:00Z", b"sha256:" + b"f" * 64, b"x" * 199]


def _paths_of(kind: str) -> dict[str, list[str]]:
    refused = ["0", "-1", "99999999", str(2**63), str(2**70), REVOKED, OTHER]
    odd = ["abc", "1.5", "%ff", "%00", "", f"{LIVE}/", f"{LIVE}/x", f"{LIVE}%2F1"]
    return {
        "live": [f"{kind}/{LIVE}"] * 9 + [f"{kind}/{LIVE}?via=fuzz&x=%ff"],
        "refused": [f"{kind}/{part}" for part in refused],
        "odd": [f"{kind}/{part}" for part in odd] + [kind, f"freshdesk/{LIVE}", f"Chatwoot/{LIVE}"],
    }


def deliveries(kind: str, *, wire: bool = False) -> st.SearchStrategy[Delivery]:
    """Deliveries to one receiver: mostly signed, to its live source; `wire` leaves out
    header values that HTTP/1.1 itself refuses."""
    found = _paths_of(kind)
    routes = st.sampled_from([(t, p) for t in ["live"] * 8 + ["refused", "odd"] for p in found[t]])
    valid = [s for s in VALID if not (wire and s == "padded")]
    signings = ["good"] * 30 + valid * 2 + INVALID
    templates = [b"fuzz-" + NUMBER] * 8 + [b"replay", b"", b"odd"]
    shapes = st.sampled_from([(s, t) for s in signings for t in templates])
    odds = ODD_HEADERS + ([] if wire else UNSENDABLE)
    odd, odd_ids = st.sampled_from(odds), st.sampled_from([o + NUMBER for o in odds] + odds)
    payloads = bodies(kind)

    @st.composite
    def delivery(draw: st.DrawFn) -> Delivery:
        (target, path), (signing, template) = draw(routes), draw(shapes)
        ident: bytes | int | None = template or None
        if template == b"replay":
            ident = draw(st.integers(0, 2**16))
        elif template == b"odd":
            ident = draw(odd_ids)
        return Delivery(
            kind=kind,
            target=target,
            path=path,
            signing=signing,
            odd=draw(odd) if signing.startswith("odd") else b"",
            delivery_id=ident,
            headers=draw(content_type),
            body=draw(payloads),
        )

    return delivery()


def reported(kind: str) -> list[Delivery]:
    """Deliveries that once met a defect (a NUL in the delivery ID: 500 on PostgreSQL), sent
    on every run so that it stays fixed."""
    body = json.dumps(FIXTURES[kind][0]).encode()
    return [Delivery(kind, "live", f"{kind}/{LIVE}", "good", b"", b"\x00", (JSON,), body)]


def sign(kind: str, secret: str, stamp: bytes, body: bytes) -> bytes:
    """The signature a helpdesk sends: Chatwoot's hex of `stamp.body`, Zendesk's base64."""
    if kind == "chatwoot":
        digest = hmac.new(secret.encode(), stamp + b"." + body, hashlib.sha256)
        return b"sha256=" + digest.hexdigest().encode()
    return base64.b64encode(hmac.new(secret.encode(), stamp + body, hashlib.sha256).digest())


def _stamp(kind: str, signing: str, now: float) -> bytes:
    """The signed timestamp: now (or ten minutes off) in the forms each helpdesk may use."""
    at = int(now) + {"stale": -600, "future": 600}.get(signing, 0)
    if kind == "chatwoot":
        return str(at).encode()
    moment = datetime.fromtimestamp(at, UTC)
    if signing == "offset":
        return moment.astimezone(timezone(timedelta(hours=9))).isoformat().encode()
    forms = {"fraction": "%Y-%m-%dT%H:%M:%S.123456789Z", "lower": "%Y-%m-%dt%H:%M:%Sz"}
    return moment.strftime(forms.get(signing, "%Y-%m-%dT%H:%M:%SZ")).encode()


def _signature(d: Delivery, now: float) -> list[tuple[bytes, bytes]]:
    """The signature and timestamp headers, right or wrong as `d.signing` says."""
    other = KINDS[1 - KINDS.index(d.kind)]
    kind = other if d.signing == "other_scheme" else d.kind
    secrets = {"wrong_secret": "wrong-secret", "other_secret": SECRETS[other]}
    stamp = d.odd if d.signing == "odd_timestamp" else _stamp(kind, d.signing, now)
    body = d.body + b" " if d.signing == "tampered" else d.body
    signature = sign(kind, secrets.get(d.signing, SECRETS[d.kind]), stamp, body)
    signature = {"upper": signature.upper(), "odd_signature": d.odd}.get(d.signing, signature)
    named, stamped, _ = HEADERS[kind]
    found = [(named, signature), (stamped, stamp)]
    if d.signing == "padded":
        found = [(name, b" \t" + value + b" ") for name, value in found]
    dropped = {"no_signature": (named,), "no_timestamp": (stamped,), "unsigned": (named, stamped)}
    return [pair for pair in found if pair[0] not in dropped.get(d.signing, ())]


def request(
    d: Delivery, ids: dict[str, int], number: int, earlier: Sequence[str], now: float
) -> tuple[Call, bool]:
    """The delivery as sent at `now`, and whether the receiver must take it."""
    path = d.path
    for name, source_id in ids.items():
        path = path.replace(name, str(source_id))
    headers = [*d.headers, *_signature(d, now)]
    ident = d.delivery_id
    if isinstance(ident, int):
        ident = earlier[ident % len(earlier)].encode("latin-1") if earlier else NUMBER
    if ident is not None:
        headers.append((HEADERS[d.kind][2], ident.replace(NUMBER, str(number).encode())))
    call = Call("POST", f"/api/v1/hooks/{path}", tuple(headers), d.body)
    return call, d.target == "live" and d.signing in VALID


def stored_id(kind: str, headers: Sequence[tuple[bytes, bytes]], body: bytes) -> str:
    """The delivery ID the receiver stores for these headers, as Starlette hands them over."""
    found = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in headers}
    return delivery_id(kind, found, body)
