"""Bearer tokens: the admin token for the management API, source tokens for the event API."""

import hmac
from typing import Annotated

import anyio
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ticketrelay.errors import ActionRequired
from ticketrelay.model import Source
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.web.deps import relay, settings

_source_bearer = HTTPBearer(
    scheme_name="SourceToken", description="A source's token.", auto_error=False
)
_admin_bearer = HTTPBearer(
    scheme_name="AdminToken", description="TICKETRELAY_ADMIN_TOKEN.", auto_error=False
)
SourceCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_source_bearer)]
AdminCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_admin_bearer)]


class Unauthorized(ActionRequired):
    """The request lacks the token that its API needs; answered with 401."""


def is_admin_token(given: str, admin: Secret | None) -> bool:
    """Whether `given` is the admin token, compared in constant time."""
    if not admin:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), admin.reveal().encode("utf-8"))


def source_token(credentials: SourceCredentials) -> str:
    """The bearer token of the request (checked later, with the work), or 401."""
    if credentials is None:
        raise Unauthorized("Send a source token: Authorization: Bearer <source token>.")
    return credentials.credentials


def source_of(relay: Relay, token: str, admin_token: Secret | None) -> Source:
    """The live source whose token this is, or 401 (blocking: call it off the event loop)."""
    found = relay.authenticate(token)
    if found is not None:
        return found
    if is_admin_token(token, admin_token):
        raise Unauthorized("The event API takes a source token, not the admin token.")
    raise Unauthorized("The token is not a live source token: it is wrong or was revoked.")


async def admin(request: Request, credentials: AdminCredentials) -> None:
    """Pass when the request carries the admin token, else 401."""
    admin_token = settings(request).admin_token
    if not admin_token:
        raise Unauthorized(
            "The management API is off: set TICKETRELAY_ADMIN_TOKEN to switch it on."
        )
    if credentials is None:
        raise Unauthorized("Send the admin token: Authorization: Bearer <admin token>.")
    if is_admin_token(credentials.credentials, admin_token):
        return
    found = await anyio.to_thread.run_sync(relay(request).authenticate, credentials.credentials)
    if found is not None:
        raise Unauthorized("The management API takes the admin token, not a source token.")
    raise Unauthorized("The token is not the admin token (TICKETRELAY_ADMIN_TOKEN).")


SourceToken = Annotated[str, Depends(source_token)]
AdminAuth = Depends(admin)
