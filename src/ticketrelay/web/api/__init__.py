"""The `/api/v1` routes: the event API (source tokens), helpdesk webhooks (signed) and the
management API (admin token)."""

from fastapi import APIRouter

from ticketrelay.web.api import activities, errorlog, events, hooks, integrations, sources
from ticketrelay.web.api.events import event_schemas
from ticketrelay.web.auth import AdminAuth
from ticketrelay.web.schemas.shared import ErrorBody

PREFIX = "/api/v1"
_MANAGEMENT_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorBody, "description": "The body is not JSON."},
    401: {"model": ErrorBody, "description": "No admin token."},
    404: {"model": ErrorBody, "description": "There is no such thing."},
    413: {"model": ErrorBody, "description": "The body is over 5 MiB."},
    422: {"model": ErrorBody, "description": "The request is invalid."},
    503: {"model": ErrorBody, "description": "The database is busy; retry."},
}


def router() -> APIRouter:
    """Every API route under /api/v1."""
    api = APIRouter(prefix=PREFIX)
    api.include_router(events.router)
    api.include_router(hooks.router)
    management = APIRouter(dependencies=[AdminAuth], responses=_MANAGEMENT_ERRORS)
    for part in (sources, integrations, activities, errorlog):
        management.include_router(part.router)
    api.include_router(management)
    return api


__all__ = ["PREFIX", "event_schemas", "router"]
