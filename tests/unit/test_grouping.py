"""Work handed in from many threads runs together, and one failure fails only its own job."""

import threading
from collections.abc import Sequence
from concurrent.futures import Future

import pytest

from ticketrelay.intake.grouping import Grouped


def test_a_lone_caller_runs_its_job_at_once() -> None:
    """With nobody else waiting, a job runs alone and returns its own result."""
    rounds: list[list[int]] = []

    def run(jobs: Sequence[int]) -> list[int]:
        rounds.append(list(jobs))
        return [job * 2 for job in jobs]

    grouped = Grouped(run)
    assert grouped(3) == 6
    assert grouped(4) == 8
    assert rounds == [[3], [4]]


def test_callers_arriving_during_a_round_are_served_together() -> None:
    """Jobs queued while a round runs go in the next round, each caller getting its result."""
    release = threading.Event()
    rounds: list[list[int]] = []

    def run(jobs: Sequence[int]) -> list[int]:
        rounds.append(list(jobs))
        if jobs == [0]:
            release.wait(5)
        return [job + 100 for job in jobs]

    grouped = Grouped(run)
    results: dict[int, int] = {}
    first = threading.Thread(target=lambda: results.__setitem__(0, grouped(0)))
    first.start()
    while not rounds:
        threading.Event().wait(0.001)
    others = [
        threading.Thread(target=lambda n=n: results.__setitem__(n, grouped(n))) for n in range(1, 6)
    ]
    for thread in others:
        thread.start()
    while len(grouped._queue) < 5:
        threading.Event().wait(0.001)
    release.set()
    for thread in [first, *others]:
        thread.join(5)
    assert results == {n: n + 100 for n in range(6)}
    assert rounds[0] == [0]
    assert sorted(rounds[1]) == [1, 2, 3, 4, 5]
    assert len(rounds) == 2


def test_one_failing_job_fails_only_its_caller() -> None:
    """A round that fails is run again job by job, so the others still succeed."""
    rounds: list[list[int]] = []

    def run(jobs: Sequence[int]) -> list[int]:
        rounds.append(list(jobs))
        if 13 in jobs:
            raise ValueError("unlucky")
        return list(jobs)

    grouped = Grouped(run)
    unlucky: Future[int] = Future()
    lucky: Future[int] = Future()
    grouped._serve([(13, unlucky), (7, lucky)])
    with pytest.raises(ValueError, match="unlucky"):
        unlucky.result(0)
    assert lucky.result(0) == 7
    assert rounds == [[13, 7], [13], [7]]
