"""What both helpdesk translators give, and how they read a payload (SPEC section 12).

A `Translation` holds the events of SPEC section 8 to store, a chat input to apply, or why
the payload is not synced; `Payload` reads a webhook's JSON by dotted path and raises
`Malformed` with the JSON path where a value has the wrong shape.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from ticketrelay.rules.chat_sessions import ChatInput
from ticketrelay.rules.events import EventError, parse_event
from ticketrelay.rules.scalars import parse_time

NotSyncedCode = Literal[
    "malformed", "unknown_event", "not_a_message", "incoming", "bot_sender", "channel_not_synced"
]
_DIGITS = re.compile(r"[0-9]{1,19}")
_SHOWN = 60


@dataclass(frozen=True, kw_only=True)
class NotSynced:
    """Why a payload makes no event: a code, a sentence, the value meant, a JSON path."""

    code: NotSyncedCode
    detail: str
    value: str = ""
    path: str = ""


@dataclass(frozen=True, kw_only=True)
class Translation:
    """What a payload means: events to store, a chat input to apply, or why not synced."""

    events: tuple[dict[str, Any], ...] = ()
    chat: ChatInput | None = None
    not_synced: NotSynced | None = None


class Malformed(Exception):
    """A payload value of the wrong shape, at `path`."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path} {problem}")
        self.path = path


class Payload:
    """Typed reads by dotted path (`a.b.c`); a missing or null value reads as empty."""

    def __init__(self, data: object) -> None:
        self._data = data

    def value(self, path: str) -> object:
        """The value at `path`; None where it, or an object on the way, is missing."""
        value, walked = self._data, "$"
        for key in path.split("."):
            if value is None:
                return None
            if not isinstance(value, Mapping):
                raise Malformed(walked, "must be an object")
            value, walked = value.get(key), f"{walked}.{key}"
        return value

    def text(self, path: str) -> str:
        """A string, `""` where missing."""
        value = self.value(path)
        if value is None or isinstance(value, str):
            return value or ""
        raise Malformed(f"$.{path}", "must be a string")

    def texts(self, path: str) -> list[str]:
        """A list of strings, `[]` where missing."""
        value = self.value(path)
        if value is None:
            return []
        if isinstance(value, list) and all(isinstance(entry, str) for entry in value):
            return list(value)
        raise Malformed(f"$.{path}", "must be a list of strings")

    def flag(self, path: str, *, default: bool | None = None) -> bool:
        """True or false; where missing, `default`, else `Malformed`."""
        value = self.value(path)
        if isinstance(value, bool):
            return value
        if value is None and default is not None:
            return default
        raise Malformed(f"$.{path}", "must be true or false")

    def ident(self, path: str) -> int:
        """A helpdesk ID: a whole number of at most 19 digits, or such a string."""
        value = self.value(path)
        if isinstance(value, str) and _DIGITS.fullmatch(value):
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**19:
            return value
        raise Malformed(f"$.{path}", "must be an ID: a whole number")

    def time(self, path: str) -> datetime:
        """An ISO 8601 time with an offset, or Unix seconds, as an aware datetime in UTC."""
        value = self.value(path)
        try:
            if isinstance(value, str):
                return parse_time(value)
            if isinstance(value, int | float) and not isinstance(value, bool):
                return datetime.fromtimestamp(value, UTC)
        except (ValueError, OverflowError, OSError):
            pass
        raise Malformed(f"$.{path}", "must be a time: ISO 8601 with an offset, or Unix seconds")


def skipped(code: NotSyncedCode, detail: str, *, value: str = "", path: str = "") -> Translation:
    """A translation that syncs nothing, and why."""
    return Translation(not_synced=NotSynced(code=code, detail=detail, value=value, path=path))


def checked(events: Sequence[dict[str, Any]]) -> Translation:
    """The events, once each passes `parse_event`; else why the first that fails is invalid."""
    for event in events:
        try:
            parse_event(event)
        except EventError as exc:
            problem = exc.problems[0]
            detail = f"the {event['type']} event made from it would be invalid: {problem}"
            return skipped("malformed", detail)
    return Translation(events=tuple(events))


def shown(value: object) -> str:
    """A short, printable rendering of a payload value, for a reason's sentence."""
    if isinstance(value, str):
        return "".join(c if c.isprintable() else repr(c)[1:-1] for c in value[:_SHOWN])
    if value is None or isinstance(value, bool | int | float):
        return repr(value)[:_SHOWN]
    return "an object" if isinstance(value, Mapping) else f"a {type(value).__name__}"
