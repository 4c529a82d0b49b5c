"""Retry decisions: exponential backoff with jitter, and giving up after seven days."""

from datetime import UTC, datetime, timedelta

import pytest

from ticketrelay.rules.retry import NO_WAITING, RetryPolicy

NOW = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("attempts", "seconds"), [(0, 2), (1, 4), (2, 8), (5, 64), (9, 600), (1000, 600)]
)
def test_backoff_doubles_up_to_ten_minutes(attempts: int, seconds: int) -> None:
    """Without jitter (rand 0.5), the delay is 2 s doubled per attempt, at most 10 minutes."""
    due = RetryPolicy().next_attempt(attempts=attempts, first_attempt_at=NOW, now=NOW, rand=0.5)
    assert due == NOW + timedelta(seconds=seconds)


def test_jitter_spreads_by_a_quarter_either_way() -> None:
    """rand 0 and rand near 1 give the shortest and the longest delay."""
    policy = RetryPolicy()
    low = policy.next_attempt(attempts=3, first_attempt_at=NOW, now=NOW, rand=0.0)
    high = policy.next_attempt(attempts=3, first_attempt_at=NOW, now=NOW, rand=0.999999)
    assert low == NOW + timedelta(seconds=12)
    assert high is not None
    assert timedelta(seconds=19.99) < high - NOW <= timedelta(seconds=20)


def test_gives_up_after_seven_days() -> None:
    """A delivery first tried seven days ago gets no further attempt."""
    policy = RetryPolicy()
    started = NOW - timedelta(days=7)
    assert policy.next_attempt(attempts=500, first_attempt_at=started, now=NOW, rand=0.5) is None
    almost = NOW - timedelta(days=7) + timedelta(seconds=1)
    assert policy.next_attempt(attempts=500, first_attempt_at=almost, now=NOW, rand=0.5)


def test_the_retry_window_in_days_follows_the_policy() -> None:
    """Seven days by default; RETRY_DAYS sets whole days, and shorter windows are fractions."""
    assert RetryPolicy().give_up_days == 7
    assert RetryPolicy(give_up_after=timedelta(days=3)).give_up_days == 3
    assert RetryPolicy(give_up_after=timedelta(hours=12)).give_up_days == 0.5


def test_probes_back_off_up_to_an_hour() -> None:
    """A paused integration is probed after 30 s, then less and less often, at most hourly."""
    policy = RetryPolicy()
    assert policy.next_probe(probes=0, now=NOW, rand=0.5) == NOW + timedelta(seconds=30)
    assert policy.next_probe(probes=20, now=NOW, rand=0.5) == NOW + timedelta(hours=1)


def test_no_waiting_for_tests() -> None:
    """The policy tests use retries at once, and still gives up after seven days."""
    assert NO_WAITING.next_attempt(attempts=3, first_attempt_at=NOW, now=NOW, rand=0.7) == NOW
    old = NOW - timedelta(days=8)
    assert NO_WAITING.next_attempt(attempts=3, first_attempt_at=old, now=NOW, rand=0.7) is None
