"""The `ticketrelay` command line."""

import typer

app = typer.Typer(no_args_is_help=True, help="ticketrelay: helpdesk activity into kintone records.")


@app.command()
def version() -> None:
    """Print the version."""
    from ticketrelay import __version__

    typer.echo(__version__)


def main() -> None:
    """Run the command line."""
    app()
