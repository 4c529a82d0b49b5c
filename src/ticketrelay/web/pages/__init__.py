"""The settings page: server-rendered Jinja2 with htmx, in Japanese first and English.

`install` mounts it on a FastAPI app at `/` (static files at `/static`):

    /login /logout /password /lang/{ja|en}        login, sessions, password, language
    /                                             integrations list and 14-day chart
    /integrations/new /integrations/{id}          the integration editor
    /integrations/connect|mapping|test-record     the editor's htmx parts
    /integrations/{id}/errors[/{entry}|.csv|/resend]  the error log
    /sources /sources/{id}/revoke                 sources and their tokens
    /sources/{id} /sources/{id}/secret            a webhook source: URL, guide, secret, deliveries
    /sources/relation/boxes /sources/{id}/token   a Re:lation source: its message boxes, a new token
"""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ticketrelay.config import Settings
from ticketrelay.relay import Relay
from ticketrelay.web.pages import dashboard, editor, error_log, login, sources
from ticketrelay.web.pages.brake import LoginThrottle
from ticketrelay.web.pages.guards import (
    CsrfRefused,
    LoginRequired,
    PageNotFound,
    Pages,
    login_required,
    refusal,
)
from ticketrelay.web.pages.passwords import Passwords
from ticketrelay.web.pages.render import STATIC, Renderer
from ticketrelay.web.pages.sessions import Sessions

__all__ = ["install"]


def install(
    app: FastAPI, relay: Relay, settings: Settings, *, throttle: LoginThrottle | None = None
) -> None:
    """Mount the settings page's routes and static files on `app`.

    `throttle` brakes failed logins (by default: 5 tries per address, then 15 minutes and more).
    """
    # The pages read the relay as the API does; an app of the pages alone needs it too.
    app.state.relay = relay
    app.state.pages = Pages(
        sessions=Sessions(relay.store, relay.clock),
        passwords=Passwords(relay.store, relay.clock, settings.admin_token),
        renderer=Renderer(),
        throttle=throttle or LoginThrottle(),
        daily_budget=settings.daily_request_budget,
    )
    for page in (login, dashboard, editor, error_log, sources):
        app.include_router(page.router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="pages-static")
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(CsrfRefused, refusal(403, "csrf.title", "csrf.lead"))
    app.add_exception_handler(PageNotFound, refusal(404, "notfound.title", "notfound.lead"))
