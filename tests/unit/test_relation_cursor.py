"""SPEC section 12: which tickets of a Re:lation message box a poll reads, across restarts."""

import contextlib
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticketrelay.errors import Bug
from ticketrelay.rules.relation_answers import UnexpectedAnswer
from ticketrelay.rules.relation_cursor import (
    MAX_PAGES,
    PER_PAGE,
    PagePlan,
    due,
    next_search,
    partly_read,
    progress,
    read_again,
    read_page,
)

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
STATUSES = ["open", "ongoing", "closed", "unwanted", "trash", "spam"]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=30,
)


def at(minutes: float) -> datetime:
    """`minutes` after T0."""
    return T0 + timedelta(minutes=minutes)


def page(*tickets: tuple[int, datetime]) -> list[dict[str, Any]]:
    """A search answer shaped as ticket_api.md shows it, listing these tickets in this order."""
    return [
        {
            "ticket_id": ticket_id,
            "assignee": None,
            "status_cd": "open",
            "created_at": "2026-11-01T00:00:00Z",
            "last_updated_at": updated.isoformat().replace("+00:00", "Z"),
            "title": f"subj{ticket_id}",
            "color_cd": None,
            "case_category_ids": [],
            "label_ids": [],
            "pending_reason_id": None,
        }
        for ticket_id, updated in tickets
    ]


def one_pass(
    cursor: Mapping[str, Any],
    pages: list[list[dict[str, Any]]],
    *,
    since: datetime,
    now: datetime,
    pages_at_most: int = MAX_PAGES,
) -> tuple[list[int], dict[str, Any]]:
    """Read a pass of these pages, or as many as a poll may; what was fetched, the cursor kept."""
    fetched: list[int] = []
    more, kept = True, dict(cursor)
    while more and pages_at_most > 0:
        search = next_search(kept, since=since, now=now)
        number = search.body["page"]
        plan = read_page(
            search.cursor, pages[number - 1] if number <= len(pages) else [], since=since
        )
        fetched += plan.fetch
        more, kept, pages_at_most = plan.more, plan.cursor, pages_at_most - 1
    return fetched, kept


def test_the_first_pass_asks_for_page_one_of_every_status() -> None:
    """From `since` = now, an ordinary pass whose floor is `since`."""
    search = next_search({}, since=T0, now=T0)
    assert search.body == {
        "status_cds": STATUSES,
        "since": T0.isoformat(),
        "per_page": PER_PAGE,
        "page": 1,
    }
    assert search.cursor["pass"] == {
        "floor": T0.isoformat(),
        "started_at": T0.isoformat(),
        "sweep": False,
        "page": 1,
        "top": None,
        "reached": None,
        "read": {},
    }


def test_a_short_page_ends_the_pass_and_moves_the_watermark_to_its_newest_update() -> None:
    """Tickets updated after `since` are fetched; those just below the watermark are kept."""
    search = next_search({}, since=T0, now=at(10))
    plan = read_page(search.cursor, page((2, at(5)), (1, at(1)), (9, at(-1))), since=T0)
    assert plan == PagePlan(
        fetch=(2, 1),
        more=False,
        cursor={
            "watermark": at(5).isoformat(),
            "swept_at": T0.isoformat(),
            "read_to": at(10).isoformat(),
            "seen": {"2": at(5).isoformat()},
            "recheck": {},
        },
    )


def test_a_ticket_is_read_again_only_for_a_newer_update() -> None:
    """Same update, seen: skipped; updated again, or within the overlap and unseen: fetched."""
    _, kept = one_pass({}, [page((2, at(5)), (1, at(1)))], since=T0, now=at(10))
    fetched, _ = one_pass(kept, [page((2, at(5)), (3, at(4)), (1, at(1)))], since=T0, now=at(11))
    assert fetched == [3]
    fetched, kept = one_pass(kept, [page((2, at(7)), (1, at(1)))], since=T0, now=at(12))
    assert fetched == [2]
    assert kept["watermark"] == at(7).isoformat()


def test_a_full_page_reaching_below_the_floor_ends_an_ordinary_pass() -> None:
    """Newest first: the page that reaches the floor is the last one read."""
    first = page(*((n, at(60 - n / 10)) for n in range(1, PER_PAGE + 1)))
    second = page(*((n, at(149 - n)) for n in range(100, 100 + PER_PAGE)))
    fetched, kept = one_pass({}, [first, second], since=T0, now=at(60))
    assert fetched == [*range(1, 51), *range(100, 149)]
    assert kept["watermark"] == at(59.9).isoformat()
    assert "pass" not in kept


def test_a_poll_that_stops_goes_on_from_the_page_it_did_not_finish() -> None:
    """The cursor of `next_search` names the same page and pass until that page is read."""
    full = page(*((n, at(60 - n / 10)) for n in range(1, PER_PAGE + 1)))
    plan = read_page(next_search({}, since=T0, now=at(60)).cursor, full, since=T0)
    again = next_search(plan.cursor, since=T0, now=at(90))
    assert again.body["page"] == 2
    assert again.cursor == plan.cursor
    assert again.cursor["pass"]["started_at"] == at(60).isoformat()
    assert again.cursor["watermark"] == T0.isoformat()


def test_a_sweep_reads_every_page_and_every_update_since_the_last_sweep() -> None:
    """Once a day the order is not trusted: an update below the watermark is still read."""
    kept = {"watermark": at(1500).isoformat(), "swept_at": at(60).isoformat()}
    full = page(*((n, at(1490 - n)) for n in range(1, PER_PAGE + 1)))
    fetched, after = one_pass(kept, [full, page((77, at(57)))], since=T0, now=at(1500))
    assert fetched == list(range(1, 51))
    assert after["swept_at"] == at(1500).isoformat()
    assert after["watermark"] == at(1500).isoformat()


def test_a_backfill_is_a_sweep_from_since_with_its_progress() -> None:
    """From 30 days back, every page is read; progress follows the oldest update met, and
    reaches when the pass began once it ends."""
    since, now = T0 - timedelta(days=30), T0
    search = next_search({}, since=since, now=now)
    assert search.cursor["pass"]["sweep"] is True
    assert progress(search.cursor, since=since, now=now) == 0.0
    full = page(*((n, now - timedelta(days=15, minutes=n)) for n in range(PER_PAGE)))
    plan = read_page(search.cursor, full, since=since)
    assert progress(plan.cursor, since=since, now=now) == pytest.approx(0.5, abs=0.01)
    done = read_page(next_search(plan.cursor, since=since, now=now).cursor, [], since=since)
    assert progress(done.cursor, since=since, now=now) == 1.0
    assert progress(done.cursor, since=since, now=since) == 1.0


def test_a_search_that_never_runs_out_stops_after_the_last_page_allowed() -> None:
    """A search that ignores `page` cannot keep a pass going forever."""
    search = next_search({}, since=T0, now=at(60))
    search.cursor["pass"]["page"] = MAX_PAGES
    full = page(*((n, at(30)) for n in range(PER_PAGE)))
    assert read_page(search.cursor, full, since=T0).more is False


def test_tickets_to_read_again_are_due_at_their_time() -> None:
    """A chat turn still open or a send in progress is read again, whatever the search says."""
    kept = read_again({}, 5, at(10), since=T0)
    kept = read_again(kept, 6, at(20), since=T0)
    assert due(kept, since=T0, now=at(15)) == (5,)
    kept = read_again(kept, 5, None, since=T0)
    assert due(kept, since=T0, now=at(30)) == (6,)
    _, after = one_pass(kept, [page()], since=T0, now=at(31))
    assert after["recheck"] == {"6": at(20).isoformat()}


def test_read_page_needs_a_pass_begun_and_a_cursor_it_kept() -> None:
    """Calling out of order, or with a cursor that ticketrelay did not write, is a bug."""
    kept = {"watermark": T0.isoformat(), "swept_at": T0.isoformat()}
    with pytest.raises(Bug, match="no pass begun"):
        read_page(kept, [], since=T0)
    with pytest.raises(Bug, match="cannot be read"):
        next_search({"watermark": "soon"}, since=T0, now=T0)


@pytest.mark.parametrize("answer", [{"tickets": []}, [{"ticket_id": 1}], ["x"]])
def test_a_search_answer_of_the_wrong_shape_is_unexpected(answer: object) -> None:
    """The poll is tried again later; the cursor is kept as it was."""
    with pytest.raises(UnexpectedAnswer, match="ticket search"):
        read_page(next_search({}, since=T0, now=T0).cursor, answer, since=T0)


@given(JSON)
def test_any_search_answer_is_a_plan_or_unexpected(answer: object) -> None:
    """No other exception, whatever Re:lation answers."""
    with contextlib.suppress(UnexpectedAnswer):
        plan = read_page(next_search({}, since=T0, now=at(5)).cursor, answer, since=T0)
        assert plan.more is False


# Every ticket of two or three pages' worth is updated once, some of them again.
UPDATES = st.tuples(
    st.lists(st.integers(1, 3000), min_size=PER_PAGE + 10, max_size=130),
    st.lists(st.tuples(st.integers(1, 130), st.integers(1, 3000)), max_size=60),
).map(lambda drawn: [*enumerate(drawn[0], start=1), *drawn[1]])
POLLS = st.lists(st.integers(1, 900), min_size=1, max_size=8)


def _newest_first(latest: Mapping[int, datetime]) -> list[tuple[int, datetime]]:
    return sorted(latest.items(), key=lambda item: (item[1], item[0]), reverse=True)


def _by_id(latest: Mapping[int, datetime]) -> list[tuple[int, datetime]]:
    return sorted(latest.items(), reverse=True)


def _simulate(
    updates: list[tuple[int, int]],
    polls: list[int],
    order: Callable[[Mapping[int, datetime]], list[tuple[int, datetime]]],
    pages_per_poll: int = MAX_PAGES,
) -> tuple[set[tuple[int, datetime]], dict[int, datetime]]:
    """Polls at T0 + the sums of `polls` seconds, then every minute until a pass begun after
    the last of them is done; the updates fetched, and each ticket's latest."""
    cursor: dict[str, Any] = {}
    fetched: set[tuple[int, datetime]] = set()
    now, begun_after = T0, False
    for gap, extra in [*((gap, False) for gap in polls), *[(60, True)] * 10]:
        if begun_after and "pass" not in cursor:
            break
        begun_after = begun_after or (extra and "pass" not in cursor)
        now += timedelta(seconds=gap)
        latest = _latest(updates, now)
        listed = order(latest)
        pages = [page(*listed[i : i + PER_PAGE]) for i in range(0, len(listed) + 1, PER_PAGE)]
        got, cursor = one_pass(cursor, pages, since=T0, now=now, pages_at_most=pages_per_poll)
        fetched |= {(ticket, latest[ticket]) for ticket in got}
    assert begun_after
    assert "pass" not in cursor
    return fetched, latest


def _latest(updates: list[tuple[int, int]], now: datetime) -> dict[int, datetime]:
    """Each ticket's `last_updated_at` as a search at `now` lists it."""
    latest: dict[int, datetime] = {}
    for ticket, second in sorted(updates, key=lambda u: u[1]):
        if T0 + timedelta(seconds=second) <= now:
            latest[ticket] = T0 + timedelta(seconds=second)
    return latest


@given(UPDATES, POLLS, st.sampled_from([1, 2, MAX_PAGES]))
def test_no_update_is_missed_when_the_newest_come_first(
    updates: list[tuple[int, int]], polls: list[int], pages_per_poll: int
) -> None:
    """Whatever updates come between polls, and however few pages a poll may read, every
    ticket's latest update is fetched."""
    fetched, latest = _simulate(updates, [*polls, 4000], _newest_first, pages_per_poll)
    assert set(latest.items()) <= fetched


@given(UPDATES, POLLS, st.sampled_from([1, MAX_PAGES]))
def test_a_wrong_order_is_caught_by_the_next_sweep(
    updates: list[tuple[int, int]], polls: list[int], pages_per_poll: int
) -> None:
    """Listed by ticket ID instead, the daily sweep still fetches every latest update."""
    fetched, latest = _simulate(updates, [*polls, 25 * 3600], _by_id, pages_per_poll)
    assert set(latest.items()) <= fetched


def test_the_simulation_reads_several_pages() -> None:
    """The properties above page through the search, not one page alone."""
    updates = [(ticket, ticket * 37 % 100 + 1) for ticket in range(1, 131)]
    fetched, latest = _simulate(updates, [50, 4000], _newest_first)
    assert len(latest) == 130
    assert set(latest.items()) <= fetched


def test_a_page_read_in_part_is_read_again_for_the_rest_only() -> None:
    """A poll out of requests inside a page: the next one fetches the page's other tickets."""
    full = page(*((n, at(60 - n / 10)) for n in range(1, PER_PAGE + 1)))
    search = next_search({}, since=T0, now=at(60))
    kept = partly_read(search.cursor, full, [1, 2, 3, 999], since=T0)
    again = next_search(kept, since=T0, now=at(61))
    assert again.body["page"] == 1
    plan = read_page(again.cursor, full, since=T0)
    assert plan.fetch == tuple(range(4, PER_PAGE + 1))
    with pytest.raises(Bug, match="partly_read was given a cursor with no pass begun"):
        partly_read({}, full, [1], since=T0)


def test_a_finished_pass_has_read_up_to_when_it_began_even_an_empty_box() -> None:
    """Progress reaches the start of the last finished pass, updates or none."""
    empty = read_page(next_search({}, since=T0, now=at(60)).cursor, [], since=T0)
    assert empty.cursor["read_to"] == at(60).isoformat()
    assert progress(empty.cursor, since=T0, now=at(60)) == 1.0
    assert progress(empty.cursor, since=T0, now=at(120)) == 0.5
    some = read_page(next_search({}, since=T0, now=at(60)).cursor, page((1, at(10))), since=T0)
    assert progress(some.cursor, since=T0, now=at(60)) == 1.0
