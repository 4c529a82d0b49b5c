"""How a delivery worker paces itself and how often it does its chores."""

from dataclasses import dataclass, field
from datetime import timedelta

from ticketrelay.delivery.sender import SenderOptions


@dataclass(frozen=True, kw_only=True)
class WorkerOptions:
    """How a worker paces itself; `sender` says how each batch is sent."""

    sender: SenderOptions = field(default_factory=SenderOptions)
    tasks: int = 2
    batches_per_lease: int = 20
    lease: timedelta = timedelta(minutes=2)
    idle_seconds: float = 1.0
    # New work waits this long for more to join it: fuller batches, fewer kintone requests
    # and database reads, for a fraction of a second of latency.
    linger_seconds: float = 0.1
    kintone_timeout: float = 30.0
    housekeeping: timedelta = timedelta(minutes=10)
    # How often the chat sessions' idle timers are looked at: a session closes at most this
    # long after its `chat_idle_minutes` ran out.
    chat_timers: timedelta = timedelta(seconds=5)
    # How often a task looks for sources due to be read from their helpdesk's API.
    poll_seconds: float = 1.0
    retention_days: int = 400
    # At most this many batches of 1,000 rows a table per round of housekeeping: a long
    # backlog (the first round on an old database) is purged over several rounds.
    purge_batches: int = 50
