"""State journaled with `data=FILE` survives a restart (SPEC §10)."""

from pathlib import Path

import httpx

from ticketrelay.kintone.sim import run_simulator

from .conftest import ADMIN


def test_records_apps_and_tokens_survive_a_restart(tmp_path: Path) -> None:
    """Apps, records, updates, deletes and tokens are back after a restart; ids continue."""
    journal = tmp_path / "sim.jsonl"
    with run_simulator(data=journal) as sim, httpx.Client(base_url=sim.url) as http:
        app = sim.create_app("kept", {"t": {"type": "SINGLE_LINE_TEXT", "unique": True}})
        token = sim.issue_token(app)
        revoked = sim.issue_token(app)
        headers = {"X-Cybozu-API-Token": token}
        records = [{"t": {"value": v}} for v in ("a", "b", "c")]
        http.post("/k/v1/records.json", json={"app": app, "records": records}, headers=headers)
        http.put(
            "/k/v1/record.json",
            json={"app": app, "id": 2, "record": {"t": {"value": "B"}}},
            headers=headers,
        )
        http.delete("/k/v1/records.json", params={"app": app, "ids[0]": 3}, headers=headers)
        http.delete(f"/_sim/apps/{app}/api-tokens/{revoked}")
        before = sim.records(app)
    with run_simulator(data=journal) as sim, httpx.Client(base_url=sim.url) as http:
        assert sim.records(app) == before
        assert [r["t"]["value"] for r in before] == ["a", "B"]
        added = http.post(
            "/k/v1/record.json",
            json={"app": app, "record": {"t": {"value": "d"}}},
            headers={"X-Cybozu-API-Token": token},
        )
        assert added.json() == {"id": "4", "revision": "1"}
        duplicate = http.post(
            "/k/v1/record.json", json={"app": app, "record": {"t": {"value": "a"}}}, headers=ADMIN
        )
        assert duplicate.json()["code"] == "CB_VA01"
        refused = http.get(
            "/k/v1/records.json", params={"app": app}, headers={"X-Cybozu-API-Token": revoked}
        )
        assert refused.json()["code"] == "GAIA_IA02"


def test_failed_writes_are_not_journaled(tmp_path: Path) -> None:
    """Only committed changes reach the journal."""
    journal = tmp_path / "sim.jsonl"
    with run_simulator(data=journal) as sim, httpx.Client(base_url=sim.url) as http:
        app = sim.create_app("strict", {"t": {"type": "SINGLE_LINE_TEXT", "required": True}})
        lines = journal.read_text().count("\n")
        records = [{"t": {"value": "ok"}}, {"t": {"value": ""}}]
        assert (
            http.post(
                "/k/v1/records.json", json={"app": app, "records": records}, headers=ADMIN
            ).status_code
            == 400
        )
        assert journal.read_text().count("\n") == lines


def test_a_torn_last_line_is_dropped(tmp_path: Path) -> None:
    """A crash in the middle of a write leaves a partial line, which replay cuts off."""
    journal = tmp_path / "sim.jsonl"
    with run_simulator(data=journal) as sim:
        app = sim.create_app("torn", {"t": {"type": "SINGLE_LINE_TEXT"}})
    with journal.open("a") as file:
        file.write('{"op":"records","app":1,"put":[{"id"')
    with run_simulator(data=journal) as sim:
        assert sim.records(app) == []
        sim.state.create_app("second")
    with run_simulator(data=journal) as sim:
        assert sorted(sim.state.apps) == [1, 2]


def test_reset_empties_the_journal(tmp_path: Path) -> None:
    """POST /_sim/reset forgets everything, also across a restart."""
    journal = tmp_path / "sim.jsonl"
    with run_simulator(data=journal) as sim, httpx.Client(base_url=sim.url) as http:
        sim.create_app("gone")
        assert http.post("/_sim/reset").json() == {}
    with run_simulator(data=journal) as sim:
        assert sim.state.apps == {}
