"""A string that never shows itself in a repr, a log line or an exception message."""

from typing import Final


class Secret:
    """Holds a secret value; only `reveal()` gives it back."""

    __slots__ = ("_value",)
    _MASK: Final = "**********"

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """Return the secret value itself, for the one place that must send it."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{self._MASK}')"

    def __str__(self) -> str:
        return self._MASK

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)
