"""`python -m bench.relation_bench` at a tiny size: the shape and counts of its lines, no times."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 300


def test_each_rate_and_the_backlog_limit_are_json_lines(tmp_path: Path) -> None:
    """A tight budget: the low rate keeps up, the high one grows a backlog, every change is
    stored once, and the limit is found between them."""
    args = ["--rates", "1,8", "--minutes", "8", "--requests-per-minute", "5"]
    done = subprocess.run(
        [sys.executable, "-m", "bench.relation_bench", *args],
        cwd=ROOT,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    low, high, limit = (json.loads(line) for line in done.stdout.decode().splitlines())
    assert [low["name"], high["name"], limit["name"]] == [
        "relation_latency",
        "relation_latency",
        "relation_backlog",
    ]
    assert set(low) == set(high) == LATENCY_KEYS
    counts = [(r["changes"], r["stored"] + r["unread"], r["backlog_grows"]) for r in (low, high)]
    assert counts == [(8, 8, False), (64, 64, True)]
    assert (low["unread"], low["polls"]) == (0, 9)
    assert [low["busiest_minute"] <= 5, high["busiest_minute"] <= 5] == [True, True]
    sustained, grows = limit["sustained_rate_per_minute"], limit["grows_from_rate_per_minute"]
    assert 1 <= sustained < grows == sustained + 1 <= 8
    by_rate = limit["grows_by_rate"]
    assert (by_rate["1"], by_rate[str(sustained)], by_rate[str(grows)], by_rate["8"]) == (
        False,
        False,
        True,
        True,
    )


LATENCY_KEYS = {
    "name",
    "rate_per_minute",
    "minutes",
    "poll_seconds",
    "requests_per_minute",
    "changes",
    "stored",
    "unread",
    "polls",
    "requests",
    "busiest_minute",
    "p50_s",
    "p95_s",
    "max_s",
    "baseline_p50_s",
    "baseline_p95_s",
    "baseline_max_s",
    "backlog_grows",
    "p95_vs_baseline",
    "max_vs_baseline",
}
