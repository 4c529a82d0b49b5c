"""The names `import ticketrelay` offers are a deliberate, pinned list."""

import ticketrelay


def test_public_names() -> None:
    """Adding or removing a public name is a decision: change this list with it."""
    assert sorted(ticketrelay.__all__) == [
        "ActionRequired",
        "Bug",
        "ConfigError",
        "Event",
        "EventError",
        "IntegrationSpec",
        "InvalidInput",
        "Relay",
        "RetryLater",
        "Settings",
        "TicketRelayError",
        "Worker",
        "WorkerOptions",
        "__version__",
        "load_settings",
        "parse_batch",
        "parse_event",
    ]
    for name in ticketrelay.__all__:
        assert getattr(ticketrelay, name) is not None
