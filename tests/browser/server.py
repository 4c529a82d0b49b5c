"""The settings page served for real: uvicorn on a loopback port in a background thread."""

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import uvicorn
from fastapi import FastAPI

from ticketrelay.config import Settings
from ticketrelay.relay import Relay
from ticketrelay.web.app import create_app

T = TypeVar("T")
ADMIN_PASSWORD = "first-admin-token"


@dataclass(frozen=True)
class Served:
    """A running settings page: its URL and the relay behind it."""

    url: str
    relay: Relay


def service_app(relay: Relay, settings: Settings) -> FastAPI:
    """The whole service (APIs and pages); tests deliver by draining a worker themselves."""
    return create_app(relay, settings, run_worker=False)


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Serve `app` on a free loopback port until the block ends; yield its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the settings page's server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


def off_thread(work: Callable[[], T]) -> T:
    """Run `work` on another thread (Playwright's sync API owns this thread's event loop)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()
