"""The login password: scrypt hashes, where it is kept, the admin token as the first
password, and a brake on failed logins."""

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
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


@dataclass
class LoginThrottle:
    """Refuses logins from an address after several failures, and slows each failure down.

    Kept in memory: each server process brakes on its own, which is enough to make guessing
    slow without locking the real administrator out for long.
    """

    max_failures: int = 5
    window_seconds: float = 15 * 60
    delay_seconds: float = 0.3
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_seconds(self, address: str) -> float:
        """How long `address` must wait before it may try again (0: it may try now)."""
        with self._lock:
            recent = self._recent(address)
            if len(recent) < self.max_failures:
                return 0.0
            return recent[0] + self.window_seconds - self.clock()

    def failed(self, address: str) -> float:
        """Count a failure; return how long to pause before answering it."""
        with self._lock:
            recent = self._recent(address)
            recent.append(self.clock())
            self._failures[address] = recent
            return self.delay_seconds * min(len(recent), self.max_failures)

    def succeeded(self, address: str) -> None:
        """Forget the failures of `address`."""
        with self._lock:
            self._failures.pop(address, None)

    def _recent(self, address: str) -> list[float]:
        since = self.clock() - self.window_seconds
        return [t for t in self._failures.get(address, []) if t > since]
