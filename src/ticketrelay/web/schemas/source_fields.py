"""The values that helpdesk sources' settings share: URLs, subdomains, minutes, e-mails."""

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from ticketrelay.web.schemas.shared import BaseUrl

_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.IGNORECASE)


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PydanticCustomError(
            "not_http_url", "must be an http:// or https:// URL, such as https://chat.example.com"
        )
    return value


def _dns_label(value: str) -> str:
    if _LABEL.fullmatch(value) is None:
        raise PydanticCustomError(
            "not_subdomain",
            "must be the Zendesk subdomain alone (letters, digits and hyphens), such as "
            "acme for acme.zendesk.com",
        )
    return value.lower()


HelpdeskUrl = Annotated[BaseUrl, AfterValidator(_http_url)]
Subdomain = Annotated[str, Field(min_length=1, max_length=63), AfterValidator(_dns_label)]
IdleMinutes = Annotated[int, Field(ge=1, le=1440)]
Email = Annotated[str, Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")]
