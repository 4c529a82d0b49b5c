"""Process-wide counters and a latency histogram, rendered in Prometheus' text format."""

import threading
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping

LATENCY_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0, 3600.0)


class Metrics:
    """What the service counts: events ingested, kintone requests, delivery latency."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.events_ingested = 0
        self.events_duplicate = 0
        self.kintone_requests: Counter[str] = Counter()
        self._buckets = [0] * (len(LATENCY_BUCKETS) + 1)
        self._latency_sum = 0.0
        self._latency_count = 0

    def ingested(self, accepted: int, duplicates: int) -> None:
        """Count events stored and events refused as duplicates."""
        with self._lock:
            self.events_ingested += accepted
            self.events_duplicate += duplicates

    def kintone_request(self, result: str) -> None:
        """Count one kintone request by its result: `ok`, a kintone code, or `network`."""
        with self._lock:
            self.kintone_requests[result] += 1

    def delivered(self, latencies: list[float]) -> None:
        """Observe the seconds from ingest to record stored, one value per record."""
        with self._lock:
            for seconds in latencies:
                self._buckets[bisect_left(LATENCY_BUCKETS, seconds)] += 1
                self._latency_sum += seconds
                self._latency_count += 1

    def render(self, activities_by_status: Mapping[str, int]) -> str:
        """The metrics, plus the activity gauge read from the database, as Prometheus text."""
        with self._lock:
            lines = [
                "# HELP ticketrelay_events_ingested_total Events stored.",
                "# TYPE ticketrelay_events_ingested_total counter",
                f"ticketrelay_events_ingested_total {self.events_ingested}",
                "# HELP ticketrelay_events_duplicate_total Events refused as already stored.",
                "# TYPE ticketrelay_events_duplicate_total counter",
                f"ticketrelay_events_duplicate_total {self.events_duplicate}",
                "# HELP ticketrelay_deliveries Deliveries by status.",
                "# TYPE ticketrelay_deliveries gauge",
                *(
                    f'ticketrelay_deliveries{{status="{s}"}} {n}'
                    for s, n in sorted(activities_by_status.items())
                ),
                "# HELP ticketrelay_kintone_requests_total kintone requests by result.",
                "# TYPE ticketrelay_kintone_requests_total counter",
                *(
                    f'ticketrelay_kintone_requests_total{{result="{r}"}} {n}'
                    for r, n in sorted(self.kintone_requests.items())
                ),
                *self._histogram(),
            ]
        return "\n".join(lines) + "\n"

    def _histogram(self) -> list[str]:
        name = "ticketrelay_delivery_latency_seconds"
        lines = [
            f"# HELP {name} Seconds from ingest to the record stored in kintone.",
            f"# TYPE {name} histogram",
        ]
        running = 0
        for bound, count in zip((*LATENCY_BUCKETS, "+Inf"), self._buckets, strict=True):
            running += count
            lines.append(f'{name}_bucket{{le="{bound}"}} {running}')
        lines += [f"{name}_sum {self._latency_sum}", f"{name}_count {self._latency_count}"]
        return lines
