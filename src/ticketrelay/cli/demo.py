"""`ticketrelay demo`: the whole product on a throwaway database, against the simulator."""

import threading
from pathlib import Path
from typing import Annotated

import anyio
import typer
from rich.console import Console
from rich.progress import Progress

from ticketrelay.demo import report
from ticketrelay.demo.run import Demo, replay, running, wait_for_delivery


def demo(
    serve: Annotated[
        bool, typer.Option("--serve", help="Keep everything running and print how to log in.")
    ] = False,
    folder: Annotated[
        Path | None, typer.Option(help="Keep the demo database here instead of a temporary folder.")
    ] = None,
) -> None:
    """Replay a realistic helpdesk stream into a kintone app and print what happened."""
    console = Console()
    with running(folder) as live:
        console.print(f"kintone simulator: {live.sim.url}   ticketrelay: {live.url}")
        with Progress(console=console, transient=True) as bars:
            posting = bars.add_task("posting events", total=None)
            done = anyio.run(
                replay, live, lambda n, total: bars.update(posting, completed=n, total=total)
            )
            delivering = bars.add_task("delivering to kintone", total=None)
            wait_for_delivery(
                live.relay, lambda n, total: bars.update(delivering, completed=n, total=total)
            )
        report.render(report.summarize(live, done), console)
        if serve:
            _serve(live, console)


def _serve(live: Demo, console: Console) -> None:
    console.print(
        f"\n[bold]Settings page / 設定画面:[/] {live.url}/\n"
        f"  log in with the password / パスワード: [bold]{live.admin_token}[/]\n"
        f"  API docs: {live.url}/docs   management API token: the same password\n"
        f"  kintone simulator: {live.sim.url}\n"
        "Press Ctrl+C to stop."
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        console.print("stopped.")
