"""The error log of an integration: filters, a detail view, resend, and the CSV export."""

import json
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from ticketrelay.rules.mapping import load_zone
from ticketrelay.rules.problems import VALUE_LABELS
from ticketrelay.rules.values import TIME_KEYS, VALUE_KEYS
from ticketrelay.store import activities, deliveries, errorlog, reports
from ticketrelay.store.admin import Session
from ticketrelay.store.errorlog import Filter
from ticketrelay.web.pages.context import PageNotFound, Pages
from ticketrelay.web.pages.render import TOKYO, language

PAGE_SIZE = 50


def routes(pages: Pages) -> APIRouter:
    """The error log's routes."""
    router = APIRouter()
    checked = Annotated[Session, Depends(pages.checked)]
    signed_in = Annotated[Session, Depends(pages.signed_in)]
    relay = pages.relay

    @router.get("/integrations/{integration_id:int}/errors")
    def error_log(
        request: Request,
        integration_id: int,
        session: signed_in,
        severity: str = "",
        since: str = "",
        until: str = "",
        channel: str = "",
        field: str = "",
        page: str = "1",
    ) -> Response:
        integration = pages.integration(integration_id)
        zone = load_zone(integration.timezone) or TOKYO
        where = Filter(
            since=_day_start(since, zone),
            until=_day_start(until, zone, next_day=True),
            severity="error" if severity == "error" else "alert" if severity == "alert" else None,
            channel_name=channel or None,
            field_code=field or None,
        )
        number = max(int(page), 1) if page.isascii() and page.isdigit() else 1
        offset = (number - 1) * PAGE_SIZE
        entries = relay.errors(integration_id, where, limit=PAGE_SIZE, offset=offset)
        with relay.store.read() as conn:
            total = errorlog.count(conn, integration_id, _with_year(where, pages))
            channels, fields = reports.error_filters(conn, integration_id)
        query = {"severity": severity, "since": since, "until": until, "channel": channel}
        query["field"] = field
        return pages.renderer.page(
            request,
            "error_log.html",
            session=session,
            integration=integration,
            entries=entries,
            total=total,
            page=number,
            pages_count=max(1, -(-total // PAGE_SIZE)),
            query=query,
            channels=channels,
            fields=fields,
        )

    @router.get("/integrations/{integration_id:int}/errors/{entry_id:int}")
    def entry_detail(
        request: Request, integration_id: int, entry_id: int, session: signed_in
    ) -> Response:
        integration = pages.integration(integration_id)
        with relay.store.read() as conn:
            entry = errorlog.get(conn, integration_id, entry_id)
            if entry is None:
                raise PageNotFound
            stored = activities.get_many(conn, [entry.activity_id]).get(entry.activity_id)
            fates = deliveries.of_activities(conn, [entry.activity_id]).get(entry.activity_id, [])
        fate = next((f for f in fates if f["integration_id"] == integration_id), None)
        return pages.renderer.page(
            request,
            "error_entry.html",
            session=session,
            integration=integration,
            entry=entry,
            values=_values(stored.values if stored else None),
            fate=fate,
        )

    @router.post("/integrations/{integration_id:int}/errors/resend")
    async def resend(request: Request, integration_id: int, session: checked) -> Response:
        pages.integration(integration_id)
        form = await request.form()
        ids = [int(i) for i in form.getlist("ids") if isinstance(i, str) and i.isdigit()]
        every = form.get("all") == "1"
        count = relay.resend(integration_id, None if every else ids) if every or ids else 0
        key = "resent" if count else "nothing_resent"
        target = f"/integrations/{integration_id}/errors?msg={key}&count={count}"
        return RedirectResponse(target, status_code=303)

    @router.get("/integrations/{integration_id:int}/errors.csv")
    def export(
        request: Request, integration_id: int, session: signed_in, encoding: str = "utf-8"
    ) -> Response:
        integration = pages.integration(integration_id)
        chosen: Literal["utf-8", "cp932"] = "cp932" if encoding == "cp932" else "utf-8"
        body = relay.export_errors(integration_id, encoding=chosen, language=language(request))
        day = pages.now().astimezone(load_zone(integration.timezone) or TOKYO).strftime("%Y%m%d")
        charset = "shift_jis" if chosen == "cp932" else "utf-8"
        name = f"ticketrelay-errors-{integration_id}-{day}.csv"
        return Response(
            body,
            media_type=f"text/csv; charset={charset}",
            headers={
                "Content-Disposition": f'attachment; filename="{name}"',
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    return router


def _day_start(text: str, zone: Any, *, next_day: bool = False) -> datetime | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    if next_day:
        day += timedelta(days=1)
    return datetime.combine(day, time(), tzinfo=zone)


def _with_year(where: Filter, pages: Pages) -> Filter:
    if where.since is not None:
        return where
    return Filter(**{**vars(where), "since": pages.now() - timedelta(days=365)})


def _values(text: str | None) -> list[tuple[str, tuple[str, str], Any]] | None:
    """The activity's eleven values in order, with their (Japanese, English) names."""
    if text is None:
        return None
    stored: dict[str, Any] = json.loads(text)
    found = []
    for key in VALUE_KEYS:
        value = stored.get(key)
        if key in TIME_KEYS and isinstance(value, str) and value:
            value = datetime.fromisoformat(value)
        en, ja = VALUE_LABELS[key]
        found.append((key, (ja, en), value))
    return found
