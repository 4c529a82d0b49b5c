"""What the commands share: the settings, the relay they open, and one-line failures."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
import typer

from ticketrelay.config import Settings, load_settings
from ticketrelay.errors import ConfigError
from ticketrelay.relay import Relay

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def help_without_command(context: typer.Context) -> None:
    """Show the help of a group of commands called without a command."""
    if context.invoked_subcommand is None:
        typer.echo(context.get_help())
        raise typer.Exit(0)


def fail_line(message: str, code: int) -> int:
    """Print one line to stderr; return the exit code."""
    typer.echo(f"error: {message}", err=True)
    return code


def fail(message: str, code: int = 1) -> typer.Exit:
    """The exit of a command that cannot do its work, after one line on stderr."""
    return typer.Exit(fail_line(message, code))


@contextmanager
def opened() -> Iterator[tuple[Settings, Relay]]:
    """The settings of the environment and a relay on their database, closed afterwards."""
    settings = load_settings()
    relay = open_relay(settings)
    try:
        yield settings, relay
    finally:
        relay.close()


def open_relay(settings: Settings) -> Relay:
    """Open (and migrate) the database of the settings."""
    try:
        return Relay.open(settings)
    except sa.exc.ArgumentError as exc:
        raise ConfigError(
            "TICKETRELAY_DATABASE_URL is not a database URL that ticketrelay can open; use "
            "sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/DATABASE."
        ) from exc


def setup_logging(level: str) -> None:
    """Log to stderr at this level."""
    logging.basicConfig(level=level.upper(), format=LOG_FORMAT)
    logging.getLogger("alembic").setLevel(logging.WARNING)
