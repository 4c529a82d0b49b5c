"""Request counters per API and method, per app and per day (kintone's day starts 00:00 UTC)."""

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any


class Stats:
    """Counts the kintone API requests the simulator answered."""

    def __init__(self) -> None:
        self.by_api: Counter[tuple[str, str]] = Counter()
        self.by_app: Counter[int] = Counter()
        self.by_day: dict[str, Counter[int]] = {}
        self.day_totals: Counter[str] = Counter()

    def count(self, api: str, method: str, apps: Iterable[int], day: str) -> None:
        """Count one request to `api`, touching `apps`, on `day` (YYYY-MM-DD, UTC)."""
        self.by_api[(api, method)] += 1
        self.day_totals[day] += 1
        today = self.by_day.setdefault(day, Counter())
        for app in set(apps):
            self.by_app[app] += 1
            today[app] += 1

    def app_today(self, app: int, day: str) -> int:
        """How many requests `app` has had on `day`."""
        return self.by_day.get(day, Counter())[app]

    def to_json(self, records: Mapping[int, int]) -> dict[str, Any]:
        """The counters as `GET /_sim/stats` returns them."""
        by_api: dict[str, dict[str, int]] = {}
        for (api, method), n in sorted(self.by_api.items()):
            by_api.setdefault(api, {})[method] = n
        return {
            "requests": {
                "total": sum(self.by_api.values()),
                "by_api": by_api,
                "by_app": {str(a): n for a, n in sorted(self.by_app.items())},
                "by_day": {
                    day: {
                        "total": self.day_totals[day],
                        "by_app": {str(a): n for a, n in sorted(apps.items())},
                    }
                    for day, apps in sorted(self.by_day.items())
                },
            },
            "records": {str(a): n for a, n in sorted(records.items())},
        }
