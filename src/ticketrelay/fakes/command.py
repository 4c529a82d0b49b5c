"""`ticketrelay helpdesk-fake`: post realistic, signed helpdesk webhooks to a ticketrelay."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

import httpx
import typer

from ticketrelay.fakes.replay import TIMEOUT_SECONDS, Pace, ReplayFailed, replay
from ticketrelay.fakes.traffic import DEFAULT_BASE_URL, traffic


class Kind(StrEnum):
    """The helpdesk whose webhooks are played."""

    chatwoot = "chatwoot"
    zendesk = "zendesk"


KindOption = Annotated[
    Kind, typer.Option("--kind", help="The helpdesk to play: chatwoot or zendesk.")
]
Url = Annotated[
    str, typer.Option(help="The source's webhook_url, as POST /api/v1/sources answered it.")
]
SecretOption = Annotated[
    str,
    typer.Option(
        help="The source's secret (Chatwoot: webhook_secret; Zendesk: signing_secret).",
        envvar="TICKETRELAY_FAKE_SECRET",
    ),
]
Conversations = Annotated[
    int, typer.Option(help="How many conversations (Zendesk: tickets) to play.", min=1, max=10_000)
]
Seed = Annotated[int, typer.Option(help="The same seed plays the same conversations.")]
Rate = Annotated[
    float | None,
    typer.Option(help="At most this many deliveries a second (default: no limit).", min=0.01),
]
BaseUrl = Annotated[
    str, typer.Option(help="Chatwoot's own URL, for the addresses in its payloads (avatars).")
]


def helpdesk_fake(
    kind: KindOption,
    url: Url,
    secret: SecretOption,
    conversations: Conversations = 20,
    seed: Seed = 1,
    rate: Rate = None,
    base_url: BaseUrl = DEFAULT_BASE_URL,
) -> None:
    """Post realistic, signed Chatwoot or Zendesk webhook traffic to a ticketrelay source."""
    _check(url, secret)
    deliveries = traffic(
        kind.value,
        seed=seed,
        conversations=conversations,
        until=datetime.now(UTC),
        base_url=base_url,
    )
    pace = None if rate is None else Pace(per_second=rate)
    with httpx.Client(timeout=TIMEOUT_SECONDS) as client:
        summary = replay(
            deliveries, helpdesk=kind.value, url=url, secret=secret, client=client, pace=pace
        )
    for line in summary.lines():
        typer.echo(line)
    if not summary.ok:
        raise ReplayFailed(summary.problem())


def _check(url: str, secret: str) -> None:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise typer.BadParameter(
            f"{url!r} is not an http(s) URL; give the source's webhook_url.", param_hint="--url"
        )
    if not secret:
        raise typer.BadParameter("the source's secret is empty.", param_hint="--secret")
