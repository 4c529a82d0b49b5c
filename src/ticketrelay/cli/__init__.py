"""The `ticketrelay` command line: one module per command or group of commands."""

import sys

import typer

from ticketrelay.cli import bench, demo, errors, ingest, migrate, serve, sources, worker
from ticketrelay.cli.common import fail_line, help_without_command
from ticketrelay.errors import TicketRelayError
from ticketrelay.fakes.command import helpdesk_fake
from ticketrelay.fakes.relation.command import relation_sim
from ticketrelay.kintone.sim.command import kintone_sim

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    help="ticketrelay: helpdesk activity into kintone records.",
)
app.callback(invoke_without_command=True)(help_without_command)


@app.command()
def version() -> None:
    """Print the version."""
    from ticketrelay import __version__

    typer.echo(__version__)


app.command("serve")(serve.serve)
app.command("worker")(worker.worker)
app.command("ingest")(ingest.ingest)
app.command("sources")(sources.sources)
app.add_typer(errors.app, name="errors")
app.command("migrate")(migrate.migrate)
app.command("kintone-sim")(kintone_sim)
app.command("helpdesk-fake")(helpdesk_fake)
app.command("relation-sim")(relation_sim)
app.command("demo")(demo.demo)
app.command("bench")(bench.bench)


def main() -> None:
    """Run the command line: a failure prints one line and exits non-zero, never a traceback."""
    try:
        result = app(standalone_mode=False)
    except typer.TyperException as exc:
        sys.exit(fail_line(_usage_error(exc), exc.exit_code))
    except typer.Abort:
        sys.exit(fail_line("Aborted.", 130))
    except KeyboardInterrupt:
        sys.exit(130)  # Ctrl+C: the person who pressed it needs no message
    except TicketRelayError as exc:
        sys.exit(fail_line(str(exc), 1))
    sys.exit(result if isinstance(result, int) else 0)


def _usage_error(exc: typer.TyperException) -> str:
    context = getattr(exc, "ctx", None)
    where = f" (see {context.command_path} --help)" if context is not None else ""
    return f"{exc.format_message()}{where}"
