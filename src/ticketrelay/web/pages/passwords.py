"""The login password: scrypt hashes, where it is kept, and the admin token as the first
password and as the way in past the brake (`brake.py`)."""

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import datetime

from ticketrelay.secret import Secret
from ticketrelay.store import Store, admin
from ticketrelay.store.admin import Session

MIN_LENGTH = 10
_N, _R, _P = 2**14, 8, 1


def hash_password(password: str) -> str:
    """A salted scrypt hash that names its parameters: `scrypt$n$r$p$salt$hash`."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _N, _R, _P)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` is the hash of."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        found = _scrypt(password, _unb64(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(found, _unb64(digest))


def is_admin_token(password: str, token: Secret | None) -> bool:
    """Whether `password` is TICKETRELAY_ADMIN_TOKEN, compared in constant time."""
    if not token:
        return False
    return hmac.compare_digest(password.encode(), token.reveal().encode())


class Passwords:
    """Checks and changes the login password: the admin token until one is set here."""

    def __init__(
        self, store: Store, clock: Callable[[], datetime], admin_token: Secret | None
    ) -> None:
        self.store = store
        self.clock = clock
        self.admin_token = admin_token

    def configured(self) -> bool:
        """Whether anyone can log in: the admin token is set, or a password was."""
        return bool(self.admin_token) or self._stored() is not None

    def check(self, password: str) -> bool:
        """Whether `password` is the login password."""
        stored = self._stored()
        if stored is not None:
            return verify_password(password, stored)
        return is_admin_token(password, self.admin_token)

    def is_admin_token(self, password: str) -> bool:
        """Whether `password` is TICKETRELAY_ADMIN_TOKEN, whatever the login password is now."""
        return is_admin_token(password, self.admin_token)

    def change(self, password: str, keep: Session) -> None:
        """Set a new password and end every session but the one that set it."""
        hashed = hash_password(password)
        with self.store.write() as conn:
            admin.set_password_hash(conn, hashed, self.clock())
            admin.delete_other_sessions(conn, keep=keep.id_hash)

    def _stored(self) -> str | None:
        with self.store.read() as conn:
            return admin.password_hash(conn)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
