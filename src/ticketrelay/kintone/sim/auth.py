"""Who is calling: password or API-token authentication, and per-app token permissions (§4)."""

import base64
import binascii
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from ticketrelay.kintone.sim.messages import SimError, invalid_param, msg
from ticketrelay.kintone.sim.settings import SimSettings

PERMISSIONS: Final = ("view", "add", "edit", "delete", "manage")
MAX_TOKENS: Final = 9
TOKEN_USER: Final = "Administrator"  # noqa: S105 (a user name)


@dataclass(frozen=True)
class Token:
    """An API token of one app and what it may do."""

    app: int
    permissions: frozenset[str]


@dataclass(frozen=True)
class Caller:
    """An authenticated caller: a password user (every right) or a set of app tokens."""

    user: str | None = None
    tokens: Mapping[int, Token] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The user kintone records as creator or modifier (tokens act as Administrator)."""
        return self.user or TOKEN_USER


def authenticate(
    headers: Mapping[str, Sequence[str]], settings: SimSettings, tokens: Mapping[str, Token]
) -> Caller:
    """The caller of a request, or kintone's authentication error."""
    password = headers.get("x-cybozu-authorization")
    given = [t.strip() for h in headers.get("x-cybozu-api-token", ()) for t in h.split(",")]
    given = [t for t in given if t]
    if password and (settings.password_wins_over_token or not given):
        return _password(password[0], settings)
    if given:
        return _tokens(given, settings, tokens)
    raise SimError(401, "CB_AU01")


def _password(header: str, settings: SimSettings) -> Caller:
    try:
        login, _, secret = base64.b64decode(header, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise SimError(401, "CB_WA01") from None
    if (login, secret) != (settings.admin_user, settings.admin_password):
        raise SimError(401, "CB_WA01")
    return Caller(user=login)


def _tokens(given: list[str], settings: SimSettings, tokens: Mapping[str, Token]) -> Caller:
    if len(given) > MAX_TOKENS:
        raise invalid_param("X-Cybozu-API-Token", msg("too_many_tokens"))
    by_app: dict[int, Token] = {}
    for name in given:
        token = tokens.get(name)
        if token is None:
            raise SimError(settings.invalid_token_status, "GAIA_IA02")
        if token.app in by_app:
            raise SimError(400, "GAIA_DA03")
        by_app[token.app] = token
    return Caller(tokens=by_app)


def authorize(caller: Caller, app: int, any_of: Sequence[str], settings: SimSettings) -> None:
    """Refuse unless the caller may do one of `any_of` on `app`."""
    if caller.user is not None:
        return
    token = caller.tokens.get(app)
    if token is None:
        code = settings.foreign_token_code
        raise SimError(403 if code == "GAIA_NO01" else 400, code, app)
    if not token.permissions.intersection(any_of):
        raise SimError(403, "GAIA_NO01")
