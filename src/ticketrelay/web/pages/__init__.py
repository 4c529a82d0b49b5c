"""The settings page: server-rendered Jinja2 with htmx, in Japanese first and English.

`install` mounts it on a FastAPI app at `/` (static files at `/static`):

    /login /logout /password /lang/{ja|en}        login, sessions, password, language
    /                                             integrations list and 14-day chart
    /integrations/new /integrations/{id}          the integration editor
    /integrations/connect|mapping|test-record     the editor's htmx parts
    /integrations/{id}/errors[/{entry}|.csv|/resend]  the error log
    /sources /sources/{id}/revoke                 sources and their tokens
"""

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ticketrelay.config import Settings
from ticketrelay.relay import Relay
from ticketrelay.web.pages import dashboard, editor, error_log, login, sources
from ticketrelay.web.pages.context import (
    CsrfRefused,
    LoginRequired,
    PageNotFound,
    Pages,
    login_required,
    refusal,
)
from ticketrelay.web.pages.passwords import LoginThrottle
from ticketrelay.web.pages.render import STATIC
from ticketrelay.web.pages.sessions import Sessions

__all__ = ["install"]


def install(
    app: FastAPI, relay: Relay, settings: Settings, *, throttle: LoginThrottle | None = None
) -> None:
    """Mount the settings page's routes and static files on `app`.

    `throttle` brakes failed logins (by default: 5 failures per address in 15 minutes).
    """
    pages = Pages(
        relay=relay,
        sessions=Sessions(relay.store, relay.clock),
        admin_token=settings.admin_token,
        throttle=throttle or LoginThrottle(),
    )
    for page in (login, dashboard, editor, error_log, sources):
        app.include_router(page.routes(pages), include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="pages-static")
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(CsrfRefused, refusal(pages, 403, "csrf.title", "csrf.lead"))
    app.add_exception_handler(PageNotFound, refusal(pages, 404, "notfound.title", "notfound.lead"))
