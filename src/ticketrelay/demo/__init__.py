"""The demo: a realistic stream of helpdesk events and the kintone app it lands in."""

from ticketrelay.demo.app import (
    DEMO_ACCOUNT,
    DEMO_ACCOUNT_NAME,
    DEMO_APP_NAME,
    DEMO_MAPPING,
    demo_fields,
)
from ticketrelay.demo.bundle import BUNDLE_PATH, BUNDLE_START, load_bundle, write_bundle
from ticketrelay.demo.stream import BUNDLE_SEED, demo_events

__all__ = [
    "BUNDLE_PATH",
    "BUNDLE_SEED",
    "BUNDLE_START",
    "DEMO_ACCOUNT",
    "DEMO_ACCOUNT_NAME",
    "DEMO_APP_NAME",
    "DEMO_MAPPING",
    "demo_events",
    "demo_fields",
    "load_bundle",
    "write_bundle",
]
