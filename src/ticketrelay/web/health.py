"""`/healthz` (the process answers), `/readyz` (the database answers) and `/metrics`."""

import sqlalchemy as sa
from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from ticketrelay.store import deliveries
from ticketrelay.web.deps import RelayDep
from ticketrelay.web.schemas.shared import ErrorBody

router = APIRouter(tags=["health"])
PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8"


@router.get("/healthz", summary="The process answers")
async def healthz() -> dict[str, bool]:
    """Always `{"ok": true}` while the process runs."""
    return {"ok": True}


@router.get(
    "/readyz",
    summary="The database answers",
    responses={503: {"model": ErrorBody, "description": "The database does not answer."}},
)
async def readyz(relay: RelayDep) -> dict[str, bool]:
    """`{"ok": true}` when the database answers a query, else 503."""
    await relay.store.reading(lambda conn: conn.execute(sa.text("SELECT 1")).all())
    return {"ok": True}


@router.get(
    "/metrics",
    summary="Metrics in Prometheus' text format",
    response_class=PlainTextResponse,
    responses={200: {"content": {PROMETHEUS: {"schema": {"type": "string"}}}}},
)
async def metrics(relay: RelayDep) -> PlainTextResponse:
    """Events ingested, deliveries by status, kintone requests by result, delivery latency."""
    counts = await relay.store.reading(deliveries.counts)
    return PlainTextResponse(relay.metrics.render(counts), media_type=PROMETHEUS)
