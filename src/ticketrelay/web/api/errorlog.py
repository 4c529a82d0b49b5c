"""An integration's error log: read, exported as CSV, and its ERRORs queued again."""

from datetime import datetime
from typing import Annotated, Literal

import anyio
from fastapi import APIRouter, Query, Response
from pydantic import BeforeValidator, WithJsonSchema

from ticketrelay.errors import InvalidInput
from ticketrelay.model import Entry
from ticketrelay.rules.scalars import parse_time
from ticketrelay.store.errorlog import Filter
from ticketrelay.web.api.integrations import IntegrationId
from ticketrelay.web.deps import RelayDep
from ticketrelay.web.schemas.errorlog import EntryList, EntryOut, ResendIn, Resent
from ticketrelay.web.schemas.shared import EntryLimit, ErrorBody, OptionalSeverity

router = APIRouter(tags=["error log"])
CSV_TYPES = {"utf-8": "text/csv; charset=utf-8", "cp932": "text/csv; charset=shift_jis"}


def _query_time(value: object) -> datetime:
    """An RFC 3339 time; a space before the offset was a `+` that the URL did not escape."""
    if isinstance(value, str) and len(value) > 6 and value[-6] == " ":
        value = f"{value[:-6]}+{value[-5:]}"
    return parse_time(value)


def _optional_time(value: object) -> datetime | None:
    return None if value in (None, "") else _query_time(value)


QueryTime = Annotated[
    datetime | None,
    BeforeValidator(_optional_time),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


@router.get("/integrations/{integration_id}/errors", summary="Read the error log")
async def list_errors(
    integration_id: IntegrationId,
    relay: RelayDep,
    since: Annotated[QueryTime, Query(description="From this time (default: a year ago).")] = None,
    until: Annotated[QueryTime, Query(description="Before this time.")] = None,
    severity: Annotated[OptionalSeverity, Query(description="Only ERRORs or ALERTs.")] = None,
    limit: Annotated[EntryLimit, Query(description="At most this many (1,000).")] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Skip this many.")] = 0,
) -> EntryList:
    """Entries, newest first: when, which activity and field, why, and what kintone said."""
    where = Filter(since=since, until=until, severity=severity)
    found = await anyio.to_thread.run_sync(
        lambda: relay.error_log.find(integration_id, where, limit=limit or 1000, offset=offset)
    )
    return EntryList(entries=[_out(e) for e in found])


@router.get(
    "/integrations/{integration_id}/errors.csv",
    summary="Export the error log as CSV",
    response_class=Response,
    responses={
        200: {"content": {t: {"schema": {"type": "string"}} for t in CSV_TYPES.values()}},
        404: {"model": ErrorBody, "description": "There is no such integration."},
    },
)
async def export_errors(
    integration_id: IntegrationId,
    relay: RelayDep,
    encoding: Annotated[Literal["utf-8", "cp932"], Query()] = "utf-8",
    lang: Annotated[Literal["ja", "en"], Query(description="The header row's language.")] = "ja",
) -> Response:
    """The last year of the log: UTF-8 with BOM, or `?encoding=cp932` for Shift_JIS."""
    data = await anyio.to_thread.run_sync(
        lambda: relay.error_log.export(integration_id, encoding=encoding, language=lang)
    )
    name = f"ticketrelay-errors-{integration_id}.csv"
    return Response(
        data,
        media_type=CSV_TYPES[encoding],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post("/integrations/{integration_id}/errors/resend", summary="Send ERRORs again")
async def resend_errors(integration_id: IntegrationId, body: ResendIn, relay: RelayDep) -> Resent:
    """Queue the activities of some ERRORs (`ids`) or of all (`all`) again, mapped anew."""
    if body.all == (body.ids is not None):
        raise InvalidInput('Send {"ids": [entry IDs]} or {"all": true}, one of the two.')
    ids = None if body.all else body.ids
    queued = await anyio.to_thread.run_sync(relay.error_log.resend, integration_id, ids)
    return Resent(queued=queued)


def _out(entry: Entry) -> EntryOut:
    return EntryOut.model_validate(vars(entry))
