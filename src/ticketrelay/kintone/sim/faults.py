"""Faults injected while the simulator runs: latency, error answers and dropped responses.

A fault is chosen per request by API path, method and app, for the next N matching requests
(`times`) or with a probability drawn from a seeded generator. A latency fault delays by
`latency_ms` plus `per_record_ms` for each record the request writes or reads (`volume`).
"""

import random
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Final, Literal, get_args

FaultKind = Literal["latency", "error", "unavailable", "throttle", "db_lock", "drop"]
KINDS: Final = frozenset(get_args(FaultKind))


@dataclass(frozen=True, kw_only=True)
class Fault:
    """One fault rule; `times` None means until removed."""

    kind: FaultKind
    id: str = field(default_factory=lambda: secrets.token_hex(4))
    api: str | None = None
    method: str | None = None
    app: int | None = None
    times: int | None = None
    probability: float = 1.0
    latency_ms: float = 0
    per_record_ms: float = 0
    status: int = 500
    code: str = "SIM_FAULT"
    message: str | None = None
    body: str = "Service Unavailable"

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Fault":
        """A fault from the JSON of `POST /_sim/faults`; raises ValueError when malformed."""
        kind = data.get("kind")
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {sorted(KINDS)}, not {kind!r}")
        known = set(cls.__dataclass_fields__) - {"id"}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown keys {sorted(unknown)}")
        values = dict(data)
        if values.get("method"):
            values["method"] = str(values["method"]).upper()
        fault = cls(**values)
        if not 0.0 <= fault.probability <= 1.0 or (fault.times is not None and fault.times < 1):
            raise ValueError("probability must be within 0..1 and times at least 1")
        _check_ms("latency_ms", fault.latency_ms)
        _check_ms("per_record_ms", fault.per_record_ms)
        return fault

    def to_json(self) -> dict[str, Any]:
        """The fault as `GET /_sim/faults` lists it."""
        return asdict(self)

    def matches(self, api: str, method: str, apps: Iterable[int]) -> bool:
        """Whether a request falls under this fault's filters."""
        if self.api is not None and self.api != api:
            return False
        if self.method is not None and self.method != method:
            return False
        return self.app is None or self.app in apps


@dataclass(frozen=True)
class Strike:
    """The faults that hit one request: a delay, and at most one answer-changing fault."""

    latency_ms: float = 0
    per_record_ms: float = 0
    fault: Fault | None = None


class FaultBook:
    """The active faults, consumed as requests match them."""

    def __init__(self, seed: int | None) -> None:
        self._faults: list[Fault] = []
        self._random = random.Random(seed)  # noqa: S311 (not for secrets)

    def add(self, fault: Fault) -> Fault:
        """Switch a fault on."""
        self._faults.append(fault)
        return fault

    def remove(self, fault_id: str | None = None) -> int:
        """Switch one fault (or, without an id, every fault) off; the number removed."""
        before = len(self._faults)
        self._faults = [f for f in self._faults if fault_id is not None and f.id != fault_id]
        return before - len(self._faults)

    def listing(self) -> list[dict[str, Any]]:
        """The active faults."""
        return [f.to_json() for f in self._faults]

    def strike(self, api: str, method: str, apps: Iterable[int]) -> Strike:
        """Draw the faults for one request, using up their `times`."""
        if not self._faults:
            return Strike()
        apps = set(apps)
        latency, per_record, chosen, kept = 0.0, 0.0, None, []
        for fault in self._faults:
            hit = fault.matches(api, method, apps) and self._draw(fault.probability)
            if hit and fault.kind == "latency":
                latency += fault.latency_ms
                per_record += fault.per_record_ms
            elif hit and chosen is None:
                chosen = fault
            else:
                hit = False
            kept.append(_used(fault) if hit else fault)
        self._faults = [f for f in kept if f.times != 0]
        return Strike(latency, per_record, chosen)

    def _draw(self, probability: float) -> bool:
        return probability >= 1.0 or self._random.random() < probability


# An hour: any longer is a typo, and an integer too large for a float would fail the sleep.
MAX_MS = 3_600_000


def _check_ms(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= MAX_MS:
        raise ValueError(
            f"{name} must be a number of milliseconds, 0 to {MAX_MS}, not {_shown(value)}"
        )


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _used(fault: Fault) -> Fault:
    if fault.times is None:
        return fault
    return replace(fault, times=fault.times - 1)
