"""Whose turn it is: a worker serves the integrations that have due work in turn, so that no
tie of due times and no long backlog keeps one of them waiting while others are served."""

from collections.abc import Iterable


class Turns:
    """The order in which one worker's tasks take integrations: longest without a turn first."""

    def __init__(self) -> None:
        self._last: dict[int, int] = {}
        self._given = 0

    def order(self, candidates: Iterable[int]) -> list[int]:
        """The candidates, those never served first, then the least recently served.

        Candidates that waited equally keep their order (the most overdue first).
        """
        return sorted(candidates, key=lambda integration_id: self._last.get(integration_id, 0))

    def give(self, integration_id: int) -> None:
        """Note that an integration gets its turn now."""
        self._given += 1
        self._last[integration_id] = self._given
