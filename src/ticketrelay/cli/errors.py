"""`ticketrelay errors export|resend`: an integration's error log as CSV, its ERRORs sent again."""

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ticketrelay.cli.common import fail, help_without_command, opened

app = typer.Typer(help="An integration's error log: export it, send its ERRORs again.")
app.callback(invoke_without_command=True)(help_without_command)


class Encoding(StrEnum):
    """The CSV's character encoding."""

    utf8 = "utf-8"
    cp932 = "cp932"


class Language(StrEnum):
    """The language of the CSV's header row and messages."""

    ja = "ja"
    en = "en"


@app.command("export")
def export(
    integration_id: Annotated[int, typer.Argument(help="The integration's ID.")],
    encoding: Annotated[
        Encoding, typer.Option(help="utf-8 (with a BOM, for Excel) or cp932 (Shift_JIS).")
    ] = Encoding.utf8,
    lang: Annotated[Language, typer.Option(help="Header and messages in ja or en.")] = (
        Language.ja
    ),
    output: Annotated[
        Path | None, typer.Option(help="Write to this file instead of stdout.", dir_okay=False)
    ] = None,
) -> None:
    """Write the last year of an integration's error log as CSV."""
    with opened() as (_, relay):
        data = relay.error_log.export(integration_id, encoding=encoding.value, language=lang.value)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        _write_private(output, data)
    except OSError as exc:
        raise fail(f"Cannot write {output}: {exc.strerror or exc}.") from None
    typer.echo(f"Wrote the error log of integration {integration_id} to {output}.", err=True)


@app.command("resend")
def resend(
    integration_id: Annotated[int, typer.Argument(help="The integration's ID.")],
    every: Annotated[bool, typer.Option("--all", help="Every ERROR of the integration.")] = False,
    ids: Annotated[
        list[int] | None, typer.Option("--id", help="An error-log entry's ID (repeatable).")
    ] = None,
) -> None:
    """Queue the activities of ERRORs again, mapped with the current mapping."""
    if every == bool(ids):
        raise fail("Give --all or one or more --id, one of the two.", 2)
    with opened() as (_, relay):
        queued = relay.error_log.resend(integration_id, None if every else ids)
    typer.echo(f"Queued {queued} activities again; the workers deliver them.")


def _write_private(path: Path, data: bytes) -> None:
    """Write customer data readable by its owner only (0600), whatever the umask says."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
