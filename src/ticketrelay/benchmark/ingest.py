"""Ingest over HTTP: `ticketrelay serve --no-worker` in its own process, loaded from this one.

Reports events/s in batches of 100, requests/s of single events, and as the baseline of the
same run, requests/s of `GET /healthz` (what the server does with no work at all).
"""

import asyncio
import os
import re
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from ticketrelay.errors import Bug

ADMIN = "bench-admin-token"
_LISTENING = re.compile(r"ticketrelay on (http://\S+)")


@contextmanager
def service(folder: Path) -> Iterator[str]:
    """`ticketrelay serve --no-worker` on a free port with a fresh database; yields its URL."""
    env = {
        **os.environ,
        "TICKETRELAY_DATABASE_URL": f"sqlite:///{folder / 'ingest.db'}",
        "TICKETRELAY_ADMIN_TOKEN": ADMIN,
        "TICKETRELAY_SECRET_KEY": "bench",
    }
    command = [sys.executable, "-m", "ticketrelay", "serve", "--no-worker", "--port", "0"]
    command += ["--log-level", "warning"]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        yield _url(process)
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stderr is not None:
            process.stderr.close()


def _url(process: "subprocess.Popen[str]") -> str:
    assert process.stderr is not None
    for line in process.stderr:
        found = _LISTENING.search(line)
        if found:
            return found.group(1)
    raise Bug("ticketrelay serve exited before it listened")


def event(n: int, at: datetime | None = None) -> dict[str, Any]:
    """A realistic sent mail, as JSON, happening at `at` (default: now)."""
    when = at or datetime.now(UTC)
    return {
        "id": f"e{n}",
        "type": "message.sent",
        "inbox": "support",
        "occurred_at": when.isoformat(),
        "operator": {"email": "sato@example.jp", "family_name": "佐藤", "given_name": "花子"},
        "data": {
            "message_id": f"m{n}",
            "channel": "mail",
            "subject": f"ご注文番号 {n} の配送について",
            "body": "いつもご利用ありがとうございます。\r\n" * 8,
            "url": f"https://desk.example.jp/tickets/{n}",
            "to": [f"customer{n}@example.com"],
            "cc": ["support@example.jp"],
            "draft_saved_at": (when - timedelta(minutes=3)).isoformat(),
        },
    }


async def _load(
    url: str,
    requests: int,
    connections: int,
    send: Callable[[httpx.AsyncClient, int], Awaitable[None]],
) -> float:
    """Seconds to make `requests` calls over `connections` concurrent keep-alive clients."""
    counter = iter(range(requests))

    async def client_loop(client: httpx.AsyncClient) -> None:
        for n in counter:
            await send(client, n)

    clients = [httpx.AsyncClient(base_url=url, timeout=60) for _ in range(connections)]
    try:
        began = time.perf_counter()
        await asyncio.gather(*(client_loop(c) for c in clients))
        return time.perf_counter() - began
    finally:
        for client in clients:
            await client.aclose()


async def measure(url: str, *, batches: int, singles: int, connections: int) -> dict[str, Any]:
    """Ingest in batches of 100, then single events, then the no-work baseline."""
    async with httpx.AsyncClient(
        base_url=url, headers={"Authorization": f"Bearer {ADMIN}"}
    ) as admin:
        created = await admin.post("/api/v1/sources", json={"account": "bench", "name": "bench"})
    headers = {"Authorization": f"Bearer {created.json()['token']}"}

    async def batch(client: httpx.AsyncClient, n: int) -> None:
        body = {"events": [event(n * 100 + i) for i in range(100)]}
        _expect(await client.post("/api/v1/events", json=body, headers=headers), 202)

    async def single(client: httpx.AsyncClient, n: int) -> None:
        _expect(
            await client.post("/api/v1/events", json=event(10_000_000 + n), headers=headers), 202
        )

    async def health(client: httpx.AsyncClient, _n: int) -> None:
        _expect(await client.get("/healthz"), 200)

    batch_s = await _load(url, batches, connections, batch)
    single_s = await _load(url, singles, connections, single)
    health_s = await _load(url, singles, connections, health)
    return {
        "name": "ingest",
        "batches_of_100": batches,
        "events_per_s_in_batches": round(batches * 100 / batch_s),
        "single_event_requests": singles,
        "single_requests_per_s": round(singles / single_s),
        "baseline_healthz_requests_per_s": round(singles / health_s),
        "single_vs_healthz": round(health_s / single_s, 2),
        "connections": connections,
    }


def _expect(response: httpx.Response, status: int) -> None:
    if response.status_code != status:
        raise Bug(f"{response.request.url.path} answered {response.status_code}: {response.text}")
