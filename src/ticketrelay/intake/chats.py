"""Chat sessions of webhook sources, kept in the database with their idle timers.

    apply       an agent's message or a resolve → `rules.chat_sessions.step` on the stored
                session → its events, ingested
    close_due   the sessions whose timer has run out → `close_idle` → their events

Chatwoot has no chat editor events, so its sessions are inferred (`rules.chat_sessions`).
The new state, its timer and the events it makes are written in one transaction under the
account's lock: a crash keeps all of them or none, and the delivery that carried the input
stays `received` until then, to be applied again; the same input on the same state makes
the same events, so nothing doubles. The timer is a row, so a restart loses no session.
"""

import logging
from datetime import datetime

from sqlalchemy.engine import Connection

from ticketrelay.intake.ingest import IngestResult, checked, ingest_in
from ticketrelay.model import Source
from ticketrelay.rules import chat_sessions as sessions
from ticketrelay.rules.chat_sessions import ChatInput, ChatSession, ChatStep
from ticketrelay.rules.events import parse_event
from ticketrelay.store import Store, chat_sessions, sources, subjects

log = logging.getLogger(__name__)


def idle_minutes(source: Source) -> int:
    """The source's `chat_idle_minutes`, or the default where it has none that fits."""
    found = source.settings.get("chat_idle_minutes")
    if isinstance(found, int) and not isinstance(found, bool) and 1 <= found <= 7 * 24 * 60:
        return found
    return sessions.DEFAULT_IDLE_MINUTES


def apply(store: Store, source: Source, incoming: ChatInput, now: datetime) -> IngestResult:
    """Apply one input to its conversation's stored session and ingest what it makes."""
    with store.write() as conn:
        return apply_in(conn, source, incoming, now)


def apply_in(conn: Connection, source: Source, incoming: ChatInput, now: datetime) -> IngestResult:
    """`apply` within the caller's transaction, with whatever else it writes."""
    key = _key(incoming)
    state = _locked_state(conn, source, key)
    step = sessions.step(state, incoming, idle_minutes=idle_minutes(source))
    return _keep(conn, source, key, step, now)


def close_due(store: Store, now: datetime, limit: int = 100) -> int:
    """Close the sessions whose idle timer is due by `now`; how many closed."""
    with store.read() as conn:
        due = chat_sessions.due(conn, now, limit)
    closed = 0
    for source_id, key in due:
        try:
            closed += _close(store, source_id, key, now)
        except Exception:
            log.exception("Closing chat session %r of source %d failed", key, source_id)
    return closed


def next_due_at(store: Store) -> datetime | None:
    """When the soonest session timer is due; None when no session is open."""
    with store.read() as conn:
        return chat_sessions.next_due_at(conn)


def _close(store: Store, source_id: int, key: str, now: datetime) -> int:
    with store.write() as conn:
        source = sources.get(conn, source_id)
        if source is None:
            return 0
        step = sessions.close_idle(
            _locked_state(conn, source, key), now, idle_minutes=idle_minutes(source)
        )
        _keep(conn, source, key, step, now)
        return len(step.events)


def _key(incoming: ChatInput) -> str:
    if isinstance(incoming, sessions.ConversationResolved):
        return incoming.key
    return incoming.conversation.key


def _locked_state(conn: Connection, source: Source, key: str) -> ChatSession | None:
    """The stored session, read under the account's lock so no other step interleaves."""
    subjects.lock(conn, source.account)
    found = chat_sessions.get(conn, source.id, key)
    return None if found is None else ChatSession.from_json(found.state)


def _keep(
    conn: Connection, source: Source, key: str, step: ChatStep, now: datetime
) -> IngestResult:
    made = [parse_event(event) for event in step.events]
    result = ingest_in(conn, [checked(source, made)], now)[0]
    if step.state is not None:
        chat_sessions.put(
            conn,
            source_id=source.id,
            key=key,
            state=step.state.to_json(),
            due_at=step.due_at,
            now=now,
        )
    return result
