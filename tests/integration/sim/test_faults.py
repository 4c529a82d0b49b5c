"""Faults injected at run time through /_sim/faults (SPEC §10; kintone-api.md §5, §6.4)."""

import random
import time
from typing import Any

import httpx
import pytest

from ticketrelay.kintone.sim import SimSettings, Simulator, run_simulator

from .conftest import ADMIN, Kintone, error_of


def add(kintone: Kintone, app: int, title: str = "ok") -> httpx.Response:
    """Add one record."""
    return kintone.call("POST", "record.json", {"app": app, "record": {"title": {"value": title}}})


def test_error_fault_for_the_next_n_requests(kintone: Kintone, app: int) -> None:
    """A 5xx JSON answer for the next 2 matching requests, then normal answers again."""
    created = kintone.http.post(
        "/_sim/faults", json={"kind": "error", "status": 502, "code": "X_TEST", "times": 2}
    )
    assert len(created.json()["ids"]) == 1
    answers = [add(kintone, app) for _ in range(3)]
    assert [a.status_code for a in answers] == [502, 502, 200]
    assert answers[0].json()["code"] == "X_TEST"
    assert kintone.http.get("/_sim/faults").json() == {"faults": []}


def test_unavailable_is_503_plain_text(kintone: Kintone, app: int) -> None:
    """§5: maintenance looks like 503 with a plain-text body."""
    kintone.sim.add_fault("unavailable", times=1)
    response = add(kintone, app)
    assert response.status_code == 503
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text == "Service Unavailable"


def test_throttle_is_429_gaia_to04_with_header(kintone: Kintone, app: int) -> None:
    """§5: 429 GAIA_TO04 with X-Cybozu-Error."""
    kintone.sim.add_fault("throttle", times=1)
    response = add(kintone, app)
    assert error_of(response)[:2] == (429, "GAIA_TO04")
    assert response.headers["X-Cybozu-Error"] == "GAIA_TO04"
    assert response.json()["message"] == "APIの同時リクエスト数が上限を超えています。"


def test_db_lock_is_400_gaia_da02(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§6.4: GAIA_DA02 (400), and nothing is written."""
    kintone.sim.add_fault("db_lock", times=1)
    assert error_of(add(kintone, app))[:2] == (400, "GAIA_DA02")
    assert sim.records(app) == []


def test_drop_commits_then_breaks_the_connection(
    kintone: Kintone, sim: Simulator, app: int
) -> None:
    """The write happens; the client sees a broken connection instead of the answer."""
    kintone.sim.add_fault("drop", api="/k/v1/record.json", method="POST", times=1)
    with pytest.raises(httpx.RemoteProtocolError):
        add(kintone, app, "dropped")
    assert [r["title"]["value"] for r in sim.records(app)] == ["dropped"]
    assert add(kintone, app, "next").status_code == 200


def test_faults_filter_by_api_method_and_app(kintone: Kintone, sim: Simulator, app: int) -> None:
    """A fault hits only requests of its API path, method and app."""
    other = sim.create_app("other", {"title": {"type": "SINGLE_LINE_TEXT"}})
    kintone.sim.add_fault("error", api="/k/v1/record.json", method="POST", app=app)
    assert add(kintone, other).status_code == 200
    assert kintone.call("GET", "records.json", params={"app": app}).status_code == 200
    assert add(kintone, app).status_code == 500


def test_faults_switch_off(kintone: Kintone, app: int) -> None:
    """DELETE /_sim/faults switches every fault off."""
    kintone.http.post(
        "/_sim/faults", json={"faults": [{"kind": "error"}, {"kind": "latency", "latency_ms": 1}]}
    )
    assert add(kintone, app).status_code == 500
    assert kintone.http.delete("/_sim/faults").json() == {"removed": 2}
    assert add(kintone, app).status_code == 200


def test_one_fault_switches_off_by_id(kintone: Kintone, app: int) -> None:
    """DELETE /_sim/faults/{id} removes that fault only."""
    first = kintone.sim.add_fault("error", status=500)
    kintone.sim.add_fault("latency", latency_ms=1)
    assert kintone.http.delete(f"/_sim/faults/{first}").json() == {"removed": 1}
    assert [f["kind"] for f in kintone.http.get("/_sim/faults").json()["faults"]] == ["latency"]


def test_latency_delays_but_answers(kintone: Kintone, app: int) -> None:
    """A latency fault delays the answer without changing it, and is used up."""
    kintone.sim.add_fault("latency", latency_ms=20, times=1)
    assert add(kintone, app).status_code == 200
    assert kintone.http.get("/_sim/faults").json() == {"faults": []}


def timed(kintone: Kintone, method: str, api: str, body: Any = None, **params: Any) -> float:
    """Seconds one successful call took."""
    started = time.monotonic()
    response = kintone.call(method, api, body, params=params or None)
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.text
    return elapsed


def titles(count: int, start: int = 0) -> list[dict[str, Any]]:
    """Records that the `app` fixture accepts."""
    return [{"title": {"value": f"t{i:04}"}} for i in range(start, start + count)]


def test_per_record_latency_scales_with_the_records_written(kintone: Kintone, app: int) -> None:
    """100 records at 5 ms each take at least 0.5 s; one record at least its base latency."""
    kintone.sim.add_fault("latency", api="/k/v1/records.json", latency_ms=50, per_record_ms=5)
    kintone.sim.add_fault("latency", api="/k/v1/record.json", latency_ms=50, per_record_ms=5)
    assert timed(kintone, "POST", "records.json", {"app": app, "records": titles(100)}) >= 0.55
    one = {"app": app, "record": titles(1, 100)[0]}
    assert timed(kintone, "POST", "record.json", one) >= 0.055


def test_per_record_latency_counts_every_bulk_sub_request(kintone: Kintone, app: int) -> None:
    """A bulkRequest's share is per_record_ms times the records of all its sub-requests."""
    kintone.sim.add_fault("latency", api="/k/v1/bulkRequest.json", per_record_ms=5)
    payloads = [
        ("records", {"app": app, "records": titles(50)}),
        ("records", {"app": app, "records": titles(50, 50)}),
        ("record", {"app": app, "record": titles(1, 100)[0]}),
    ]
    requests = [
        {"method": "POST", "api": f"/k/v1/{api}.json", "payload": payload}
        for api, payload in payloads
    ]
    assert timed(kintone, "POST", "bulkRequest.json", {"requests": requests}) >= 0.505


def test_per_record_latency_counts_the_records_a_get_returns(kintone: Kintone, app: int) -> None:
    """A GET of records.json waits per_record_ms for each record in its answer."""
    kintone.call("POST", "records.json", {"app": app, "records": titles(100)})
    kintone.sim.add_fault("latency", api="/k/v1/records.json", method="GET", per_record_ms=5)
    assert timed(kintone, "GET", "records.json", app=app, query="limit 100") >= 0.5


@pytest.mark.parametrize("value", [-1, "5", True, None, 3_600_001])
def test_bad_per_record_ms_is_refused(kintone: Kintone, value: object) -> None:
    """per_record_ms must be a number of milliseconds, 0 to an hour → otherwise 400 saying so."""
    response = kintone.http.post("/_sim/faults", json={"kind": "latency", "per_record_ms": value})
    assert response.status_code == 400
    assert response.json()["error"] == (
        f"bad fault: per_record_ms must be a number of milliseconds, 0 to 3600000, not {value!r}"
    )


def test_bad_fault_is_refused(kintone: Kintone) -> None:
    """An unknown kind or key → 400 with the reason."""
    response = kintone.http.post("/_sim/faults", json={"kind": "meteor"})
    assert response.status_code == 400
    assert response.json()["error"].startswith("bad fault: kind must be one of")


def test_probability_uses_the_seeded_generator() -> None:
    """With fault_seed, a probability fault hits a reproducible subset of requests."""
    draws = random.Random(7)
    expected = [draws.random() < 0.5 for _ in range(20)]
    with run_simulator(SimSettings(fault_seed=7)) as sim, httpx.Client(base_url=sim.url) as http:
        app = sim.create_app("p", {"t": {"type": "SINGLE_LINE_TEXT"}})
        sim.add_fault("error", probability=0.5)
        got = [
            http.post("/k/v1/record.json", json={"app": app}, headers=ADMIN).status_code == 500
            for _ in range(20)
        ]
    assert got == expected
    assert 0 < sum(got) < 20


def test_a_huge_latency_is_refused_without_printing_it_whole(kintone: Kintone) -> None:
    """An integer too large for a float is a 400 that shows its first digits only."""
    body = '{"kind": "latency", "latency_ms": ' + "9" * 400 + "}"
    response = kintone.http.post("/_sim/faults", content=body)
    assert response.status_code == 400
    assert response.json()["error"] == (
        "bad fault: latency_ms must be a number of milliseconds, 0 to 3600000, not "
        + "9" * 37
        + "..."
    )
