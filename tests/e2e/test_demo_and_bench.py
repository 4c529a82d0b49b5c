"""`ticketrelay demo` and `ticketrelay bench` run for real, as a newcomer runs them."""

import json
import os
import re
import subprocess
import sys

import pytest

from ticketrelay.benchmark.jsclient import client_dir


def _run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ticketrelay", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "COLUMNS": "160"},
    )


def test_the_demo_prints_its_table_and_exits_zero() -> None:
    """The demo replays the bundled stream and reports records, reasons, problems, latency."""
    done = _run("demo")
    assert done.returncode == 0, done.stderr
    out = done.stdout
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
    assert re.search(r"│ total\s+│\s+486 │", out), out


def test_bench_prints_one_json_line_per_result() -> None:
    """A small benchmark run prints the relay, ingest and comparison lines."""
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
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    by_name = {line["name"]: line for line in lines}
    assert by_name["backlog"]["write_requests"] == 2
    assert by_name["steady"]["events"] == 50
    assert by_name["ingest"]["batches_of_100"] == 5
    if client_dir() is None:
        pytest.skip("kintone's JavaScript client is not installed (scripts/setup-node)")
    assert by_name["js_add_all_records"]["records"] == 200
    assert by_name["comparison"]["records"] == 200
