"""Signed webhooks over HTTP against the plain event API, in one run of one service.

`ticketrelay serve --no-worker` in its own process takes single requests of three kinds, each a
sent mail: Chatwoot's agent mail replies and Zendesk's public comments on e-mail tickets, both
signed as the helpdesk signs them, and `POST /api/v1/events`. The kinds alternate in rounds, in
turn first, over the same connections, so that the machine's noise hits them alike. Signing is
the client's work: each round is signed just before it is sent, outside the timed sends.
Afterwards the database must hold every delivery, synced, and every mail as an event.
"""

import asyncio
import json
import sqlite3
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import anyio
import httpx

from ticketrelay.benchmark import ingest
from ticketrelay.errors import Bug
from ticketrelay.fakes import Delivery, chatwoot_traffic, zendesk_traffic
from ticketrelay.fakes import chatwoot as chatwoot_fake
from ticketrelay.fakes import zendesk as zendesk_fake
from ticketrelay.fakes.stream import MAIL

HELPDESKS = ("chatwoot", "zendesk")
KINDS = (*HELPDESKS, "events_api")
ROUNDS = 10
SHARED_KEY = "bench-webhook-secret"
DATABASE = "ingest.db"  # where `ingest.service` keeps its database, in the folder it is given
# A request ready to send: its path, headers and body.
Prepared = tuple[str, dict[str, str], bytes]
Prepare = Callable[[range], list[Prepared]]


def run(folder: Path, *, webhooks: int, connections: int) -> dict[str, Any]:
    """`webhooks` of each helpdesk and as many event API requests, then what was stored."""
    folder.mkdir(parents=True, exist_ok=True)
    mails = {"chatwoot": _chatwoot_mails(webhooks), "zendesk": _zendesk_mails(webhooks)}
    with ingest.service(folder) as url:
        measured = anyio.run(partial(measure, url, mails=mails, connections=connections))
    return measured | stored(folder / DATABASE, webhooks)


def _chatwoot_mails(count: int) -> list[Delivery]:
    """`count` deliveries of Chatwoot agents' mail replies, from one stream of traffic."""
    return _mails(lambda n: chatwoot_traffic(seed=11, conversations=n, until=_now()), count)


def _zendesk_mails(count: int) -> list[Delivery]:
    """`count` deliveries of Zendesk agents' public comments on e-mail tickets."""
    return _mails(lambda n: zendesk_traffic(seed=11, tickets=n, until=_now()), count)


def _mails(traffic: Callable[[int], list[Delivery]], count: int) -> list[Delivery]:
    # One stream, not several seeds: message IDs of different seeds overlap.
    conversations = 3 * count + 10
    while True:
        found = [d for d in traffic(conversations) if d.kind == MAIL]
        if len(found) >= count:
            return found[:count]
        conversations *= 2


async def measure(
    url: str, *, mails: dict[str, list[Delivery]], connections: int
) -> dict[str, Any]:
    """Send every mail, each kind in turn in each round; the rates and their ratios."""
    count = len(mails["chatwoot"])
    kinds = await _kinds(url, mails)
    rounds, signing = await _alternate(url, kinds, count, connections)
    rates = {kind: count / sum(rounds[kind]) for kind in KINDS}
    return {
        "name": "hooks",
        "webhooks_per_helpdesk": count,
        "events_api_requests": count,
        "rounds": len(_rounds(count)),
        "connections": connections,
        **{f"{kind}_requests_per_s": round(rates[kind]) for kind in KINDS},
        **{f"{h}_vs_events_api": round(rates[h] / rates["events_api"], 2) for h in HELPDESKS},
        **{f"{h}_vs_events_api_by_round": _spread(rounds, h) for h in HELPDESKS},
        "client_signing_us_per_webhook": round(signing / (2 * count) * 1e6, 1),
        **{f"{h}_mean_body_bytes": _mean_size(mails[h]) for h in HELPDESKS},
        "events_api_mean_body_bytes": len(json.dumps(ingest.event(0)).encode()),
    }


async def _kinds(url: str, mails: dict[str, list[Delivery]]) -> dict[str, Prepare]:
    """A source of each kind, and how a round of its requests is made ready."""
    headers = {"Authorization": f"Bearer {ingest.ADMIN}"}
    async with httpx.AsyncClient(base_url=url, headers=headers) as admin:
        token = (await _create(admin, {}))["token"]
        cw = {"webhook_secret": SHARED_KEY, "base_url": "https://chat.example.jp"}
        cw_path = urlsplit((await _create(admin, {"chatwoot": cw}))["webhook_url"]).path
        zd = {"signing_secret": SHARED_KEY, "subdomain": "bench"}
        zd_path = urlsplit((await _create(admin, {"zendesk": zd}))["webhook_url"]).path
    return {
        "chatwoot": partial(_signed, cw_path, chatwoot_fake.sign, mails["chatwoot"]),
        "zendesk": partial(_signed, zd_path, zendesk_fake.sign, mails["zendesk"]),
        "events_api": partial(_events, token),
    }


async def _create(admin: httpx.AsyncClient, settings: dict[str, Any]) -> dict[str, Any]:
    kind = next(iter(settings), "api")
    body = {"account": "bench", "name": kind, "kind": kind, **settings}
    created = await admin.post("/api/v1/sources", json=body)
    _expect(created, 201)
    found: dict[str, Any] = created.json()
    return found


def _signed(
    path: str,
    sign: Callable[[str, bytes, str, datetime], dict[str, str]],
    mails: Sequence[Delivery],
    numbers: range,
) -> list[Prepared]:
    now = _now()
    return [
        (path, sign(SHARED_KEY, mail.body, mail.delivery_id, now), mail.body)
        for mail in mails[numbers.start : numbers.stop]
    ]


def _events(token: str, numbers: range) -> list[Prepared]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    return [("/api/v1/events", headers, json.dumps(ingest.event(n)).encode()) for n in numbers]


async def _alternate(
    url: str, kinds: dict[str, Prepare], count: int, connections: int
) -> tuple[dict[str, list[float]], float]:
    """Seconds spent sending each kind in each round, and seconds spent signing webhooks."""
    seconds: dict[str, list[float]] = {kind: [] for kind in KINDS}
    signing = 0.0
    clients = [httpx.AsyncClient(base_url=url, timeout=60) for _ in range(connections)]
    try:
        for turn, numbers in enumerate(_rounds(count)):
            for kind in KINDS[turn % 3 :] + KINDS[: turn % 3]:
                began = time.perf_counter()
                requests = kinds[kind](numbers)
                if kind in HELPDESKS:
                    signing += time.perf_counter() - began
                seconds[kind].append(await _send(clients, requests))
    finally:
        for client in clients:
            await client.aclose()
    return seconds, signing


def _spread(seconds: dict[str, list[float]], helpdesk: str) -> list[float]:
    """The lowest and highest ratio of a helpdesk's rate to the event API's in one round."""
    ratios = [
        api / hook for hook, api in zip(seconds[helpdesk], seconds["events_api"], strict=True)
    ]
    return [round(min(ratios), 2), round(max(ratios), 2)]


def _rounds(count: int) -> list[range]:
    rounds = min(ROUNDS, count)
    return [range(r * count // rounds, (r + 1) * count // rounds) for r in range(rounds)]


async def _send(clients: Sequence[httpx.AsyncClient], requests: list[Prepared]) -> float:
    """Seconds to send `requests` over the clients at once, each answer checked."""
    pending = iter(requests)

    async def client_loop(client: httpx.AsyncClient) -> None:
        for path, headers, body in pending:
            _accepted(await client.post(path, content=body, headers=headers))

    began = time.perf_counter()
    await asyncio.gather(*(client_loop(c) for c in clients))
    return time.perf_counter() - began


def _accepted(response: httpx.Response) -> None:
    if response.request.url.path == "/api/v1/events":
        _expect(response, 202)
        if response.json()["accepted"] != 1:
            raise Bug(f"the event API did not store a new event: {response.text}")
        return
    _expect(response, 200)
    if response.json() != {"duplicate": False, "status": "synced"}:
        raise Bug(f"a webhook was not stored and synced: {response.text}")


def stored(database: Path, sent: int) -> dict[str, Any]:
    """What the database holds of each kind (deliveries, synced ones, events), and whether
    each count is exactly what was sent."""
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        statuses = conn.execute(
            "SELECT s.kind, h.status, count(*) FROM hook_deliveries h "
            "JOIN sources s ON s.id = h.source_id GROUP BY s.kind, h.status"
        ).fetchall()
        events = dict(
            conn.execute(
                "SELECT s.kind, count(*) FROM events e "
                "JOIN sources s ON s.id = e.source_id GROUP BY s.kind"
            ).fetchall()
        )
    found: dict[str, Any] = {}
    for helpdesk in HELPDESKS:
        found[f"{helpdesk}_deliveries_stored"] = sum(n for k, _, n in statuses if k == helpdesk)
        found[f"{helpdesk}_deliveries_synced"] = sum(
            n for k, status, n in statuses if k == helpdesk and status == "synced"
        )
        found[f"{helpdesk}_events_stored"] = events.get(helpdesk, 0)
    found["events_api_events_stored"] = events.get("api", 0)
    found["all_stored"] = all(n == sent for n in found.values())
    return found


def _mean_size(mails: Sequence[Delivery]) -> int:
    return round(sum(len(mail.body) for mail in mails) / len(mails))


def _now() -> datetime:
    return datetime.now(UTC)


def _expect(response: httpx.Response, status: int) -> None:
    if response.status_code != status:
        raise Bug(f"{response.request.url.path} answered {response.status_code}: {response.text}")
