"""Worker options come from the settings: kintone's shared limits and how long to retry."""

from datetime import timedelta

from ticketrelay.config import Settings
from ticketrelay.service import worker_options


def test_worker_options_follow_the_settings() -> None:
    """DOMAIN_CONCURRENCY, DAILY_REQUEST_BUDGET and RETRY_DAYS reach the courier."""
    settings = Settings(
        database_url="sqlite://", domain_concurrency=2, daily_request_budget=500, retry_days=3
    )
    courier = worker_options(settings).courier
    assert (courier.domain_concurrency, courier.daily_budget) == (2, 500)
    assert courier.retry.give_up_after == timedelta(days=3)


def test_a_worker_runs_one_task() -> None:
    """Parallelism comes from more processes, which never share a lease."""
    assert worker_options(Settings(database_url="sqlite://")).tasks == 1
