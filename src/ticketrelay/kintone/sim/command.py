"""`ticketrelay kintone-sim`: serve the simulator until interrupted."""

import socket
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from ticketrelay.kintone.sim.runner import quiet_drops, server_config
from ticketrelay.kintone.sim.server import KintoneSim
from ticketrelay.kintone.sim.settings import settings_from_pairs
from ticketrelay.kintone.sim.state import SimState
from ticketrelay.serving import bind

Port = Annotated[int, typer.Option(help="TCP port to listen on.")]
Host = Annotated[str, typer.Option(help="Address to listen on (loopback by default).")]
Data = Annotated[
    Path | None, typer.Option(help="Journal file that keeps the state across restarts.")
]
AdminUser = Annotated[str, typer.Option(help="Login for X-Cybozu-Authorization.")]
AdminPassword = Annotated[str, typer.Option(help="Its password.")]
DailyCap = Annotated[
    int | None, typer.Option(help="Refuse an app's requests beyond this many a day.")
]
Lang = Annotated[str, typer.Option(help="Language of messages without Accept-Language.")]
Setting = Annotated[
    list[str] | None,
    typer.Option("--set", help="Any other setting as NAME=VALUE (see SimSettings)."),
]
Quiet = Annotated[bool, typer.Option(help="Print nothing at start.")]


def kintone_sim(
    port: Port = 8090,
    host: Host = "127.0.0.1",
    data: Data = None,
    admin_user: AdminUser = "admin",
    admin_password: AdminPassword = "admin",  # noqa: S107
    daily_cap: DailyCap = None,
    lang: Lang = "ja",
    setting: Setting = None,
    quiet: Quiet = False,
) -> None:
    """Run the local kintone simulator (a development tool: /_sim/ has no authentication)."""
    cap = [] if daily_cap is None else [f"daily_request_cap={daily_cap}"]
    login = [f"admin_user={admin_user}", f"admin_password={admin_password}"]
    state = _open([*login, f"default_language={lang}", *cap, *(setting or [])], data)
    sock = _listen(state, host, port)
    if not quiet:
        _banner(host, sock.getsockname()[1], f"{admin_user}:{admin_password}", data)
    _serve(state, sock)


def _open(pairs: list[str], data: Path | None) -> SimState:
    try:
        return SimState(settings_from_pairs(pairs), data=data)
    except (ValueError, OSError) as error:
        raise _fail(f"kintone-sim: {error}") from None


def _listen(state: SimState, host: str, port: int) -> socket.socket:
    try:
        return bind(host, port)
    except OSError as error:
        state.close()
        raise _fail(f"kintone-sim: cannot listen on {host}:{port}: {error.strerror}") from None


def _serve(state: SimState, sock: socket.socket) -> None:
    quiet_drops()
    try:
        uvicorn.Server(server_config(KintoneSim(state), loop="uvloop")).run(sockets=[sock])
    finally:
        sock.close()
        state.close()


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code=2)


def _banner(host: str, port: int, login: str, data: Path | None) -> None:
    shown = "localhost" if host in ("127.0.0.1", "localhost") else host
    url = f"http://{shown}:{port}"
    typer.echo(f"kintone simulator on {url}  (state: {data or 'in memory'})")
    typer.echo(f"  password auth: X-Cybozu-Authorization = base64('{login}')")
    typer.echo(f'  create an app: curl -X POST {url}/_sim/apps -d \'{{"name": "demo"}}\'')
    typer.echo(
        f"  get a token:   curl -X POST {url}/_sim/apps/1/api-tokens "
        """-d '{"permissions": {"view": true, "add": true, "edit": true, "delete": true}}'"""
    )
