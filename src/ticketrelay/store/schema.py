"""Every table, gathered on one metadata (what migrations compare against)."""

from ticketrelay.store import (
    activities,
    admin,
    chat_sessions,
    deliveries,
    errorlog,
    events,
    fieldcache,
    hooks,
    integrations,
    leases,
    limits,
    polls,
    sources,
    subjects,
)
from ticketrelay.store.base import metadata

TABLE_MODULES = (
    sources,
    integrations,
    events,
    subjects,
    activities,
    deliveries,
    errorlog,
    fieldcache,
    leases,
    limits,
    admin,
    hooks,
    chat_sessions,
    polls,
)

__all__ = ["TABLE_MODULES", "metadata"]
