"""`/api/v1/sources`: the helpdesks that may send events, each with its own token."""

from typing import Annotated

import anyio
from fastapi import APIRouter, Path, Response

from ticketrelay.errors import NotFound
from ticketrelay.model import Source
from ticketrelay.web.deps import RelayDep
from ticketrelay.web.schemas.shared import MAX_ID
from ticketrelay.web.schemas.sources import SourceCreated, SourceIn, SourceList, SourceOut

router = APIRouter(tags=["sources"])


@router.post("/sources", status_code=201, summary="Create a source and its token")
async def create_source(body: SourceIn, relay: RelayDep) -> SourceCreated:
    """A new source; its token is shown this once and stored only as a hash."""
    source, token = await anyio.to_thread.run_sync(relay.create_source, body.account, body.name)
    return SourceCreated(
        id=source.id, account=source.account, name=source.name, token=token.reveal()
    )


@router.get("/sources", summary="List the sources")
async def list_sources(relay: RelayDep) -> SourceList:
    """Every source, newest first, revoked ones included."""
    found = await anyio.to_thread.run_sync(relay.list_sources)
    return SourceList(sources=[_out(s) for s in found])


@router.delete("/sources/{source_id}", status_code=204, summary="Revoke a source's token")
async def revoke_source(source_id: Annotated[int, Path()], relay: RelayDep) -> Response:
    """Revoke a source's token: it is refused from now on."""
    if not 1 <= source_id <= MAX_ID:
        raise NotFound(f"There is no live source {source_id}.")
    await anyio.to_thread.run_sync(relay.revoke_source, source_id)
    return Response(status_code=204)


def _out(source: Source) -> SourceOut:
    return SourceOut(
        id=source.id,
        account=source.account,
        name=source.name,
        created_at=source.created_at,
        revoked_at=source.revoked_at,
    )
