"""How ticketrelay authenticates to kintone: API tokens or a password, optionally behind Basic."""

import base64
from dataclasses import dataclass

from ticketrelay.secret import Secret


@dataclass(frozen=True, kw_only=True)
class ApiTokens:
    """One or more API tokens (one per app a request touches; kintone takes at most 9)."""

    tokens: tuple[Secret, ...]

    @classmethod
    def of(cls, *tokens: str) -> "ApiTokens":
        """Build from plain token strings."""
        return cls(tokens=tuple(Secret(t) for t in tokens))


@dataclass(frozen=True, kw_only=True)
class Password:
    """A kintone user's login name and password."""

    username: str
    password: Secret


@dataclass(frozen=True, kw_only=True)
class Basic:
    """The Basic authentication some cybozu.com domains put in front of kintone."""

    username: str
    password: Secret


Auth = ApiTokens | Password


def auth_headers(auth: Auth, basic: Basic | None = None) -> dict[str, str]:
    """The request headers that carry the credentials."""
    headers: dict[str, str] = {}
    if isinstance(auth, ApiTokens):
        headers["X-Cybozu-API-Token"] = ",".join(t.reveal() for t in auth.tokens)
    else:
        headers["X-Cybozu-Authorization"] = _pair(auth.username, auth.password)
    if basic is not None:
        headers["Authorization"] = "Basic " + _pair(basic.username, basic.password)
    return headers


def _pair(username: str, password: Secret) -> str:
    return base64.b64encode(f"{username}:{password.reveal()}".encode()).decode("ascii")
