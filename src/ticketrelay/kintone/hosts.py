"""Which kintone base URLs an integration may point at: kintone's domains, or allowed hosts."""

from collections.abc import Sequence
from urllib.parse import urlsplit

from ticketrelay.errors import InvalidInput

KINTONE_DOMAINS = ("cybozu.com", "kintone.com", "cybozu.cn")


def check_base_url(url: str, allowed_hosts: Sequence[str] = ()) -> str:
    """The base URL in its plain form (`https://example.cybozu.com`), or InvalidInput saying why."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InvalidInput(f"The kintone base URL {url!r} is not a URL.") from exc
    host = (parts.hostname or "").lower()
    netloc = host if port is None else f"{host}:{port}"
    if parts.scheme not in ("http", "https") or not host:
        raise InvalidInput(f"The kintone base URL {url!r} must start with https://.")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise InvalidInput(f"The kintone base URL {url!r} must not carry a user, query or #part.")
    if parts.path not in ("", "/"):
        raise InvalidInput(
            f"The kintone base URL {url!r} must be the domain only, e.g. https://example.cybozu.com."
        )
    if host in allowed_hosts or netloc in allowed_hosts:
        return f"{parts.scheme}://{netloc}"
    if parts.scheme != "https" or not _is_kintone(host):
        raise InvalidInput(
            f"The kintone base URL {url!r} is not a kintone domain (https://SUBDOMAIN.cybozu.com, "
            ".kintone.com or .cybozu.cn). Other hosts must be allowed in TICKETRELAY_KINTONE_HOSTS."
        )
    return f"https://{netloc}"


def _is_kintone(host: str) -> bool:
    return any(host.endswith("." + domain) for domain in KINTONE_DOMAINS)


def domain_of(base_url: str) -> str:
    """The host (and port) of a base URL: the unit of kintone's concurrent-request limit."""
    return urlsplit(base_url).netloc.lower()
