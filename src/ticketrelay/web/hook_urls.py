"""Where a helpdesk posts a webhook source's deliveries: shown by the API and the settings page."""

from fastapi import Request

from ticketrelay.model import WEBHOOK_KINDS, Source


def hooks_base(request: Request) -> str:
    """This service's webhook address, without the kind and the source's ID."""
    return f"{str(request.base_url).rstrip('/')}/api/v1/hooks"


def webhook_url(request: Request, source: Source) -> str | None:
    """The URL to paste into the helpdesk; None for a source of the event API."""
    if source.kind not in WEBHOOK_KINDS:
        return None
    return f"{hooks_base(request)}/{source.kind}/{source.id}"
