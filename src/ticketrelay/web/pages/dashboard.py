"""The integrations list, with the chart of records per day and channel above it."""

from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ticketrelay.web.deps import RelayDep
from ticketrelay.web.pages.chart import layout
from ticketrelay.web.pages.guards import PagesDep, SignedIn
from ticketrelay.web.pages.messages import CHANNEL_LABELS, PAUSE_OTHER, PAUSES
from ticketrelay.web.pages.render import TOKYO
from ticketrelay.web.pages.usage import Usage

router = APIRouter()


@router.get("/")
def integrations(request: Request, session: SignedIn, relay: RelayDep, pages: PagesDep) -> Response:
    """Every integration with its counts and requests today (warning near the budget), below
    the chart of the last 14 days in Tokyo."""
    overview = relay.overview(TOKYO)
    rows = [
        (
            i,
            stats,
            urlsplit(i.base_url).netloc,
            Usage.of(i, stats.requests_today, pages.daily_budget),
        )
        for i, stats in overview.rows
    ]
    return pages.renderer.page(
        request,
        "integrations.html",
        session=session,
        rows=rows,
        near_budget=[(i, usage) for i, _, _, usage in rows if usage.level != "ok"],
        chart=layout(overview.days),
        days=overview.days,
        channel_labels=CHANNEL_LABELS,
        pauses=PAUSES,
        pause_other=PAUSE_OTHER,
    )
