"""Handing in work from many threads so that it runs together, in one call per round."""

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Generic, TypeVar

J = TypeVar("J")
R = TypeVar("R")


class Grouped(Generic[J, R]):
    """The first caller to arrive runs every job queued so far; the others wait for theirs.

    No thread of its own and no waiting for more work: a lone caller runs its job at once,
    and callers who arrive while a round runs are served together in the next round.
    """

    def __init__(self, run: Callable[[Sequence[J]], list[R]]) -> None:
        self._run = run
        self._lock = threading.Lock()
        self._queue: list[tuple[J, Future[R]]] = []
        self._running = False

    def __call__(self, job: J) -> R:
        """Run `job`, perhaps together with other callers' jobs, and return its result."""
        done: Future[R] = Future()
        with self._lock:
            self._queue.append((job, done))
            lead = not self._running
            self._running = True
        if lead:
            self._lead()
        return done.result()

    def _lead(self) -> None:
        while True:
            with self._lock:
                round_, self._queue = self._queue, []
                if not round_:
                    self._running = False
                    return
            self._serve(round_)

    def _serve(self, round_: list[tuple[J, Future[R]]]) -> None:
        try:
            results = self._run([job for job, _ in round_])
        except BaseException as exc:
            if len(round_) == 1:
                round_[0][1].set_exception(exc)
                return
            for single in round_:  # one bad job must not fail the others: run each alone
                self._serve([single])
            return
        for (_, done), result in zip(round_, results, strict=True):
            done.set_result(result)
