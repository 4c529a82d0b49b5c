"""How many records a second the kintone simulator stores through 100-record writes.

Runs the simulator as a separate process (so client and server do not share a GIL), sends
pre-built `POST /k/v1/records.json` requests of 100 records over several keep-alive
connections, and prints JSON lines: the 100-record throughput, two baselines (the same number
of requests to a trivial endpoint, and 1-record writes), and the ratios.

    python -m bench.sim_bench [--records 100000] [--connections 8] [--journal]
"""

import argparse
import asyncio
import base64
import json
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ticketrelay.kintone.sim import RemoteSimulator, spawn_simulator

AUTH = base64.b64encode(b"admin:admin").decode()
FIELDS = {
    "activity_id": {"type": "SINGLE_LINE_TEXT", "unique": True, "maxLength": "128"},
    "channel": {"type": "SINGLE_LINE_TEXT"},
    "subject": {"type": "SINGLE_LINE_TEXT"},
    "body": {"type": "MULTI_LINE_TEXT"},
    "url": {"type": "LINK"},
    "operator_email": {"type": "SINGLE_LINE_TEXT"},
    "operator_name": {"type": "SINGLE_LINE_TEXT"},
    "recipients": {"type": "SINGLE_LINE_TEXT"},
    "start": {"type": "DATETIME"},
    "end": {"type": "DATETIME"},
}


@dataclass(frozen=True)
class Run:
    """One timed run: how many requests and records in how many seconds."""

    name: str
    requests: int
    records: int
    seconds: float

    def line(self) -> dict[str, object]:
        """The run as a JSON line."""
        return {
            "name": self.name,
            "requests": self.requests,
            "records": self.records,
            "seconds": round(self.seconds, 3),
            "requests_per_s": round(self.requests / self.seconds, 1),
            "records_per_s": round(self.records / self.seconds, 1),
        }


def record(n: int) -> dict[str, dict[str, str]]:
    """One realistic activity record."""
    return {
        "activity_id": {"value": f"act-{n:09d}"},
        "channel": {"value": "メール"},
        "subject": {"value": f"お問い合わせ {n}"},
        "body": {"value": "お世話になっております。\nご確認をお願いいたします。"},
        "url": {"value": f"https://helpdesk.invalid/tickets/{n}"},
        "operator_email": {"value": "sato@example.invalid"},
        "operator_name": {"value": "佐藤 花子"},
        "recipients": {"value": "customer@example.invalid"},
        "start": {"value": "2026-11-25T10:00:00+09:00"},
        "end": {"value": "2026-11-25T10:05:00+09:00"},
    }


def http_request(method: str, path: str, port: int, body: bytes = b"") -> bytes:
    """A raw HTTP/1.1 keep-alive request."""
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: localhost:{port}\r\n"
        f"X-Cybozu-Authorization: {AUTH}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def writes(app: int, port: int, start: int, requests: int, size: int) -> list[bytes]:
    """Pre-built POST requests of `size` records each, with fresh activity ids."""
    path = "/k/v1/records.json" if size > 1 else "/k/v1/record.json"
    out = []
    for i in range(requests):
        first = start + i * size
        if size > 1:
            payload = {"app": app, "records": [record(first + j) for j in range(size)]}
        else:
            payload = {"app": app, "record": record(first)}
        out.append(http_request("POST", path, port, json.dumps(payload).encode()))
    return out


async def send_all(port: int, requests: Sequence[bytes], connections: int) -> float:
    """Send every request over `connections` keep-alive connections; the seconds it took."""
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    started = time.perf_counter()
    await asyncio.gather(*(_worker(port, queue) for _ in range(connections)))
    return time.perf_counter() - started


async def _worker(port: int, queue: "asyncio.Queue[bytes]") -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while not queue.empty():
            writer.write(queue.get_nowait())
            await _read_response(reader)
    finally:
        writer.close()
        await writer.wait_closed()


async def _read_response(reader: asyncio.StreamReader) -> None:
    head = await reader.readuntil(b"\r\n\r\n")
    status = head.split(b" ", 2)[1]
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    body = await reader.readexactly(length)
    if status != b"200":
        raise RuntimeError(f"the simulator answered {status.decode()}: {body[:300]!r}")


def measure(remote: RemoteSimulator, records: int, connections: int) -> list[Run]:
    """The three timed runs against one simulator process."""
    port = remote.port
    app = remote.create_app("bench", FIELDS)
    batches = records // 100
    batch = writes(app, port, 0, batches, 100)
    singles = writes(app, port, records, batches, 1)
    trivial = [http_request("GET", "/_sim/health", port)] * batches
    asyncio.run(send_all(port, writes(app, port, 10 * records, 20, 100), connections))
    return [
        Run(
            "write_100_records_per_request",
            batches,
            records,
            asyncio.run(send_all(port, batch, connections)),
        ),
        Run("trivial_request", batches, 0, asyncio.run(send_all(port, trivial, connections))),
        Run(
            "write_1_record_per_request",
            batches,
            batches,
            asyncio.run(send_all(port, singles, connections)),
        ),
    ]


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and print JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--journal", action="store_true", help="persist to a journal file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "sim.jsonl" if args.journal else None
        with spawn_simulator(data=data) as remote:
            runs = measure(remote, args.records, args.connections)
    for run in runs:
        print(json.dumps({**run.line(), "journal": args.journal}))
    batch, trivial, single = runs
    print(
        json.dumps(
            {
                "name": "ratios",
                "records_per_s_100_vs_1_per_request": round(
                    (batch.records / batch.seconds) / (single.records / single.seconds), 1
                ),
                "request_time_100_records_vs_trivial": round(batch.seconds / trivial.seconds, 2),
                "target_records_per_s": 20_000,
                "meets_target": batch.records / batch.seconds >= 20_000,
            }
        )
    )


if __name__ == "__main__":
    main()
