"""The bundled demo stream: `events.jsonl` beside this module, and its replay at another time.

The file is what `demo_events` gives for `BUNDLE_START` and `BUNDLE_SEED`, one JSON object
per line in UTF-8; a test keeps the two equal. `load_bundle` moves every time in it by the
same amount, keeping each time's UTC offset, so that a demo can replay it from now.

After a change to the generator, write the file again:
`.venv/bin/python -c "from ticketrelay.demo import write_bundle; write_bundle()"`.
"""

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ticketrelay.demo.stream import BUNDLE_SEED, demo_events
from ticketrelay.demo.timeline import rfc3339

BUNDLE_PATH = Path(__file__).with_name("events.jsonl")
BUNDLE_START = datetime.fromisoformat("2026-11-25T10:00:00+09:00")
DATA_TIMES: tuple[str, ...] = (
    "draft_saved_at",
    "scheduled_for",
    "undo_until",
    "responded_at",
    "started_at",
    "ended_at",
)


def write_bundle(path: Path = BUNDLE_PATH) -> None:
    """Write the demo stream of `BUNDLE_START` and `BUNDLE_SEED` to `path` as JSON Lines."""
    events = demo_events(start=BUNDLE_START, seed=BUNDLE_SEED)
    lines = (json.dumps(event, ensure_ascii=False) + "\n" for event in events)
    path.write_text("".join(lines), encoding="utf-8")


def load_bundle(
    shift_to: datetime | None = None, *, path: Path = BUNDLE_PATH
) -> list[dict[str, Any]]:
    """The bundled events; with `shift_to` (an aware time), moved so that they start then."""
    with path.open(encoding="utf-8") as lines:
        events: list[dict[str, Any]] = [json.loads(line) for line in lines if line.strip()]
    if shift_to is None or not events:
        return events
    if shift_to.utcoffset() is None:
        raise ValueError(f"shift_to must carry a UTC offset, got {shift_to.isoformat()}")
    delta = shift_to - min(datetime.fromisoformat(event["occurred_at"]) for event in events)
    return [shift(event, delta) for event in events]


def shift(event: dict[str, Any], delta: timedelta) -> dict[str, Any]:
    """A copy of `event` with `occurred_at` and the times in its `data` moved by `delta`."""
    data = event.get("data", {})
    moved = {key: _moved(value, delta) for key, value in data.items() if key in DATA_TIMES}
    return {**event, "occurred_at": _moved(event["occurred_at"], delta), "data": {**data, **moved}}


def _moved(value: str, delta: timedelta) -> str:
    return rfc3339(datetime.fromisoformat(value) + delta)
