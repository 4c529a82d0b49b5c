"""Serving an ASGI app with uvicorn: on a bound socket, in a background thread if asked."""

import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import uvicorn

STARTUP_SECONDS = 15.0


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket (port 0: a free one); OSError when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, so that asyncio sets TCP_NODELAY on each connection it accepts:
    # without it an answer's head and body wait for the client's delayed ACK, some 40 ms.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


@contextmanager
def in_thread(config: uvicorn.Config, sock: socket.socket) -> Iterator[int]:
    """Serve on `sock` in a daemon thread for the block; yield the port it listens on."""
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server of {config.app!r} did not start")
            time.sleep(0.005)
        yield int(sock.getsockname()[1])
    finally:
        server.should_exit = True
        thread.join()
        sock.close()


def proxy_options(trusted: Sequence[str]) -> dict[str, Any]:
    """uvicorn's proxy settings: X-Forwarded-For and -Proto count only from `trusted` peers.

    uvicorn's own default trusts them from loopback, so that anything on the machine could
    claim any client address; without trusted proxies the headers are not read at all.
    """
    return {"proxy_headers": bool(trusted), "forwarded_allow_ips": list(trusted)}


def quiet_config(app: Any, **options: Any) -> uvicorn.Config:
    """uvicorn's settings for a server the user did not start: no access log, no header."""
    return uvicorn.Config(
        app,
        access_log=False,
        log_level="warning",
        server_header=False,
        timeout_keep_alive=30,
        **{**proxy_options(()), **options},
    )
