"""`ticketrelay demo` and `ticketrelay bench` run for real, as a newcomer runs them."""

import json
import os
import re
import subprocess
import sys

import pytest

from tests.demodata import bundled
from tests.e2e.test_demo_helpdesks import API_RECORDS, figures
from tests.e2e.test_demo_relation import RELATION_RECORDS
from ticketrelay.benchmark.jsclient import client_dir
from ticketrelay.demo import relation
from ticketrelay.demo.helpdesks import TITLES
from ticketrelay.fakes import HELPDESKS


def _run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ticketrelay", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "COLUMNS": "160"},
    )


def _rows(out: str, title: str) -> list[list[str]]:
    """The cells of each row of the table printed under `title`."""
    lines = out.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(title))
    end = next(n for n in range(start, len(lines)) if lines[n].startswith("└"))
    return [
        [c.strip() for c in line.split("│")[1:-1]] for line in lines[start:end] if line[0] == "│"
    ]


@pytest.fixture(scope="module")
def demo_out() -> str:
    """What `ticketrelay demo` printed; it exited 0."""
    done = _run("demo")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_demo_prints_its_table_and_exits_zero(demo_out: str) -> None:
    """The demo replays the bundled stream and reports records, reasons, problems, latency."""
    out = demo_out
    assert "kintone records by channel name" in out
    for name in (
        "メール",
        "SMS",
        "応対メモ・受電",
        "通話メモ・受電(接続)",
        "チャットウィジェット",
        "その他",
    ):
        assert name in out
    for reason in ("broadcast", "no_message_sent", "memo_already_recorded", "duplicate"):
        assert reason in out
    for problem in ("too_long", "not_a_url", "required_empty", "not_an_option"):
        assert problem in out
    assert "latency ingest → record, p99" in out
    hooks = sum(figures(helpdesk).records.total() for helpdesk in HELPDESKS)
    total = API_RECORDS + hooks + RELATION_RECORDS
    assert re.search(rf"│ total\s+│\s+{total} │", out), out


def test_the_demo_prints_each_source_sent_synced_and_records(demo_out: str) -> None:
    """One line per source: the API's events, Chatwoot's and Zendesk's webhooks, and the
    tickets Re:lation's source read."""
    rows = {cells[0]: cells[1:] for cells in _rows(demo_out, "Sources / ")}
    sent, synced, not_synced, records = map(int, rows["API (Re:lation)"])
    assert (sent, synced + not_synced, records) == (len(bundled()), sent, API_RECORDS)
    for helpdesk in HELPDESKS:
        f = figures(helpdesk)
        counts = [f.sent, f.synced, f.not_synced, f.records.total()]
        assert rows[TITLES[helpdesk]] == [str(n) for n in counts]
    tickets, _, not_synced, records = map(int, rows[relation.TITLE])
    assert (tickets, not_synced, records) == (relation.TICKETS, 0, RELATION_RECORDS)
    for reason in ("incoming", "bot_sender", "not_a_message", "channel_not_synced"):
        assert reason in demo_out


def test_bench_prints_one_json_line_per_result() -> None:
    """A small benchmark run prints the relay, ingest, webhook and comparison lines."""
    done = _run(
        "bench",
        "--backlog",
        "200",
        "--rate",
        "50",
        "--seconds",
        "1",
        "--batches",
        "5",
        "--singles",
        "20",
        "--webhooks",
        "20",
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    by_name = {line["name"]: line for line in lines}
    assert by_name["backlog"]["write_requests"] == 2
    assert by_name["steady"]["events"] == 50
    assert by_name["ingest"]["batches_of_100"] == 5
    assert (by_name["hooks"]["webhooks_per_helpdesk"], by_name["hooks"]["all_stored"]) == (20, True)
    if client_dir() is None:
        pytest.skip("kintone's JavaScript client is not installed (scripts/setup-node)")
    assert by_name["js_add_all_records"]["records"] == 200
    assert by_name["comparison"]["records"] == 200
