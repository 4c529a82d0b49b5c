"""Password hashes and the brake on failed logins."""

import pytest

from ticketrelay.secret import Secret
from ticketrelay.web.pages.passwords import (
    LoginThrottle,
    hash_password,
    is_admin_token,
    verify_password,
)


def test_a_hash_verifies_its_password_only() -> None:
    """scrypt with a salt: the same password hashes differently, and verifies."""
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first != second
    assert first.startswith("scrypt$16384$8$1$")
    assert verify_password("correct horse", first)
    assert not verify_password("correct horsE", first)


def test_a_malformed_hash_verifies_nothing() -> None:
    """A damaged or foreign hash never lets anyone in."""
    for stored in ("", "scrypt$1$2", "bcrypt$x$y$z$a$b", "scrypt$a$b$c$d$e"):
        assert not verify_password("anything", stored)


def test_the_admin_token_is_compared_whole() -> None:
    """No token configured means no login with it."""
    assert is_admin_token("token", Secret("token"))
    assert not is_admin_token("toke", Secret("token"))
    assert not is_admin_token("", None)
    assert not is_admin_token("", Secret(""))


class Clock:
    """Seconds that a test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_throttle_blocks_after_five_failures_until_the_window_passes() -> None:
    """Five failures within the window block the address; the block ends with the window."""
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    delays = [throttle.failed("10.0.0.1") for _ in range(5)]
    assert delays == pytest.approx([0.3, 0.6, 0.9, 1.2, 1.5])
    assert throttle.wait_seconds("10.0.0.1") == 15 * 60
    assert throttle.wait_seconds("10.0.0.2") == 0
    clock.now += 15 * 60
    assert throttle.wait_seconds("10.0.0.1") == 0


def test_a_success_forgets_the_failures() -> None:
    """After a good login, earlier failures no longer count."""
    throttle = LoginThrottle(clock=Clock())
    for _ in range(4):
        throttle.failed("10.0.0.1")
    throttle.succeeded("10.0.0.1")
    assert throttle.failed("10.0.0.1") == 0.3
