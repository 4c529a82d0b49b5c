"""`ticketrelay relation-sim` as a real process: it starts, prints its URL and token, answers."""

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

TIMEOUT = 60


def command(*args: str) -> list[str]:
    """`python -m ticketrelay relation-sim ARGS`."""
    return [sys.executable, "-m", "ticketrelay", "relation-sim", *args]


def free_port() -> int:
    """A loopback port that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@contextmanager
def started(tmp_path: Path, *args: str) -> Iterator[tuple[str, Path]]:
    """Run the command in the background until it answers; its URL and stdout file."""
    port = free_port()
    out = tmp_path / "stdout.log"
    with out.open("wb") as stdout:
        process = subprocess.Popen(command("--port", str(port), *args), stdout=stdout)
        try:
            url = f"http://localhost:{port}"
            _wait(url, process)
            yield url, out
        finally:
            process.terminate()
            process.wait(timeout=TIMEOUT)


def _wait(url: str, process: "subprocess.Popen[bytes]") -> None:
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            httpx.get(f"{url}/_sim/health", timeout=1)
            return
        except httpx.TransportError:
            assert process.poll() is None, "relation-sim exited"
            assert time.monotonic() < deadline, "relation-sim did not start"
            time.sleep(0.05)


def test_the_command_serves_seeded_tickets(tmp_path: Path) -> None:
    """With --seed and --token it serves that many tickets to that token, and says so."""
    with started(tmp_path, "--seed", "12", "--token", "secret-1") as (url, out):
        headers = {"Authorization": "Bearer secret-1"}
        with httpx.Client(base_url=url, headers=headers) as http:
            boxes = http.get("/api/v2/message_boxes").json()
            found = [
                t
                for b in boxes
                for t in http.post(
                    f"/api/v2/{b['message_box_id']}/tickets/search", json={"per_page": 50}
                ).json()
            ]
            assert len(found) == 12
            wrong = http.get("/api/v2/users", headers={"Authorization": "Bearer demo"})
            assert wrong.status_code == 401
    printed = out.read_text(encoding="utf-8")
    assert f"Re:lation simulator on {url}" in printed
    assert "token: secret-1" in printed


def test_the_demo_token_by_default(tmp_path: Path) -> None:
    """Without --token the fixed demo token is valid."""
    with started(tmp_path) as (url, _):
        headers = {"Authorization": "Bearer relation-sim-demo-token"}
        assert httpx.get(f"{url}/api/v2/message_boxes", headers=headers).json() == []


def test_a_taken_port_is_one_clear_line() -> None:
    """A port in use is reported in one line on stderr, exit code 2, no traceback."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = subprocess.run(
            command("--port", port), capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    assert done.returncode == 2
    assert done.stderr.startswith(f"relation-sim: cannot listen on 127.0.0.1:{port}: ")
    assert done.stderr.count("\n") == 1


def test_an_empty_token_is_one_clear_line() -> None:
    """A token with spaces is refused before anything starts."""
    done = subprocess.run(
        command("--token", "a b"), capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert done.returncode == 2
    assert done.stderr == "relation-sim: --token must be a non-empty word without spaces\n"
