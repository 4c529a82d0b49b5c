"""What the pages' routes depend on, and the two guards that stand before them.

`install` keeps a `Pages` on `app.state.pages`; routes ask for its parts as dependencies.
`SignedIn` lets a request through only with a live session; `Checked` also demands the
session's CSRF token, from the form's hidden field or htmx's header, on every POST.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ticketrelay.errors import NotFound
from ticketrelay.model import Integration
from ticketrelay.relay import Relay
from ticketrelay.store.admin import Session
from ticketrelay.web.pages.brake import LoginThrottle
from ticketrelay.web.pages.passwords import Passwords
from ticketrelay.web.pages.render import Renderer, local_path
from ticketrelay.web.pages.sessions import COOKIE, CSRF_FIELD, CSRF_HEADER, Sessions, csrf_ok


class LoginRequired(Exception):
    """The page needs a session and the request has none."""


class CsrfRefused(Exception):
    """A form came without the session's CSRF token."""


class PageNotFound(Exception):
    """The page names something that does not exist."""


@dataclass(frozen=True, kw_only=True)
class Pages:
    """What the settings page keeps on the app: sessions, the password, rendering, the brake,
    and each integration's daily request budget (TICKETRELAY_DAILY_REQUEST_BUDGET)."""

    sessions: Sessions
    passwords: Passwords
    renderer: Renderer
    throttle: LoginThrottle
    daily_budget: int


def pages(request: Request) -> Pages:
    """The app's settings page."""
    found: Pages = request.app.state.pages
    return found


PagesDep = Annotated[Pages, Depends(pages)]


def renderer(pages: PagesDep) -> Renderer:
    """The settings page's renderer."""
    return pages.renderer


def signed_in(request: Request, pages: PagesDep) -> Session:
    """The request's live session, or LoginRequired."""
    session = pages.sessions.find(request.cookies.get(COOKIE))
    if session is None:
        raise LoginRequired
    return session


RendererDep = Annotated[Renderer, Depends(renderer)]
SignedIn = Annotated[Session, Depends(signed_in)]


async def checked(request: Request, session: SignedIn) -> Session:
    """The request's live session, when the request carries its CSRF token."""
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        value = (await request.form()).get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not csrf_ok(session.csrf_token, given):
        raise CsrfRefused
    return session


Checked = Annotated[Session, Depends(checked)]


def find_integration(relay: Relay, integration_id: int) -> Integration:
    """An integration, or the not-found page."""
    try:
        return relay.integration(integration_id)
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


def refusal(
    status_code: int, title: str, lead: str
) -> Callable[[Request, Exception], HTMLResponse]:
    """An error page that needs no session."""

    def handler(request: Request, _exc: Exception) -> HTMLResponse:
        found = pages(request)
        session = found.sessions.find(request.cookies.get(COOKIE))
        return found.renderer.page(
            request,
            "problem.html",
            session=session,
            status_code=status_code,
            title_key=title,
            lead_key=lead,
        )

    return handler
