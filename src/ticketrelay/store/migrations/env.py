"""Alembic's entry point: migrations run on the connection that ticketrelay hands in."""

from alembic import context

from ticketrelay.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
