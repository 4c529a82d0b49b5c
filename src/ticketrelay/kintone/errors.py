"""kintone's failures as ticketrelay exceptions, classified as transient or permanent.

KintoneError                       status, code, id, message, per-record errors
├── KintoneTransientError          (RetryLater) network, timeout, 5xx but 520, 429, GAIA_DA02
└── KintonePermanentError          (ActionRequired) kintone refused; resending cannot help
    ├── KintoneAccessError         credentials, permission, guest space or the app itself
    └── KintoneRecordError         kintone rejected values of records (CB_VA01, CB_IJ01)
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ticketrelay.errors import ActionRequired, RetryLater, TicketRelayError

ACCESS_CODES = frozenset(
    {
        "CB_AU01",
        "CB_WA01",
        "CB_NO02",
        "GAIA_IA02",
        "GAIA_NO01",
        "GAIA_DA03",
        "GAIA_AP01",
        "GAIA_AP15",
        "GAIA_IL23",
    }
)
RECORD_CODES = frozenset({"CB_VA01", "CB_IJ01"})
TRANSIENT_CODES = frozenset({"GAIA_DA02", "GAIA_TO04", "GAIA_TM12"})

_RECORD_KEY = re.compile(r"^records?(?:\[(\d+)\])?(?:\.([^.\[\]]+)|\[([^\]]+)\])")


@dataclass(frozen=True, kw_only=True)
class RecordError:
    """What kintone said about one field of one record of a write."""

    index: int
    field: str
    messages: tuple[str, ...]


class KintoneError(TicketRelayError):
    """kintone failed or refused a request."""

    transient = False

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str = "",
        error_id: str = "",
        kintone_message: str = "",
        errors: Mapping[str, Any] | None = None,
        bulk_index: int | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.error_id = error_id
        self.kintone_message = kintone_message
        self.errors: Mapping[str, Any] = errors or {}
        self.bulk_index = bulk_index
        self.record_errors = parse_record_errors(self.errors)
        self.committed = 0


class KintoneTransientError(KintoneError, RetryLater):
    """kintone could not answer now; the same request can succeed later."""

    transient = True


class KintonePermanentError(KintoneError, ActionRequired):
    """kintone refused the request; sending it again unchanged cannot help."""


class KintoneAccessError(KintonePermanentError):
    """The credentials, their permissions, the guest space or the app itself are wrong."""


class KintoneRecordError(KintonePermanentError):
    """kintone rejected values of one or more records of a write."""


def parse_record_errors(errors: Mapping[str, Any]) -> tuple[RecordError, ...]:
    """Read kintone's `errors` keys such as `records[3].code.value` into per-record errors."""
    found: list[RecordError] = []
    for key, detail in errors.items():
        match = _RECORD_KEY.match(key)
        if match is None:
            continue
        index = int(match.group(1) or 0)
        field = match.group(2) or match.group(3)
        found.append(RecordError(index=index, field=field, messages=_messages(detail)))
    return tuple(found)


def _messages(detail: object) -> tuple[str, ...]:
    if isinstance(detail, Mapping):
        messages = detail.get("messages")
        if isinstance(messages, list):
            return tuple(str(m) for m in messages)
    return ()


def error_class(status: int | None, code: str) -> type[KintoneError]:
    """Choose the exception class for an answer, from its HTTP status and kintone code."""
    if status is None or code in TRANSIENT_CODES or status == 429:
        return KintoneTransientError
    if status >= 500 and status != 520:
        return KintoneTransientError
    if code in ACCESS_CODES or status in (401, 403):
        return KintoneAccessError
    if code in RECORD_CODES:
        return KintoneRecordError
    return KintonePermanentError


def advice(cls: type[KintoneError]) -> str:
    """What a person does next about a failure of this class."""
    if cls is KintoneTransientError:
        return "ticketrelay retries it later."
    if cls is KintoneAccessError:
        return (
            "Check the base URL, guest space, app ID and API token of the integration, "
            "and the token's permissions in the app's settings."
        )
    if cls is KintoneRecordError:
        return "Fix the values or the mapping, then resend."
    return "Check the request and the app's settings."
