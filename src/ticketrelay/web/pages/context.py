"""What every page's routes share: the relay, the settings, sessions, and the two guards.

`signed_in` lets a request through only with a live session; `checked` also demands the
session's CSRF token, from the form's hidden field or htmx's header, on every POST.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

import anyio
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ticketrelay.model import Integration
from ticketrelay.relay import NotFound, Relay
from ticketrelay.secret import Secret
from ticketrelay.store.admin import Session
from ticketrelay.web.pages.passwords import LoginThrottle
from ticketrelay.web.pages.render import Renderer, local_path
from ticketrelay.web.pages.sessions import COOKIE, CSRF_FIELD, CSRF_HEADER, Sessions, csrf_ok


class LoginRequired(Exception):
    """The page needs a session and the request has none."""


class CsrfRefused(Exception):
    """A form came without the session's CSRF token."""


class PageNotFound(Exception):
    """The page names something that does not exist."""


@dataclass
class Pages:
    """The settings page's dependencies, handed to each page's routes."""

    relay: Relay
    sessions: Sessions
    admin_token: Secret | None
    renderer: Renderer = field(default_factory=Renderer)
    throttle: LoginThrottle = field(default_factory=LoginThrottle)

    def now(self) -> datetime:
        """The relay's clock."""
        return self.relay.clock()

    def signed_in(self, request: Request) -> Session:
        """The request's live session, or LoginRequired."""
        session = self.sessions.find(request.cookies.get(COOKIE))
        if session is None:
            raise LoginRequired
        return session

    async def checked(self, request: Request) -> Session:
        """The request's live session, when the request carries its CSRF token."""
        session = await anyio.to_thread.run_sync(self.signed_in, request)
        given = request.headers.get(CSRF_HEADER)
        if given is None:
            value = (await request.form()).get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
        if not csrf_ok(session.csrf_token, given):
            raise CsrfRefused
        return session

    def integration(self, integration_id: int) -> Integration:
        """An integration, or the not-found page."""
        try:
            return self.relay.integration(integration_id)
        except NotFound as exc:
            raise PageNotFound from exc


def login_required(request: Request, _exc: Exception) -> Response:
    """Send the visitor to the login page, and back here afterwards."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET" or request.headers.get("HX-Request"):
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        target = current.path + (f"?{current.query}" if current.query else "")
    target = local_path(target)
    location = "/login" if target == "/" else f"/login?next={quote(target, safe='')}"
    if request.headers.get("HX-Request"):
        return Response(status_code=204, headers={"HX-Redirect": location})
    return RedirectResponse(location, status_code=303)


def refusal(pages: Pages, status_code: int, title: str, lead: str) -> Any:
    """An error page that needs no session."""

    def handler(request: Request, _exc: Exception) -> HTMLResponse:
        session = pages.sessions.find(request.cookies.get(COOKIE))
        return pages.renderer.page(
            request,
            "problem.html",
            session=session,
            status_code=status_code,
            title_key=title,
            lead_key=lead,
        )

    return handler
