"""The demo's helpdesks: a Chatwoot and a Zendesk source, and their signed webhook traffic.

The demo makes both sources with generated secrets beside its event API source, then posts
each one's fake traffic (`ticketrelay.fakes`), signed, to the webhook URL it was given, through
the service's real receivers. The fakes import the demo's people and texts, so `demo/__init__`
never imports this module: only the modules that run and report the demo do.
"""

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from ticketrelay.demo.app import DEMO_ACCOUNT
from ticketrelay.demo.stream import BUNDLE_SEED
from ticketrelay.errors import Bug
from ticketrelay.fakes import Delivery, Helpdesk, Summary, replay, traffic
from ticketrelay.fakes.replay import TIMEOUT_SECONDS
from ticketrelay.secret import Secret

CHATWOOT_BASE_URL = "https://chat.demo-support.example"
ZENDESK_SUBDOMAIN = "demo-support"
# Modest beside the event API's stream, so that the demo takes about as long as without them;
# with the bundle's seed, every kind of delivery of either helpdesk is among them.
CONVERSATIONS: dict[Helpdesk, int] = {"chatwoot": 12, "zendesk": 10}
TITLES: dict[Helpdesk, str] = {"chatwoot": "Chatwoot", "zendesk": "Zendesk"}


@dataclass(frozen=True, kw_only=True)
class HookSource:
    """A webhook source the demo made: its helpdesk, ID, webhook URL and secret."""

    helpdesk: Helpdesk
    id: int
    url: str
    secret: Secret


@dataclass(frozen=True, kw_only=True)
class Played:
    """A webhook source and what replaying its traffic came back with."""

    source: HookSource
    summary: Summary


def source_body(helpdesk: Helpdesk, secret: Secret) -> dict[str, Any]:
    """The body of `POST /api/v1/sources` that makes the demo's source of `helpdesk`."""
    settings: dict[str, str] = (
        {"webhook_secret": secret.reveal(), "base_url": CHATWOOT_BASE_URL}
        if helpdesk == "chatwoot"
        else {"signing_secret": secret.reveal(), "subdomain": ZENDESK_SUBDOMAIN}
    )
    name = f"{TITLES[helpdesk]} (デモ)"
    return {"account": DEMO_ACCOUNT, "name": name, "kind": helpdesk, helpdesk: settings}


def new_secret() -> Secret:
    """A secret such as a helpdesk generates for a webhook."""
    return Secret(secrets.token_urlsafe(24))


def demo_traffic(helpdesk: Helpdesk, until: datetime) -> list[Delivery]:
    """The demo's deliveries of one helpdesk, all sent by `until`."""
    return traffic(
        helpdesk,
        seed=BUNDLE_SEED,
        conversations=CONVERSATIONS[helpdesk],
        until=until,
        base_url=CHATWOOT_BASE_URL,
    )


def play(
    source: HookSource, deliveries: Sequence[Delivery], progress: Callable[[int, int], None]
) -> Played:
    """Post the deliveries to the source's webhook URL, signed; `Bug` if any is refused."""
    with httpx.Client(timeout=TIMEOUT_SECONDS) as client:
        summary = replay(
            deliveries,
            helpdesk=source.helpdesk,
            url=source.url,
            secret=source.secret.reveal(),
            client=client,
            progress=progress,
        )
    if not summary.ok:
        raise Bug(f"The demo's {TITLES[source.helpdesk]} webhooks failed: {summary.problem()}")
    return Played(source=source, summary=summary)
