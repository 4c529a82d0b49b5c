"""`ticketrelay relation-sim`: serve the Re:lation simulator until interrupted."""

import random
import socket
from typing import Annotated

import typer
import uvicorn

from ticketrelay.fakes.relation.runner import base_url, listen, server_config
from ticketrelay.fakes.relation.seed import seed
from ticketrelay.fakes.relation.server import RelationSim
from ticketrelay.fakes.relation.state import DEMO_TOKEN, RelationState

Port = Annotated[int, typer.Option(help="TCP port to listen on.", min=0, max=65535)]
Host = Annotated[str, typer.Option(help="Address to listen on (loopback by default).")]
Token = Annotated[str, typer.Option(help="The API token clients send as Bearer.")]
Seed = Annotated[
    int, typer.Option("--seed", help="Start with this many realistic tickets.", min=0, max=10_000)
]
RateLimit = Annotated[
    int, typer.Option(help="Requests a token may send a minute (Re:lation: 60).", min=1)
]
Quiet = Annotated[bool, typer.Option(help="Print nothing at start.")]


def relation_sim(
    port: Port = 8091,
    host: Host = "127.0.0.1",
    token: Token = DEMO_TOKEN,
    tickets: Seed = 0,
    rate_limit: RateLimit = 60,
    quiet: Quiet = False,
) -> None:
    """Run a local Re:lation API simulator (a development tool: /_sim/ has no authentication)."""
    if not token.strip() or any(c.isspace() for c in token):
        raise _fail("relation-sim: --token must be a non-empty word without spaces")
    state = RelationState(token=token, rate_limit=rate_limit)
    if tickets:
        seed(state, tickets, random.Random(tickets))  # noqa: S311 (not a secret)
    sock = _listen(host, port)
    if not quiet:
        _banner(base_url(host, sock.getsockname()[1]), token, len(state.tickets))
    try:
        uvicorn.Server(server_config(RelationSim(state))).run(sockets=[sock])
    finally:
        sock.close()


def _listen(host: str, port: int) -> socket.socket:
    try:
        return listen(host, port)
    except OSError as error:
        reason = error.strerror or str(error)
        raise _fail(f"relation-sim: cannot listen on {host}:{port}: {reason}") from None


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code=2)


def _banner(url: str, token: str, tickets: int) -> None:
    typer.echo(f"Re:lation simulator on {url}  ({tickets} tickets)")
    typer.echo(f"  token: {token}")
    typer.echo(f"  try:   curl -H 'Authorization: Bearer {token}' {url}/api/v2/message_boxes")
    typer.echo(f"  add:   curl -X POST {url}/_sim/seed -d '{{\"tickets\": 10}}'")
