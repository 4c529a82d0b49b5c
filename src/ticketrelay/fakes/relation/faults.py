"""Faults switched on while the simulator runs: error answers and slow answers.

A fault hits the next `times` requests (absent: every request until removed) whose method and
path match; `path` is a regular expression that must match the whole path.
"""

import re
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Final, Literal, get_args

FaultKind = Literal["error", "unavailable", "latency"]
KINDS: Final = frozenset(get_args(FaultKind))
# README.md of the API docs: 500 サーバーエラー, 503 メンテナンス中.
DEFAULT_MESSAGES: Final = {500: "サーバーエラーが発生しました", 503: "メンテナンス中です"}


@dataclass(frozen=True, kw_only=True)
class Fault:
    """One fault rule."""

    kind: FaultKind
    id: str = field(default_factory=lambda: secrets.token_hex(4))
    path: str | None = None
    method: str | None = None
    times: int | None = None
    status: int = 500
    message: str | None = None
    latency_ms: int = 0

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Fault":
        """A fault from `POST /_sim/faults`'s JSON; ValueError when malformed."""
        if data.get("kind") not in KINDS:
            raise ValueError(f"kind must be one of {sorted(KINDS)}, not {data.get('kind')!r}")
        unknown = set(data) - (set(cls.__dataclass_fields__) - {"id"})
        if unknown:
            raise ValueError(f"unknown keys {sorted(unknown)}")
        values = dict(data)
        if values.get("method"):
            values["method"] = str(values["method"]).upper()
        if values["kind"] == "unavailable":
            values.setdefault("status", 503)
        fault = cls(**values)
        if fault.times is not None and fault.times < 1:
            raise ValueError("times must be at least 1")
        if fault.path is not None:
            re.compile(fault.path)
        return fault

    def to_json(self) -> dict[str, Any]:
        """As `GET /_sim/faults` lists it."""
        return asdict(self)

    def matches(self, method: str, path: str) -> bool:
        """Whether a request falls under this fault."""
        if self.method is not None and self.method != method:
            return False
        return self.path is None or re.fullmatch(self.path, path) is not None

    def answer_message(self) -> str:
        """The `message` of the error answer."""
        return self.message or DEFAULT_MESSAGES.get(self.status, "シミュレーターの障害です")


@dataclass(frozen=True)
class Strike:
    """What the faults do to one request: a delay, and at most one error answer."""

    latency_ms: int = 0
    error: Fault | None = None


class FaultBook:
    """The faults switched on, used up as requests match them."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> Fault:
        """Switch a fault on."""
        self._faults.append(fault)
        return fault

    def remove(self, fault_id: str | None = None) -> int:
        """Switch one fault (without an id: every fault) off; how many were removed."""
        before = len(self._faults)
        self._faults = [f for f in self._faults if fault_id is not None and f.id != fault_id]
        return before - len(self._faults)

    def listing(self) -> list[dict[str, Any]]:
        """The faults still on."""
        return [f.to_json() for f in self._faults]

    def strike(self, method: str, path: str) -> Strike:
        """The faults that hit one request, using up their `times`."""
        latency, error, kept = 0, None, []
        for fault in self._faults:
            hit = fault.matches(method, path) and (fault.kind == "latency" or error is None)
            if hit and fault.kind == "latency":
                latency += fault.latency_ms
            elif hit:
                error = fault
            kept.append(_used(fault) if hit else fault)
        self._faults = [f for f in kept if f.times != 0]
        return Strike(latency, error)


def _used(fault: Fault) -> Fault:
    return fault if fault.times is None else replace(fault, times=fault.times - 1)
