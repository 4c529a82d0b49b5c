"""Persistence: an append-only JSON-lines journal of committed changes, replayed at start."""

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


class Journal:
    """Appends one line per committed change and flushes it before the answer is sent."""

    def __init__(self, path: Path, *, fsync: bool = False) -> None:
        self.path = path
        self.fsync = fsync
        path.parent.mkdir(parents=True, exist_ok=True)
        # Readable by its owner only: it holds the records' data.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._file: IO[str] = os.fdopen(fd, "a", encoding="utf-8")

    def replay(self) -> Iterator[dict[str, Any]]:
        """Every complete entry written so far; a torn last line (a crash mid-write) is cut off."""
        good = 0
        with self.path.open("rb") as lines:
            for line in lines:
                if not line.endswith(b"\n"):
                    break
                good += len(line)
                yield json.loads(line)
        if good != self.path.stat().st_size:
            os.truncate(self.path, good)

    def append(self, entry: dict[str, Any]) -> None:
        """Write one entry durably enough to survive a restart of the simulator."""
        self._file.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
        self._file.flush()
        if self.fsync:
            os.fsync(self._file.fileno())

    def truncate(self) -> None:
        """Forget everything (reset)."""
        self._file.seek(0)
        self._file.truncate()
        self._file.flush()

    def close(self) -> None:
        """Close the file."""
        self._file.close()
