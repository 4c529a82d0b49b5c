"""The HTTP service: the event and management APIs, the settings page, health and metrics,
and a delivery worker."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI

from ticketrelay import __version__
from ticketrelay.config import Settings
from ticketrelay.delivery import supervisor
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.relay import Relay
from ticketrelay.web import api, failures, health, pages
from ticketrelay.web.failures import JSONBody
from ticketrelay.web.request_body import BodyLimit


def create_app(
    relay: Relay,
    settings: Settings,
    *,
    run_worker: bool = True,
    worker_options: WorkerOptions | None = None,
) -> FastAPI:
    """The app over a relay; its lifespan runs a delivery worker unless told not to."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if not run_worker:
            yield
            return
        options = worker_options or supervisor.worker_options(settings)
        stop = anyio.Event()
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(supervisor.deliver, relay, options, stop)
            with supervisor.listening(relay):
                yield
            stop.set()

    app = FastAPI(
        title="ticketrelay",
        version=__version__,
        summary="Helpdesk activity into kintone records: the event and management APIs.",
        lifespan=lifespan,
        default_response_class=JSONBody,
    )
    app.state.relay = relay
    app.state.settings = settings
    app.add_middleware(BodyLimit)
    failures.install(app)
    app.include_router(api.router())
    app.include_router(health.router)
    _add_event_schemas(app)
    pages.install(app, relay, settings)
    return app


def _add_event_schemas(app: FastAPI) -> None:
    """Put the event models, which the event route reads itself, into the OpenAPI schema."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = FastAPI.openapi(app)
            schema.setdefault("components", {}).setdefault("schemas", {}).update(
                api.event_schemas()
            )
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
