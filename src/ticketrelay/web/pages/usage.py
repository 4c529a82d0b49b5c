"""An integration's kintone requests today against its daily budget, as the pages show it.

The budget (TICKETRELAY_DAILY_REQUEST_BUDGET) runs out under ordinary streaming when each
activity goes to kintone as a request of its own, so the pages warn well before it does.
"""

from dataclasses import dataclass

from ticketrelay.delivery.limits import BUDGET_CODE
from ticketrelay.model import Integration

WARN_PERCENT = 80


@dataclass(frozen=True, kw_only=True)
class Usage:
    """Requests used of the day's budget, and whether delivery stopped because of it."""

    used: int
    budget: int
    paused: bool = False

    @classmethod
    def of(cls, integration: Integration, used: int, budget: int) -> "Usage":
        """An integration's usage; paused when the worker paused it for the budget."""
        paused = integration.status == "paused" and integration.paused_code == BUDGET_CODE
        return cls(used=used, budget=budget, paused=paused)

    @property
    def percent(self) -> int:
        """The share used, in whole percent, at most 100."""
        return min(100, self.used * 100 // self.budget)

    @property
    def spent(self) -> bool:
        """Nothing more goes to kintone today."""
        return self.paused or self.used >= self.budget

    @property
    def warn_at(self) -> int:
        """The count of requests from which the pages warn: WARN_PERCENT of the budget."""
        return -(-self.budget * WARN_PERCENT // 100)

    @property
    def warning(self) -> bool:
        """At least WARN_PERCENT used, and not yet spent."""
        return not self.spent and self.used >= self.warn_at

    @property
    def level(self) -> str:
        """`spent`, `warning` or `ok`: the CSS class of the figures."""
        return "spent" if self.spent else "warning" if self.warning else "ok"
