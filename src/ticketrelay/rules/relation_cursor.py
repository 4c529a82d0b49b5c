"""Which tickets of a Re:lation message box a poll reads, and where the next poll goes on.

Re:lation's ticket search (`POST /api/v2/{message_box_id}/tickets/search`, ticket_api.md)
lists tickets with their `last_updated_at`, at most `PER_PAGE` a page [V3]; its docs name
no time filter and no order. Each request asks for every status and for tickets updated
since the pass's floor (`since`, which third-party clients send [V3]: where Re:lation
ignores it, more pages are read). A *pass* reads the pages from the first (`next_search`); of
each page (`read_page`), every ticket updated after the pass's floor, and not read already
at that same update, is to be fetched (`GET .../tickets/{ticket_id}`). A box's cursor keeps
its watermark (every ticket updated at or before it has been read, save those updated
within `OVERLAP_SECONDS` of it that `seen` does not list at that update), the pass in
progress (its floor, the next page, the newest and oldest updates it met, what it read),
when the last sweep began, and tickets to read again at a time (`recheck`: a chat turn
still open, a send in progress). A pass moves the watermark only once it ends, to the
newest update it met: a poll that stops keeps the cursor from before the page it could not
finish, and goes on from that page later. Tickets are read again rather than missed, and
the events of a ticket read twice are the same (their IDs derive from Re:lation's).

An ordinary pass ends at the first page that reaches below its floor, which assumes that
the search lists the most recently updated tickets first (UNCONFIRMED: see
`rules.relation_limits`). Once every `SWEEP_HOURS` a sweep assumes no order: it reads every
page and fetches every ticket updated since the previous sweep began, so that a wrong
assumption delays a record and never loses it. The first pass from a `since` more than
`SWEEP_HOURS` back, a backfill, is such a sweep. Cursors are the JSON that `read_page`
and `read_again` return (`partly_read` where a poll ran out of requests inside a page);
`progress` is the share of the time from `since` to now read.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from ticketrelay.errors import Bug
from ticketrelay.rules.relation import STATUSES
from ticketrelay.rules.relation_answers import read_search

PER_PAGE = 50  # relation_client's tickets.py: per_page is at most 50 [V3]
# Re:lation may commit an update stamped a little before one that a pass has already met.
OVERLAP_SECONDS = 120
SWEEP_HOURS = 24
# A search that never runs out (one that ignores `page`) stops after 50,000 tickets.
MAX_PAGES = 1000
_OVERLAP = timedelta(seconds=OVERLAP_SECONDS)

Cursor = dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class Search:
    """The body of the next search request, and the cursor with its pass begun."""

    body: dict[str, Any]
    cursor: Cursor


@dataclass(frozen=True, kw_only=True)
class PagePlan:
    """The tickets of a page to fetch; whether the pass reads another page; the cursor to
    keep once every ticket in `fetch` has been read and its events stored."""

    fetch: tuple[int, ...]
    more: bool
    cursor: Cursor


@dataclass(frozen=True, kw_only=True)
class _Pass:
    floor: datetime
    started_at: datetime
    sweep: bool
    page: int = 1
    top: datetime | None = None
    reached: datetime | None = None
    read: dict[int, datetime] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class _Box:
    watermark: datetime
    swept_at: datetime
    # When the last finished pass began: everything updated before it had been read.
    read_to: datetime | None = None
    seen: dict[int, datetime] = field(default_factory=dict)
    recheck: dict[int, datetime] = field(default_factory=dict)
    current: _Pass | None = None


def next_search(cursor: Mapping[str, Any], *, since: datetime, now: datetime) -> Search:
    """The next page to read: that of the pass in progress, else page 1 of a new pass."""
    box = _load(cursor, since)
    current = box.current
    if current is None:
        sweep = now - box.swept_at >= timedelta(hours=SWEEP_HOURS)
        start = box.swept_at if sweep else box.watermark
        current = _Pass(floor=max(since, start - _OVERLAP), started_at=now, sweep=sweep)
    body = {
        "status_cds": list(STATUSES),
        "since": current.floor.isoformat(),
        "per_page": PER_PAGE,
        "page": current.page,
    }
    return Search(body=body, cursor=_dump(replace(box, current=current)))


def read_page(cursor: Mapping[str, Any], answer: object, *, since: datetime) -> PagePlan:
    """What one page of the pass in `cursor` (from `next_search`) means; `UnexpectedAnswer`
    for an answer of the wrong shape."""
    box = _load(cursor, since)
    current = box.current
    if current is None:
        raise Bug("read_page was given a cursor with no pass begun: call next_search first")
    listed = read_search(answer)
    fetch = {
        t.ticket_id: t.updated_at
        for t in listed
        if t.updated_at > current.floor
        and t.updated_at not in (box.seen.get(t.ticket_id), current.read.get(t.ticket_id))
    }
    times = [t.updated_at for t in listed]
    top = max(_known(current.top, times), default=None)
    reached = min(_known(current.reached, times), default=None)
    newest = max(box.watermark, top) if top is not None else box.watermark
    read = {k: at for k, at in {**current.read, **fetch}.items() if at > newest - _OVERLAP}
    full = len(listed) >= PER_PAGE and current.page < MAX_PAGES
    more = full and (current.sweep or min(times) > current.floor)
    moved = replace(current, page=current.page + 1, top=top, reached=reached, read=read)
    after = replace(box, current=moved) if more else _finish(box, moved, newest)
    return PagePlan(fetch=tuple(fetch), more=more, cursor=_dump(after))


def partly_read(
    cursor: Mapping[str, Any], answer: object, done: Iterable[int], *, since: datetime
) -> Cursor:
    """The cursor of a pass (from `next_search`) whose page was read only in part: the
    tickets in `done` are noted as read at their listed update, so that the page, read
    again by the next poll, fetches only the rest."""
    box = _load(cursor, since)
    current = box.current
    if current is None:
        raise Bug("partly_read was given a cursor with no pass begun: call next_search first")
    listed = {t.ticket_id: t.updated_at for t in read_search(answer)}
    read = current.read | {ticket: listed[ticket] for ticket in done if ticket in listed}
    return _dump(replace(box, current=replace(current, read=read)))


def due(cursor: Mapping[str, Any], *, since: datetime, now: datetime) -> tuple[int, ...]:
    """The tickets to read again now, whatever the search says."""
    box = _load(cursor, since)
    return tuple(sorted(ticket for ticket, at in box.recheck.items() if at <= now))


def read_again(
    cursor: Mapping[str, Any], ticket_id: int, at: datetime | None, *, since: datetime
) -> Cursor:
    """The cursor with `ticket_id` to be read again at `at`, or no more (None)."""
    box = _load(cursor, since)
    recheck = {k: v for k, v in box.recheck.items() if k != ticket_id}
    return _dump(replace(box, recheck=recheck | ({ticket_id: at} if at else {})))


def progress(cursor: Mapping[str, Any], *, since: datetime, now: datetime) -> float:
    """The share of the time from `since` to `now` read so far, 0.0 to 1.0."""
    box = _load(cursor, since)
    total = (now - since).total_seconds()
    if total <= 0:
        return 1.0
    base = max(box.watermark, box.read_to or box.watermark)
    covered = base - since
    current = box.current
    if current is not None:
        reached = current.started_at if current.reached is None else current.reached
        covered += max(timedelta(0), current.started_at - max(reached, base))
    return min(1.0, max(0.0, covered.total_seconds() / total))


def _known(kept: datetime | None, times: list[datetime]) -> list[datetime]:
    return times if kept is None else [kept, *times]


def _finish(box: _Box, done: _Pass, watermark: datetime) -> _Box:
    """The box once `done` has read its last page."""
    seen = {k: at for k, at in {**box.seen, **done.read}.items() if at > watermark - _OVERLAP}
    swept_at = done.started_at if done.sweep else box.swept_at
    return replace(
        box,
        watermark=watermark,
        swept_at=swept_at,
        seen=seen,
        current=None,
        read_to=done.started_at,
    )


def _load(cursor: Mapping[str, Any], since: datetime) -> _Box:
    """A box from its cursor; an empty cursor starts at `since`."""
    if not cursor:
        return _Box(watermark=since, swept_at=since)
    try:
        current = cursor.get("pass")
        return _Box(
            watermark=datetime.fromisoformat(cursor["watermark"]),
            swept_at=datetime.fromisoformat(cursor["swept_at"]),
            read_to=_time_or_none(cursor.get("read_to")),
            seen=_times(cursor.get("seen", {})),
            recheck=_times(cursor.get("recheck", {})),
            current=None if current is None else _load_pass(current),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise Bug(f"a Re:lation cursor that ticketrelay kept cannot be read: {exc!r}") from exc


def _load_pass(kept: Mapping[str, Any]) -> _Pass:
    top, reached = kept.get("top"), kept.get("reached")
    return _Pass(
        floor=datetime.fromisoformat(kept["floor"]),
        started_at=datetime.fromisoformat(kept["started_at"]),
        sweep=bool(kept["sweep"]),
        page=int(kept["page"]),
        top=None if top is None else datetime.fromisoformat(top),
        reached=None if reached is None else datetime.fromisoformat(reached),
        read=_times(kept.get("read", {})),
    )


def _time_or_none(kept: object) -> datetime | None:
    return None if kept is None else datetime.fromisoformat(str(kept))


def _times(kept: Mapping[str, str]) -> dict[int, datetime]:
    return {int(key): datetime.fromisoformat(at) for key, at in kept.items()}


def _dump(box: _Box) -> Cursor:
    kept: Cursor = {
        "watermark": box.watermark.isoformat(),
        "swept_at": box.swept_at.isoformat(),
        "read_to": None if box.read_to is None else box.read_to.isoformat(),
        "seen": _texts(box.seen),
        "recheck": _texts(box.recheck),
    }
    current = box.current
    if current is not None:
        kept["pass"] = {
            "floor": current.floor.isoformat(),
            "started_at": current.started_at.isoformat(),
            "sweep": current.sweep,
            "page": current.page,
            "top": None if current.top is None else current.top.isoformat(),
            "reached": None if current.reached is None else current.reached.isoformat(),
            "read": _texts(current.read),
        }
    return kept


def _texts(times: Mapping[int, datetime]) -> dict[str, str]:
    return {str(key): at.isoformat() for key, at in sorted(times.items())}
