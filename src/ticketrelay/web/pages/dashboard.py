"""The integrations list, with the chart of records per day and channel above it."""

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ticketrelay.rules.mapping import load_zone
from ticketrelay.store import reports
from ticketrelay.store.admin import Session
from ticketrelay.web.pages.chart import layout
from ticketrelay.web.pages.context import Pages
from ticketrelay.web.pages.messages import CHANNEL_LABELS, PAUSE_OTHER, PAUSES
from ticketrelay.web.pages.render import TOKYO


def routes(pages: Pages) -> APIRouter:
    """The integrations list's route."""
    router = APIRouter()
    signed_in = Annotated[Session, Depends(pages.signed_in)]
    relay = pages.relay

    @router.get("/")
    def integrations(request: Request, session: signed_in) -> Response:
        found = relay.list_integrations()
        now = pages.now()
        zoned = [(i, load_zone(i.timezone) or TOKYO) for i in found]
        with relay.store.read() as conn:
            stats = reports.integration_stats(conn, zoned, now)
            days = reports.daily_channels(conn, now, TOKYO)
        return pages.renderer.page(
            request,
            "integrations.html",
            session=session,
            rows=[(i, stats[i.id], urlsplit(i.base_url).netloc) for i in found],
            chart=layout(days),
            days=days,
            channel_labels=CHANNEL_LABELS,
            pauses=PAUSES,
            pause_other=PAUSE_OTHER,
        )

    return router
