"""How ticketrelay authenticates to kintone: API tokens or a password, optionally behind Basic.

kintone's API tokens are letters and digits; several go in one header, separated by commas.
`token_problem` checks that format where a person enters a token; `auth_headers` refuses
a token that cannot even travel in a header (one stored before that check) with
`KintoneAccessError`, which a person must fix, instead of failing deep in a request.
"""

import base64
from dataclasses import dataclass

from ticketrelay.kintone.errors import KintoneAccessError
from ticketrelay.secret import Secret

MAX_TOKENS = 9
_NAMED = {"\r": "a line break (CR)", "\n": "a line break (LF)", "\t": "a tab", " ": "a space"}


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
        headers["X-Cybozu-API-Token"] = _sendable(",".join(t.reveal() for t in auth.tokens))
    else:
        headers["X-Cybozu-Authorization"] = _pair(auth.username, auth.password)
    if basic is not None:
        headers["Authorization"] = "Basic " + _pair(basic.username, basic.password)
    return headers


def _pair(username: str, password: Secret) -> str:
    return base64.b64encode(f"{username}:{password.reveal()}".encode()).decode("ascii")


def token_problem(text: str) -> str | None:
    """What keeps `text` from being kintone API tokens, completing "The token ...", or None."""
    for position, char in enumerate(text, 1):
        if not (char.isascii() and char.isalnum()) and char != ",":
            return f"contains {_describe(char)} at position {position}"
    tokens = text.split(",")
    if "" in tokens:
        return "has an empty place between commas or at either end"
    if len(tokens) > MAX_TOKENS:
        return f"holds {len(tokens)} tokens; kintone takes at most {MAX_TOKENS} in one request"
    return None


def _sendable(value: str) -> str:
    for position, char in enumerate(value, 1):
        if not "!" <= char <= "~":
            raise KintoneAccessError(
                f"The integration's kintone API token contains {_describe(char)} at position "
                f"{position}, so it cannot be sent to kintone. Enter the token again in the "
                "integration's settings, as kintone shows it: letters and digits only."
            )
    return value


def _describe(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = f"U+{ord(char):04X}"
    if not char.isascii():
        return f"a non-ASCII character ({code})"
    if not char.isprintable():
        return f"a control character ({code})"
    return "a symbol"
