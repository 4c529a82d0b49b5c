"""The Re:lation poller's latency at the default budget, in simulated time, as JSON lines.

A steady stream of changed tickets at each rate, polled every 60 s within 20 requests a
minute, against the same stream at a budget that never runs out; then the rate at which the
backlog starts to grow (`ticketrelay.benchmark.relation`).

    python -m bench.relation_bench [--rates 1,5,10,20] [--minutes 60] [--requests-per-minute 20]
"""

import argparse
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ticketrelay.benchmark import relation


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the arguments and run in a temporary folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rates", default="1,5,10,20", help="changed tickets a minute")
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--requests-per-minute", type=int, default=relation.DEFAULT_BUDGET)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rates = [int(rate) for rate in args.rates.split(",")]
    with tempfile.TemporaryDirectory(prefix="ticketrelay-bench-") as folder:
        for line in relation.run(
            Path(folder),
            rates=rates,
            minutes=args.minutes,
            requests_per_minute=args.requests_per_minute,
            seed=args.seed,
        ):
            print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
