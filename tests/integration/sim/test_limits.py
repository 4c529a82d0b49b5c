"""Concurrency and daily limits (kintone-api.md §5; SPEC §10)."""

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx

from ticketrelay.kintone.sim import SimSettings, run_simulator

from .conftest import ADMIN, FakeClock


def test_over_the_concurrency_limit_is_429_gaia_to04() -> None:
    """§5: more requests in flight than the limit → 429 GAIA_TO04 with X-Cybozu-Error."""
    with run_simulator(SimSettings(concurrency_limit=2)) as sim:
        app = sim.create_app("busy")
        sim.add_fault("latency", latency_ms=1500, api="/k/v1/records.json", times=2)

        def read(_: int) -> httpx.Response:
            with httpx.Client(base_url=sim.url, timeout=30) as http:
                return http.get("/k/v1/records.json", params={"app": app}, headers=ADMIN)

        with ThreadPoolExecutor(4) as pool:
            slow = [pool.submit(read, i) for i in range(2)]
            for _ in range(10_000):
                if not sim.state.faults.listing():
                    break
                time.sleep(0.001)
            extra = read(0)
            statuses = sorted(f.result().status_code for f in slow)
    assert statuses == [200, 200]
    assert extra.status_code == 429
    assert extra.json()["code"] == "GAIA_TO04"
    assert extra.headers["X-Cybozu-Error"] == "GAIA_TO04"
    assert extra.headers["X-ConcurrencyLimit-Running"] == "3"


def test_daily_cap_per_app_resets_at_utc_midnight() -> None:
    """§5: a configurable per-app daily cap; the count restarts at 00:00 UTC."""
    clock = FakeClock()
    clock.now = datetime(2026, 11, 25, 23, 59, tzinfo=UTC)
    settings = SimSettings(daily_request_cap=2)
    with run_simulator(settings, clock=clock) as sim, httpx.Client(base_url=sim.url) as http:
        app, other = sim.create_app("capped"), sim.create_app("free")

        def get(app_id: int) -> httpx.Response:
            return http.get("/k/v1/records.json", params={"app": app_id}, headers=ADMIN)

        statuses = [get(app).status_code for _ in range(3)]
        refused = get(app)
        assert get(other).status_code == 200
        clock.now += timedelta(minutes=2)
        assert get(app).status_code == 200
    assert statuses == [200, 200, 429]
    assert refused.json()["code"] == "SIM_DAILY_LIMIT"
    assert (
        refused.json()["message"]
        == f"アプリ（id: {app}）の1日あたりのAPIリクエスト数が上限に達しました。"
    )
