"""Running `python -m ticketrelay` as a real process against a test database."""

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.server import ADMIN_TOKEN, SECRET_KEY
from ticketrelay.store import Store

TIMEOUT = 120


def environment(store: Store) -> dict[str, str]:
    """This process's environment with the settings of the test database."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("TICKETRELAY_")}
    return {
        **inherited,
        "TICKETRELAY_DATABASE_URL": store.engine.url.render_as_string(hide_password=False),
        "TICKETRELAY_ADMIN_TOKEN": ADMIN_TOKEN,
        "TICKETRELAY_SECRET_KEY": SECRET_KEY,
        "TICKETRELAY_KINTONE_HOSTS": "localhost",
        "COLUMNS": "100",
    }


def command(*args: str) -> list[str]:
    """The command line of `python -m ticketrelay ARGS`."""
    return [sys.executable, "-m", "ticketrelay", *args]


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the command to its end and capture what it prints."""
    return subprocess.run(
        command(*args), env=env, cwd=cwd, capture_output=True, timeout=TIMEOUT, check=False
    )


@contextmanager
def started(*args: str, env: dict[str, str], cwd: Path) -> Iterator["subprocess.Popen[bytes]"]:
    """Start the command in the background (output to files in `cwd`); stop it at the end."""
    with (cwd / "stdout.log").open("wb") as out, (cwd / "stderr.log").open("wb") as err:
        process = subprocess.Popen(command(*args), env=env, cwd=cwd, stdout=out, stderr=err)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=TIMEOUT)


def stop(process: "subprocess.Popen[bytes]", how: signal.Signals = signal.SIGTERM) -> int:
    """Send a signal and wait for the exit code."""
    process.send_signal(how)
    return process.wait(timeout=TIMEOUT)


def free_port() -> int:
    """A loopback port that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
