"""Where a helpdesk posts a webhook source's deliveries: shown by the API and the settings page."""

from fastapi import Request

from ticketrelay.config import Settings
from ticketrelay.model import WEBHOOK_KINDS, Source


def hooks_base(request: Request) -> str:
    """This service's webhook address, without the kind and the source's ID.

    TICKETRELAY_PUBLIC_URL when set (behind a proxy, the address a request came to is not
    the one a helpdesk can reach), else the address of the request.
    """
    settings: Settings | None = getattr(request.app.state, "settings", None)
    base = settings.public_url if settings is not None else ""
    return f"{base or str(request.base_url).rstrip('/')}/api/v1/hooks"


def webhook_url(request: Request, source: Source) -> str | None:
    """The URL to paste into the helpdesk; None for a source of the event API."""
    if source.kind not in WEBHOOK_KINDS:
        return None
    return f"{hooks_base(request)}/{source.kind}/{source.id}"
