"""`ticketrelay bench`: every benchmark in one run, on one simulator process, as JSON lines."""

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio

from ticketrelay.benchmark import hooks, ingest, jsclient, relay
from ticketrelay.kintone.sim import spawn_simulator


def run_all(
    *,
    backlog: int = 10_000,
    rate: int = 100,
    seconds: int = 20,
    batches: int = 200,
    singles: int = 2_000,
    webhooks: int = 2_000,
) -> Iterator[dict[str, Any]]:
    """Run the relay, ingest, webhook and JavaScript-client benchmarks; yield one result each."""
    with tempfile.TemporaryDirectory(prefix="ticketrelay-bench-") as tmp, spawn_simulator() as sim:
        folder = Path(tmp)
        drained = relay.backlog(sim, folder, backlog)
        yield drained
        yield relay.steady(sim, folder, rate, seconds)
        with ingest.service(folder) as url:
            yield anyio.run(
                lambda: ingest.measure(url, batches=batches, singles=singles, connections=8)
            )
        yield hooks.run(folder / "hooks", webhooks=webhooks, connections=8)
        js = jsclient.add_all_records(sim, backlog)
        yield js
        if "seconds" in js:
            yield _comparison(drained, js)


def _comparison(drained: dict[str, Any], js: dict[str, Any]) -> dict[str, Any]:
    """The relay's drain against addAllRecords and against one request per record."""
    relay_rate = drained["records_per_s"]
    return {
        "name": "comparison",
        "records": drained["activities"],
        "relay_records_per_s": relay_rate,
        "js_add_all_records_per_s": js["records_per_s"],
        "one_request_per_record_per_s": drained["baseline_one_request_per_record_per_s"],
        "relay_vs_js_add_all_records": round(relay_rate / js["records_per_s"], 2),
        "relay_vs_one_request_per_record": drained["ratio_vs_baseline"],
    }
