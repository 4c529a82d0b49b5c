"""The answer of the event API."""

from pydantic import BaseModel


class Accepted(BaseModel):
    """The answer to a stored batch of events."""

    accepted: int
    duplicates: int
