"""The error log of an integration: filters, a detail view, resend, and the CSV export."""

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from ticketrelay.errors import NotFound
from ticketrelay.model import Integration, Severity
from ticketrelay.rules.mapping import load_zone
from ticketrelay.rules.problems import VALUE_LABELS
from ticketrelay.rules.values import TIME_KEYS, VALUE_KEYS
from ticketrelay.store.errorlog import Filter
from ticketrelay.web.deps import RelayDep
from ticketrelay.web.pages.guards import (
    Checked,
    PageNotFound,
    RendererDep,
    SignedIn,
    find_integration,
)
from ticketrelay.web.pages.render import TOKYO, language

router = APIRouter()
PAGE_SIZE = 50
SEVERITIES: dict[str, Severity] = {"error": "error", "alert": "alert"}


@dataclass(frozen=True, kw_only=True)
class LogQuery:
    """The error log's filters and page number, as typed into its query string."""

    severity: str = ""
    since: str = ""
    until: str = ""
    channel: str = ""
    field: str = ""
    page: str = "1"

    def number(self) -> int:
        """The page number; 1 for anything but a positive number."""
        return max(int(self.page), 1) if self.page.isascii() and self.page.isdigit() else 1

    def filters(self) -> dict[str, str]:
        """The filters alone, to keep in the links to other pages."""
        return {key: value for key, value in asdict(self).items() if key != "page"}

    def where(self, zone: tzinfo) -> Filter:
        """The filter of the error log's query, its days local to `zone`."""
        return Filter(
            since=_day_start(self.since, zone),
            until=_day_start(self.until, zone, next_day=True),
            severity=SEVERITIES.get(self.severity),
            channel_name=self.channel or None,
            field_code=self.field or None,
        )


@router.get("/integrations/{integration_id:int}/errors")
def error_log(
    request: Request,
    integration_id: int,
    session: SignedIn,
    relay: RelayDep,
    renderer: RendererDep,
    query: Annotated[LogQuery, Depends()],
) -> Response:
    """One page of the log's entries that pass the filters, newest first."""
    integration = find_integration(relay, integration_id)
    where = query.where(_zone(integration))
    offset = (query.number() - 1) * PAGE_SIZE
    entries = relay.error_log.find(integration_id, where, limit=PAGE_SIZE, offset=offset)
    total = relay.error_log.count(integration_id, where)
    channels, fields = relay.error_log.filters(integration_id)
    return renderer.page(
        request,
        "error_log.html",
        session=session,
        integration=integration,
        entries=entries,
        total=total,
        page=query.number(),
        pages_count=max(1, -(-total // PAGE_SIZE)),
        query=query.filters(),
        channels=channels,
        fields=fields,
    )


@router.get("/integrations/{integration_id:int}/errors/{entry_id:int}")
def entry_detail(
    request: Request,
    integration_id: int,
    entry_id: int,
    session: SignedIn,
    relay: RelayDep,
    renderer: RendererDep,
) -> Response:
    """One entry with the activity's values and the fate of its delivery."""
    integration = find_integration(relay, integration_id)
    try:
        detail = relay.error_log.entry(integration_id, entry_id)
    except NotFound as exc:
        raise PageNotFound from exc
    return renderer.page(
        request,
        "error_entry.html",
        session=session,
        integration=integration,
        entry=detail.entry,
        values=_values(detail.values),
        fate=detail.delivery,
    )


@router.post("/integrations/{integration_id:int}/errors/resend")
async def resend(
    request: Request, integration_id: int, session: Checked, relay: RelayDep
) -> Response:
    """Queue the ticked ERRORs again, or all of them."""
    find_integration(relay, integration_id)
    form = await request.form()
    ids = [int(i) for i in form.getlist("ids") if isinstance(i, str) and i.isdigit()]
    every = form.get("all") == "1"
    count = relay.error_log.resend(integration_id, None if every else ids) if every or ids else 0
    key = "resent" if count else "nothing_resent"
    target = f"/integrations/{integration_id}/errors?msg={key}&count={count}"
    return RedirectResponse(target, status_code=303)


@router.get("/integrations/{integration_id:int}/errors.csv")
def export(
    request: Request,
    integration_id: int,
    session: SignedIn,
    relay: RelayDep,
    encoding: str = "utf-8",
) -> Response:
    """The last year of the log as CSV, in UTF-8 or (for old Excel) Shift_JIS."""
    integration = find_integration(relay, integration_id)
    chosen: Literal["utf-8", "cp932"] = "cp932" if encoding == "cp932" else "utf-8"
    body = relay.error_log.export(integration_id, encoding=chosen, language=language(request))
    day = relay.clock().astimezone(_zone(integration)).strftime("%Y%m%d")
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


def _zone(integration: Integration) -> tzinfo:
    return load_zone(integration.timezone) or TOKYO


def _day_start(text: str, zone: tzinfo, *, next_day: bool = False) -> datetime | None:
    """Midnight of a typed day (or of the day after) in `zone`, in UTC; None for no bound:
    not a date, or a day at either end of time (0001-01-01, 9999-12-31)."""
    try:
        day = date.fromisoformat(text) + timedelta(days=1 if next_day else 0)
        return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _values(stored: dict[str, Any] | None) -> list[tuple[str, tuple[str, str], Any]] | None:
    """The activity's eleven values in order, with their (Japanese, English) names."""
    if stored is None:
        return None
    found = []
    for key in VALUE_KEYS:
        value = stored.get(key)
        if key in TIME_KEYS and isinstance(value, str) and value:
            value = datetime.fromisoformat(value)
        en, ja = VALUE_LABELS[key]
        found.append((key, (ja, en), value))
    return found
