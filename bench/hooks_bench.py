"""Signed webhooks a second against the plain event API: the `hooks` line of `ticketrelay bench`.

Runs that scenario alone, on a fresh `ticketrelay serve --no-worker`, and prints its JSON line.

    python -m bench.hooks_bench [--webhooks 2000] [--connections 8]
"""

import argparse
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ticketrelay.benchmark import hooks


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the arguments and run in a temporary folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--webhooks", type=int, default=2_000)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ticketrelay-bench-") as folder:
        found = hooks.run(Path(folder), webhooks=args.webhooks, connections=args.connections)
    print(json.dumps(found))


if __name__ == "__main__":
    main()
