"""ticketrelay: helpdesk activity to kintone records, never lost and never duplicated."""

from ticketrelay.config import Settings, load_settings
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.delivery.worker import Worker
from ticketrelay.errors import (
    ActionRequired,
    Bug,
    ConfigError,
    InvalidInput,
    RetryLater,
    TicketRelayError,
)
from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.relay import Relay
from ticketrelay.rules.events import Event, EventError, parse_batch, parse_event

__version__ = "0.1.0"

__all__ = [
    "ActionRequired",
    "Bug",
    "ConfigError",
    "Event",
    "EventError",
    "IntegrationSpec",
    "InvalidInput",
    "Relay",
    "RetryLater",
    "Settings",
    "TicketRelayError",
    "Worker",
    "WorkerOptions",
    "__version__",
    "load_settings",
    "parse_batch",
    "parse_event",
]
