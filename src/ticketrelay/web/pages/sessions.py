"""Login sessions kept in the database, their cookie, and the CSRF token of each session.

The cookie holds a random session ID; the database holds only its SHA-256, the session's
CSRF token and its expiry (IDLE after the last request, at most LIFETIME after login).
The cookie is HttpOnly and SameSite=Lax, and Secure whenever the request came over https
(behind a proxy, list it in TICKETRELAY_TRUSTED_PROXIES so that its X-Forwarded-Proto
counts); over plain http, as in tests on loopback, a Secure cookie would never be sent back,
so it is left off there.
"""

import hmac
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from fastapi import Request, Response

from ticketrelay.crypto import hash_token
from ticketrelay.store import Store, admin
from ticketrelay.store.admin import Session

COOKIE = "tr_session"
LOGIN_CSRF_COOKIE = "tr_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
IDLE = timedelta(hours=8)
LIFETIME = timedelta(hours=24)
_TOUCH_EVERY = timedelta(minutes=1)


class Sessions:
    """Starts, finds and ends login sessions."""

    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock

    def start(self) -> tuple[str, Session]:
        """A new session and the cookie value that names it."""
        cookie = secrets.token_urlsafe(32)
        now = self.clock()
        session = Session(
            id_hash=hash_token(cookie),
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            seen_at=now,
            expires_at=now + IDLE,
        )
        with self.store.write() as conn:
            admin.purge_expired(conn, now)
            admin.add_session(conn, session)
        return cookie, session

    def find(self, cookie: str | None) -> Session | None:
        """The live session a cookie names, its expiry moved on; None when there is none."""
        if not cookie:
            return None
        now = self.clock()
        with self.store.read() as conn:
            session = admin.get_session(conn, hash_token(cookie))
        if session is None or session.expires_at <= now:
            return None
        if now - session.seen_at >= _TOUCH_EVERY:
            expires_at = min(now + IDLE, session.created_at + LIFETIME)
            with self.store.write() as conn:
                admin.touch(conn, session.id_hash, seen_at=now, expires_at=expires_at)
        return session

    def end(self, session: Session) -> None:
        """Log a session out."""
        with self.store.write() as conn:
            admin.delete_session(conn, session.id_hash)


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    """Set a cookie of the settings page: HttpOnly, SameSite=Lax, Secure over https."""
    response.set_cookie(
        name,
        value,
        max_age=int(LIFETIME.total_seconds()),
        path="/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="lax",
    )


def csrf_ok(expected: str, given: str | None) -> bool:
    """Whether a submitted CSRF token is the expected one, compared in constant time."""
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())
