"""The brake on failed logins: counted before checking, per address, doubling, atomic."""

import threading
import time

import pytest

from ticketrelay.web.pages.brake import LoginThrottle

MINUTE = 60.0


class Clock:
    """Seconds that a test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _guess(throttle: LoginThrottle, address: str, times: int) -> list[float]:
    """Admit `times` attempts that all turn out wrong; what `admit` said to each."""
    answers = []
    for _ in range(times):
        answers.append(throttle.admit(address))
        if answers[-1] == 0:
            throttle.failed(address)
    return answers


def test_five_tries_are_checked_then_the_address_is_braked() -> None:
    """The sixth attempt is refused unchecked for 15 minutes; another address may still try."""
    throttle = LoginThrottle(clock=Clock())
    assert _guess(throttle, "10.0.0.1", 5) == [0, 0, 0, 0, 0]
    assert throttle.admit("10.0.0.1") == 15 * MINUTE
    assert throttle.admit("10.0.0.2") == 0


def test_each_failure_is_answered_more_slowly() -> None:
    """The pause before a wrong password's answer grows with each failure, up to the limit."""
    throttle = LoginThrottle(clock=Clock())
    delays = []
    for _ in range(5):
        throttle.admit("10.0.0.1")
        delays.append(throttle.failed("10.0.0.1"))
    assert delays == pytest.approx([0.3, 0.6, 0.9, 1.2, 1.5])


def test_each_brake_in_a_row_lasts_twice_as_long_up_to_a_day() -> None:
    """15 minutes, 30, 60, … and never more than 24 hours."""
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    brakes = []
    for _ in range(9):
        _guess(throttle, "10.0.0.1", 5)
        brakes.append(throttle.admit("10.0.0.1") / MINUTE)
        clock.now += brakes[-1] * MINUTE
    assert brakes == [15, 30, 60, 120, 240, 480, 960, 1440, 1440]


def test_failures_spread_beyond_the_window_do_not_brake() -> None:
    """Only the tries of the last 15 minutes count towards the limit."""
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(10):
        assert _guess(throttle, "10.0.0.1", 1) == [0]
        clock.now += 4 * MINUTE


def test_a_success_forgets_the_address() -> None:
    """After a good login, earlier failures and brakes no longer count."""
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    _guess(throttle, "10.0.0.1", 5)
    clock.now += 15 * MINUTE
    _guess(throttle, "10.0.0.1", 4)
    assert throttle.admit("10.0.0.1") == 0
    throttle.succeeded("10.0.0.1")
    _guess(throttle, "10.0.0.1", 5)
    assert throttle.admit("10.0.0.1") == 15 * MINUTE


def test_a_quiet_day_forgets_the_brakes() -> None:
    """An address that tried nothing for a day starts again at 15 minutes."""
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    _guess(throttle, "10.0.0.1", 5)
    clock.now += 15 * MINUTE + 24 * 3600 + 1
    _guess(throttle, "10.0.0.1", 5)
    assert throttle.admit("10.0.0.1") == 15 * MINUTE


def test_concurrent_attempts_check_at_most_the_limit() -> None:
    """60 wrong attempts at once from one address: exactly 5 are checked, 55 refused."""
    throttle = LoginThrottle(delay_seconds=0)
    start = threading.Barrier(60)
    checked: list[int] = []

    def attempt() -> None:
        start.wait()
        if throttle.admit("10.0.0.1") == 0:
            time.sleep(0.01)  # as long as a password check takes, or so
            checked.append(1)
            throttle.failed("10.0.0.1")

    threads = [threading.Thread(target=attempt) for _ in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == throttle.limit == 5
