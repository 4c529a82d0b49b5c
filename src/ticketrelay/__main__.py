"""Run the command line with `python -m ticketrelay`."""

from ticketrelay.cli import main

main()
