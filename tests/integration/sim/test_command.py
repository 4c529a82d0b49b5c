"""`ticketrelay kintone-sim` as a real process (SPEC §10; the simulator's CLI)."""

import subprocess
import sys

import httpx

from ticketrelay.kintone.sim import SimSettings, spawn_simulator
from ticketrelay.serving import bind

from .conftest import ADMIN


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line to completion."""
    command = [sys.executable, "-m", "ticketrelay", "kintone-sim", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_process_serves_kintone_and_admin_paths() -> None:
    """The command serves on http://localhost:PORT with the settings it was given."""
    with spawn_simulator(SimSettings(default_language="en")) as remote:
        app = remote.create_app("cli", {"t": {"type": "SINGLE_LINE_TEXT", "required": True}})
        token = remote.issue_token(app, ["add"])
        with httpx.Client(base_url=remote.url) as http:
            headers = {"X-Cybozu-API-Token": token}
            response = http.post(
                "/k/v1/record.json", json={"app": app, "record": {}}, headers=headers
            )
            assert response.json()["errors"] == {"record.t.value": {"messages": ["Required."]}}
            assert (
                http.get("/k/v1/records.json", params={"app": app}, headers=ADMIN).json()[
                    "totalCount"
                ]
                is None
            )


def test_port_in_use_is_one_clear_line() -> None:
    """A taken port is reported in one line, without a traceback, exit code 2."""
    taken = bind("127.0.0.1", 0)
    taken.listen()
    try:
        result = run_cli("--port", str(taken.getsockname()[1]))
    finally:
        taken.close()
    assert result.returncode == 2
    assert result.stderr.startswith("kintone-sim: cannot listen on 127.0.0.1:")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_bad_setting_is_one_clear_line() -> None:
    """An unknown --set name is reported in one line."""
    result = run_cli("--port", "0", "--set", "nope=1")
    assert result.returncode == 2
    assert result.stderr.startswith("kintone-sim: unknown setting 'nope'")
