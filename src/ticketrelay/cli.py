"""The `ticketrelay` command line."""

import typer

from ticketrelay.kintone.sim.command import kintone_sim

app = typer.Typer(no_args_is_help=True, help="ticketrelay: helpdesk activity into kintone records.")


@app.command()
def version() -> None:
    """Print the version."""
    from ticketrelay import __version__

    typer.echo(__version__)


app.command("kintone-sim")(kintone_sim)


def main() -> None:
    """Run the command line."""
    app()
