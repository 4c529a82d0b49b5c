"""Shipped fakes of Chatwoot's and Zendesk's webhook traffic, for tests, the demo and benchmarks.

    chatwoot, zendesk    payload builders with the helpdesk's shapes, and `sign`
    traffic              deterministic streams of realistic deliveries for a seed
    replay               those deliveries posted to a webhook URL, signed, and a summary
    command              `ticketrelay helpdesk-fake`

From Python:

    deliveries = chatwoot_traffic(seed=1, conversations=20, until=datetime.now(UTC))
    with httpx.Client() as client:
        summary = replay(deliveries, helpdesk="chatwoot", url=url, secret=s, client=client)
"""

from ticketrelay.fakes.replay import Pace, ReplayFailed, Summary, Unreachable, replay
from ticketrelay.fakes.stream import CHATTING, NOT_SYNCING, SYNCING, Delivery
from ticketrelay.fakes.traffic import (
    HELPDESKS,
    Helpdesk,
    chatwoot_traffic,
    traffic,
    zendesk_traffic,
)

__all__ = [
    "CHATTING",
    "HELPDESKS",
    "NOT_SYNCING",
    "SYNCING",
    "Delivery",
    "Helpdesk",
    "Pace",
    "ReplayFailed",
    "Summary",
    "Unreachable",
    "chatwoot_traffic",
    "replay",
    "traffic",
    "zendesk_traffic",
]
