"""The poller of each source kind that ticketrelay reads from its helpdesk's API."""

from ticketrelay.intake.pollers.chatwoot import poll_chatwoot
from ticketrelay.intake.pollers.relation import poll_relation
from ticketrelay.intake.pollers.zendesk import poll_zendesk
from ticketrelay.intake.polling import Poller

POLLERS: dict[str, Poller] = {
    "chatwoot": poll_chatwoot,
    "zendesk": poll_zendesk,
    "relation": poll_relation,
}

__all__ = ["POLLERS"]
