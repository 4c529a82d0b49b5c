"""The brake on failed logins: a few tries per client address, then a pause that doubles.

An attempt is counted when it is admitted, before its password is checked, under a lock: however
many arrive at once, at most `limit` from one address in `window_seconds` are ever checked.
The attempt that reaches the limit brakes the address: until the brake ends, its attempts are
refused unchecked. Each brake in a row lasts twice the one before (15 minutes, 30, an hour, …
a day at most); a successful login forgets the address, and so does a day without attempts.

The address is the peer's, or the client's as a trusted proxy reports it: uvicorn reads
X-Forwarded-For only from TICKETRELAY_TRUSTED_PROXIES (`serving.proxy_options`). Behind a
proxy that does not say who its client is, everyone shares the proxy's address and one guesser
brakes every administrator; so the login page still takes the admin token while braked.
Kept in memory: each server process brakes on its own.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_TRACKED = 10_000


@dataclass(kw_only=True)
class _Address:
    """What the brake remembers of one address."""

    tries: list[float] = field(default_factory=list)
    failures: int = 0
    strikes: int = 0
    until: float = 0.0
    last: float = 0.0


@dataclass
class LoginThrottle:
    """Admits login attempts per address, braking one that keeps guessing."""

    limit: int = 5
    window_seconds: float = 15 * 60
    brake_seconds: float = 15 * 60
    longest_seconds: float = 24 * 3600
    delay_seconds: float = 0.3
    clock: Callable[[], float] = time.monotonic
    _addresses: dict[str, _Address] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def admit(self, address: str) -> float:
        """Count an attempt before it is checked: 0 when it may be; else the seconds to wait."""
        with self._lock:
            now = self.clock()
            state = self._state(address, now)
            if now < state.until:
                return state.until - now
            state.tries = [t for t in state.tries if t > now - self.window_seconds] + [now]
            state.failures += 1
            state.last = now
            if len(state.tries) >= self.limit:
                state.strikes += 1
                brake = self.brake_seconds * 2 ** (state.strikes - 1)
                state.until = now + min(brake, self.longest_seconds)
                state.tries = []
            return 0.0

    def failed(self, address: str) -> float:
        """The admitted attempt was wrong: how long to pause before answering it."""
        with self._lock:
            state = self._addresses.get(address)
            failures = state.failures if state else 1
            return self.delay_seconds * min(failures, self.limit)

    def succeeded(self, address: str) -> None:
        """The admitted attempt was right: forget the address."""
        with self._lock:
            self._addresses.pop(address, None)

    def _state(self, address: str, now: float) -> _Address:
        state = self._addresses.get(address)
        if state is None or self._stale(state, now):
            if len(self._addresses) >= MAX_TRACKED:
                self._sweep(now)
            state = self._addresses[address] = _Address()
        return state

    def _stale(self, state: _Address, now: float) -> bool:
        return now >= state.until and now - state.last > self.longest_seconds

    def _sweep(self, now: float) -> None:
        """Forget the addresses that are not braked and tried nothing within the window."""
        for address, state in list(self._addresses.items()):
            if now >= state.until and now - state.last > self.window_seconds:
                del self._addresses[address]
