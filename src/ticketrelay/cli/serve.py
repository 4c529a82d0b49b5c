"""`ticketrelay serve`: the APIs, the settings page and a delivery worker in one process."""

import socket
from enum import StrEnum
from typing import Annotated

import typer

from ticketrelay.cli.common import fail, opened, setup_logging
from ticketrelay.serving import bind, proxy_options


class LogLevel(StrEnum):
    """How much the service logs."""

    debug = "debug"
    info = "info"
    warning = "warning"
    error = "error"


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port to listen on.", min=0, max=65535)] = 8080,
    worker: Annotated[bool, typer.Option(help="Run a delivery worker in this process too.")] = True,
    log_level: Annotated[LogLevel, typer.Option(help="How much to log.")] = LogLevel.info,
) -> None:
    """Serve the event and management APIs (and deliver, unless --no-worker) until stopped."""
    import uvicorn

    from ticketrelay.web import create_app

    setup_logging(log_level.value)
    with opened() as (settings, relay):
        sock = _bind(host, port)
        try:
            app = create_app(relay, settings, run_worker=worker)
            config = uvicorn.Config(
                app,
                log_level=log_level.value,
                server_header=False,
                timeout_keep_alive=30,
                **proxy_options(settings.trusted_proxies),
            )
            _banner(host, sock.getsockname()[1], worker, settings.admin_token is not None)
            _proxies(settings.trusted_proxies)
            uvicorn.Server(config).run(sockets=[sock])
        finally:
            sock.close()


def _bind(host: str, port: int) -> socket.socket:
    try:
        return bind(host, port)
    except OSError as exc:
        raise fail(f"Cannot listen on {host}:{port}: {exc.strerror or exc}.") from None


def _banner(host: str, port: int, worker: bool, admin: bool) -> None:
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}"
    typer.echo(f"ticketrelay on {url}  (API docs: {url}/docs)", err=True)
    typer.echo(f"  delivery worker: {'on' if worker else 'off (--no-worker)'}", err=True)
    if not admin:
        typer.echo(
            "  TICKETRELAY_ADMIN_TOKEN is not set: the management API answers 401.", err=True
        )


def _proxies(trusted: tuple[str, ...]) -> None:
    if trusted:
        typer.echo(
            f"  client addresses: from X-Forwarded-For when sent by {', '.join(trusted)}",
            err=True,
        )
