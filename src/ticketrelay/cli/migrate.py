"""`ticketrelay migrate`: bring the database's schema up to date."""

from ticketrelay.cli.common import opened


def migrate() -> None:
    """Create or upgrade the database's tables (serve and worker also do it when they start)."""
    with opened() as (_, relay):
        where = relay.store.engine.url.render_as_string(hide_password=True)
    print(f"The database is up to date: {where}")
