"""The HTTP service: `create_app(relay, settings)` gives the FastAPI app."""

from ticketrelay.web.app import create_app

__all__ = ["create_app"]
