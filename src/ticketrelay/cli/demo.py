"""`ticketrelay demo`: the whole product on a throwaway database, against the simulator."""

import threading
from pathlib import Path
from typing import Annotated

import anyio
import typer
from rich.console import Console
from rich.progress import Progress

from ticketrelay.demo import relation, report
from ticketrelay.demo.helpdesks import TITLES
from ticketrelay.demo.run import API, Demo, Replay, replay, running, wait_for_delivery

STREAMS: dict[str, str] = {
    API: "posting events",
    **{helpdesk: f"posting {title} webhooks" for helpdesk, title in TITLES.items()},
    relation.KEY: "reading Re:lation's message boxes",
}


def demo(
    serve: Annotated[
        bool, typer.Option("--serve", help="Keep everything running and print how to log in.")
    ] = False,
    folder: Annotated[
        Path | None, typer.Option(help="Keep the demo database here instead of a temporary folder.")
    ] = None,
) -> None:
    """Replay realistic helpdesk events and webhooks and read Re:lation's tickets into a kintone
    app, and print what happened."""
    console = Console()
    with running(folder) as live:
        console.print(
            f"kintone simulator: {live.sim.url}   Re:lation simulator: {live.relation.url}   "
            f"ticketrelay: {live.url}"
        )
        with Progress(console=console, transient=True) as bars:
            streams = {key: bars.add_task(label, total=None) for key, label in STREAMS.items()}
            done = anyio.run(
                replay,
                live,
                lambda key, n, total: bars.update(streams[key], completed=n, total=total),
            )
            delivering = bars.add_task("delivering to kintone", total=None)
            wait_for_delivery(
                live.relay, lambda n, total: bars.update(delivering, completed=n, total=total)
            )
        report.render(report.summarize(live, done), console)
        if serve:
            _serve(live, done, console)


def _serve(live: Demo, done: Replay, console: Console) -> None:
    titles = [(TITLES[h.source.helpdesk], f"{live.url}/sources/{h.source.id}") for h in done.hooks]
    pages = "".join(f"  {t} webhooks / {t}の受信履歴: {page}\n" for t, page in titles)
    read = f"{live.url}/sources/{done.relation.source_id}"
    pages += f"  {relation.TITLE} / Re:lationの取り込み: {read}\n"
    console.print(
        f"\n[bold]Settings page / 設定画面:[/] {live.url}/\n"
        f"  log in with the password / パスワード: [bold]{live.admin_token}[/]\n"
        f"{pages}"
        f"  API docs: {live.url}/docs   management API token: the same password\n"
        f"  kintone simulator: {live.sim.url}   Re:lation simulator: {live.relation.url}\n"
        "Press Ctrl+C to stop."
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        console.print("stopped.")
