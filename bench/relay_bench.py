"""The relay, ingest, webhook and JavaScript-client benchmarks: the same as `ticketrelay bench`.

python -m bench.relay_bench [--backlog 10000] [--rate 100] [--seconds 20] [--webhooks 2000]
"""

from ticketrelay.cli.bench import bench

if __name__ == "__main__":
    import typer

    typer.run(bench)
