"""What the JSON bodies share: text a database can hold, bounded keys and IDs, the error body."""

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

MAX_ID = 2**31 - 1
"""The largest ID the database holds (PostgreSQL's INTEGER)."""


def plain_text(value: str) -> str:
    """Refuse what no database column can hold: NUL characters and lone surrogates."""
    if "\x00" in value:
        raise PydanticCustomError("nul_character", "must not contain a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError(
            "lone_surrogate", "must be valid Unicode (it contains a lone surrogate)"
        ) from None
    return value


def _numeric(value: object) -> object:
    """A numeric string as its number; anything else is left for the integer check."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 20:
        return int(value)
    return value


def _blank_is_none(value: object) -> object:
    """An empty query parameter (`?account=`) is one not given."""
    return None if value == "" else value


_Plain = AfterValidator(plain_text)
Text = Annotated[str, _Plain]
Key = Annotated[str, Field(min_length=1, max_length=128), _Plain]
Name = Annotated[str, Field(min_length=1, max_length=200), _Plain]
BaseUrl = Annotated[str, Field(min_length=1, max_length=300), _Plain]
ApiToken = Annotated[str, Field(min_length=1, max_length=2000), _Plain]
ZoneName = Annotated[str, Field(min_length=1, max_length=64), _Plain]
FieldCode = Annotated[str, Field(max_length=128), _Plain]
Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]
KintoneId = Annotated[
    StrictInt,
    BeforeValidator(_numeric),
    Field(ge=1, le=MAX_ID),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                {"type": "string", "pattern": "^0{0,9}[1-9][0-9]{0,9}$"},
            ]
        }
    ),
]
Status = Literal["pending", "delivered", "error", "cancelled"]
Severity = Literal["error", "alert"]
OptionalKey = Annotated[Key | None, BeforeValidator(_blank_is_none)]
OptionalStatus = Annotated[Status | None, BeforeValidator(_blank_is_none)]
OptionalSeverity = Annotated[Severity | None, BeforeValidator(_blank_is_none)]
ActivityLimit = Annotated[
    Annotated[int, Field(ge=1, le=1000)] | None, BeforeValidator(_blank_is_none)
]
EntryLimit = Annotated[
    Annotated[int, Field(ge=1, le=10_000)] | None, BeforeValidator(_blank_is_none)
]


class Body(BaseModel):
    """A request body: unknown keys are ignored, so a GET's answer can be PUT back."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class ErrorBody(BaseModel):
    """Every error: one clear sentence, and the problems one by one where there are several."""

    error: str
    errors: list[dict[str, Any]] | None = None
