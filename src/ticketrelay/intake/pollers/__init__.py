"""The poller of each source kind that ticketrelay reads from its helpdesk's API."""

from ticketrelay.intake.polling import Poller

POLLERS: dict[str, Poller] = {}

__all__ = ["POLLERS"]
