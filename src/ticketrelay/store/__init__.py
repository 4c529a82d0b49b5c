"""Storage: one module per table, SQLAlchemy Core, SQLite by default or PostgreSQL."""

from ticketrelay.store.engine import Store, StoreUnavailable, open_store, savepoint

__all__ = ["Store", "StoreUnavailable", "open_store", "savepoint"]
