"""Re:lation's limit of 60 requests a minute, and the counters that prove a client kept to it.

README.md of the API docs: 60 requests a minute, `X-RateLimit-Limit`, `X-RateLimit-Remaining`
and `X-RateLimit-Reset` (unix time), 403 past the limit. The windows here are whole minutes of
the clock, one count per token; both choices are the simulator's (docs/relation-api.md).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

MINUTE: Final = 60
DEFAULT_LIMIT: Final = 60


@dataclass(frozen=True)
class Allowance:
    """The verdict on one request, and the three headers every answer to it carries."""

    allowed: bool
    limit: int
    remaining: int
    reset: int

    def headers(self) -> tuple[tuple[bytes, bytes], ...]:
        """`X-RateLimit-Limit`, `-Remaining` and `-Reset` (unix time)."""
        return (
            (b"x-ratelimit-limit", str(self.limit).encode()),
            (b"x-ratelimit-remaining", str(self.remaining).encode()),
            (b"x-ratelimit-reset", str(self.reset).encode()),
        )


@dataclass(frozen=True)
class Busiest:
    """The minute with the most requests: its start and how many came in it."""

    minute: datetime
    requests: int

    def to_json(self) -> dict[str, Any]:
        """As `GET /_sim/stats` shows it."""
        return {"minute": self.minute.isoformat(), "requests": self.requests}


class RateLimiter:
    """Counts each token's requests per clock minute, refused ones too; refuses past the limit."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self.limit = limit
        self._counts: Counter[tuple[str, int]] = Counter()

    def take(self, token: str, now: datetime) -> Allowance:
        """Count one request of `token` at `now`; whether it may be served."""
        window = int(now.timestamp()) // MINUTE * MINUTE
        self._counts[token, window] += 1
        used = self._counts[token, window]
        return Allowance(used <= self.limit, self.limit, max(self.limit - used, 0), window + MINUTE)

    def per_minute(self, token: str | None = None) -> dict[int, int]:
        """Requests by minute (unix time of its start), of one token or of all tokens together."""
        totals: Counter[int] = Counter()
        for (name, window), count in self._counts.items():
            if token is None or name == token:
                totals[window] += count
        return dict(sorted(totals.items()))

    def busiest(self, token: str | None = None) -> Busiest | None:
        """The busiest minute of one token (or of all together); None before any request."""
        minutes = self.per_minute(token)
        if not minutes:
            return None
        window, count = max(minutes.items(), key=lambda item: (item[1], -item[0]))
        return Busiest(datetime.fromtimestamp(window, UTC), count)

    def tokens(self) -> list[str]:
        """The tokens that sent any request."""
        return sorted({name for name, _ in self._counts})

    def clear(self) -> None:
        """Forget every count."""
        self._counts.clear()
