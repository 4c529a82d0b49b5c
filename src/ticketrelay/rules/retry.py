"""When to try again: pure decisions from attempt counts, stored by the caller as due times."""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, kw_only=True)
class RetryPolicy:
    """Exponential backoff with jitter, for deliveries and for probing a paused integration."""

    first: timedelta = timedelta(seconds=2)
    longest: timedelta = timedelta(minutes=10)
    give_up_after: timedelta = timedelta(days=7)
    probe_first: timedelta = timedelta(seconds=30)
    probe_longest: timedelta = timedelta(hours=1)
    jitter: float = 0.25

    @property
    def give_up_days(self) -> float:
        """How many days a delivery is retried before it is given up."""
        return self.give_up_after / timedelta(days=1)

    def next_attempt(
        self, *, attempts: int, first_attempt_at: datetime | None, now: datetime, rand: float
    ) -> datetime | None:
        """When to try a failed delivery again, or None once retries have run for too long."""
        started = first_attempt_at or now
        if now - started >= self.give_up_after:
            return None
        return now + self._backoff(self.first, self.longest, attempts, rand)

    def next_probe(self, *, probes: int, now: datetime, rand: float) -> datetime:
        """When to ask kintone again whether a paused integration's settings work now."""
        return now + self._backoff(self.probe_first, self.probe_longest, probes, rand)

    def _backoff(self, first: timedelta, longest: timedelta, tries: int, rand: float) -> timedelta:
        """`first` doubled per try up to `longest`, spread by up to ±jitter (rand in [0, 1))."""
        factor: int = 2 ** min(max(tries, 0), 32)
        delay = min(first * factor, longest)
        return delay * (1 + self.jitter * (2 * rand - 1))


NO_WAITING = RetryPolicy(
    first=timedelta(0),
    longest=timedelta(0),
    probe_first=timedelta(0),
    probe_longest=timedelta(0),
)
