"""Password hashes, and the admin token as a password."""

from ticketrelay.secret import Secret
from ticketrelay.web.pages.passwords import hash_password, is_admin_token, verify_password


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
