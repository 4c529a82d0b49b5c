"""The public surface of `ticketrelay.kintone.sim` is deliberate (STYLE §2)."""

import ticketrelay.kintone.sim as sim


def test_exported_names() -> None:
    """Only these names are public."""
    assert sorted(sim.__all__) == [
        "RemoteSimulator",
        "SimSettings",
        "SimState",
        "Simulator",
        "create_app",
        "run_simulator",
        "spawn_simulator",
    ]
    assert all(hasattr(sim, name) for name in sim.__all__)
