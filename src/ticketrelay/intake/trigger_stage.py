"""The trigger stage: stored events through each subject's state machine, into activities
and one delivery per matching integration, inside the caller's transaction."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy.engine import Connection

from ticketrelay.rules.events import Event
from ticketrelay.rules.subjects import SubjectState, dump_state, load_state, subject_key
from ticketrelay.rules.triggers import ActivityReady, CancelActivity, Effect, step
from ticketrelay.rules.values import Activity, matches
from ticketrelay.store import activities, deliveries, integrations, subjects
from ticketrelay.store.activities import ActivityRow
from ticketrelay.store.events import Outcome

READY = "activity"
CANCELLED = "cancelled_pending"


@dataclass(frozen=True, kw_only=True)
class _New:
    """An activity made in this run, with its subject, due time and whether it was undone."""

    activity: Activity
    subject: str
    due_at: datetime
    undone: bool = False


@dataclass(kw_only=True)
class _Run:
    """What one run of the stage collects before writing it."""

    account: str
    now: datetime
    states: dict[str, SubjectState] = field(default_factory=dict)
    new: dict[str, _New] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)


def run(conn: Connection, account: str, batch: Sequence[Event], now: datetime) -> list[Outcome]:
    """Apply new events of one account in order; return what each one made, in order."""
    keys = [subject_key(event).text for event in batch]
    loaded = subjects.load(conn, account, set(keys))
    state = _Run(account=account, now=now)
    state.states = {k: load_state(text) for k, text in loaded.items()}
    for key, event in zip(keys, batch, strict=True):
        state.states[key], effect = step(state.states.get(key), event)
        state.outcomes.append(_apply(state, key, effect))
    _write(conn, state, loaded.keys())
    return state.outcomes


def _apply(run: _Run, key: str, effect: Effect) -> Outcome:
    if isinstance(effect, ActivityReady):
        activity_id = effect.activity.activity_id
        run.new[activity_id] = _New(activity=effect.activity, subject=key, due_at=effect.due_at)
        return Outcome(outcome=READY, activity_id=activity_id)
    if isinstance(effect, CancelActivity):
        made_now = run.new.get(effect.activity_id)
        if made_now is None:
            run.cancelled.append(effect.activity_id)
        else:
            run.new[effect.activity_id] = replace(made_now, undone=True)
        return Outcome(outcome=CANCELLED, activity_id=effect.activity_id)
    return Outcome(outcome=effect.reason)


def _write(conn: Connection, run: _Run, existing: Collection[str]) -> None:
    saved = {k: dump_state(state) for k, state in run.states.items()}
    subjects.save(conn, run.account, saved, existing, run.now)
    activities.add_many(conn, [_row(new, run.now) for new in run.new.values()])
    deliveries.add_many(conn, _fan_out(conn, run), run.now)
    for activity_id in run.cancelled:
        if activities.cancel(conn, activity_id, "undone", run.now):
            deliveries.cancel_pending(conn, activity_id)


def _row(new: _New, now: datetime) -> ActivityRow:
    activity = new.activity
    return ActivityRow(
        id=activity.activity_id,
        account=activity.account,
        subject=new.subject,
        channel=activity.channel,
        inbox=activity.inbox or None,
        values=activity.to_json(),
        triggered_at=now,
        due_at=new.due_at,
        cancelled_at=now if new.undone else None,
        cancel_reason="undone" if new.undone else None,
    )


def _fan_out(conn: Connection, run: _Run) -> list[tuple[str, int, datetime]]:
    """One delivery per activity and enabled integration that covers its channel and inbox."""
    targets = [i for i in integrations.list_all(conn, run.account) if i.enabled]
    return [
        (activity_id, target.id, new.due_at)
        for activity_id, new in run.new.items()
        if not new.undone
        for target in targets
        if matches(new.activity, target.channels, target.inboxes)
    ]
