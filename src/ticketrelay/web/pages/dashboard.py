"""The integrations list, with the chart of records per day and channel above it."""

from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ticketrelay.web.deps import RelayDep
from ticketrelay.web.pages.chart import layout
from ticketrelay.web.pages.guards import RendererDep, SignedIn
from ticketrelay.web.pages.messages import CHANNEL_LABELS, PAUSE_OTHER, PAUSES
from ticketrelay.web.pages.render import TOKYO

router = APIRouter()


@router.get("/")
def integrations(
    request: Request, session: SignedIn, relay: RelayDep, renderer: RendererDep
) -> Response:
    """Every integration with its counts, below the chart of the last 14 days in Tokyo."""
    overview = relay.overview(TOKYO)
    return renderer.page(
        request,
        "integrations.html",
        session=session,
        rows=[(i, stats, urlsplit(i.base_url).netloc) for i, stats in overview.rows],
        chart=layout(overview.days),
        days=overview.days,
        channel_labels=CHANNEL_LABELS,
        pauses=PAUSES,
        pause_other=PAUSE_OTHER,
    )
