"""Worker options come from the settings: kintone's shared limits and how long to retry."""

from datetime import timedelta

from ticketrelay.config import Settings
from ticketrelay.delivery.supervisor import worker_options


def test_worker_options_follow_the_settings() -> None:
    """DOMAIN_CONCURRENCY, DAILY_REQUEST_BUDGET and RETRY_DAYS reach the sender."""
    settings = Settings(
        database_url="sqlite://", domain_concurrency=2, daily_request_budget=500, retry_days=3
    )
    sender = worker_options(settings).sender
    assert (sender.domain_concurrency, sender.daily_budget) == (2, 500)
    assert sender.retry.give_up_after == timedelta(days=3)


def test_a_worker_runs_two_tasks_with_the_lease_of_the_settings() -> None:
    """Each task leases under its own name; LEASE_SECONDS bounds a dead worker's lease."""
    options = worker_options(Settings(database_url="sqlite://", lease_seconds=9))
    assert options.tasks == 2
    assert options.lease == timedelta(seconds=9)


def test_a_worker_purges_with_the_retention_of_the_settings() -> None:
    """RETENTION_DAYS reaches the worker's housekeeping."""
    options = worker_options(Settings(database_url="sqlite://", retention_days=30))
    assert options.retention_days == 30
