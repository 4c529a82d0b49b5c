"""Shared by every test: async tests run on asyncio."""

import pytest


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (marked anyio) run on asyncio, as the service does."""
    return "asyncio"
