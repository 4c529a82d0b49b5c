"""Shared setup of the pure-core tests: a deterministic hypothesis profile."""

from hypothesis import HealthCheck, settings

# Derandomized, without an example database: the same examples on every run, fast in CI.
settings.register_profile(
    "ticketrelay",
    derandomize=True,
    database=None,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ticketrelay")
