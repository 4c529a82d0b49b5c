"""Settings, read once from the environment (and a `.env` file) into a frozen object."""

import ipaddress
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ticketrelay.errors import ConfigError
from ticketrelay.rules.scalars import DEFAULT_WINDOW, MAX_WINDOW_DAYS, TimeWindow
from ticketrelay.secret import Secret

PREFIX = "TICKETRELAY_"


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything ticketrelay reads from its environment."""

    database_url: str
    admin_token: Secret | None = None
    secret_key: Secret | None = None
    kintone_hosts: tuple[str, ...] = ()
    source_hosts: tuple[str, ...] = ()
    public_url: str = ""
    trusted_proxies: tuple[str, ...] = ()
    domain_concurrency: int = 4
    daily_request_budget: int = 10_000
    retry_days: int = 7
    lease_seconds: int = 120
    retention_days: int = 400
    time_window: TimeWindow = DEFAULT_WINDOW

    @property
    def key_file(self) -> Path:
        """Where the encryption key lives when TICKETRELAY_SECRET_KEY is not set."""
        if self.database_url.startswith("sqlite:///"):
            database = Path(self.database_url.removeprefix("sqlite:///"))
            return database.with_name(database.name + ".key")
        return Path("ticketrelay.key").absolute()


def load_settings(
    environ: Mapping[str, str] | None = None, *, env_file: Path | None = Path(".env")
) -> Settings:
    """Read the settings, the environment winning over the `.env` file."""
    values = {**_read_env_file(env_file), **(os.environ if environ is None else environ)}

    def get(name: str) -> str:
        return values.get(PREFIX + name, "").strip()

    database = get("DATABASE_URL") or f"sqlite:///{Path('ticketrelay.db').absolute()}"
    return Settings(
        database_url=database,
        admin_token=Secret(get("ADMIN_TOKEN")) if get("ADMIN_TOKEN") else None,
        secret_key=Secret(get("SECRET_KEY")) if get("SECRET_KEY") else None,
        kintone_hosts=_hosts(get, "KINTONE_HOSTS"),
        source_hosts=_hosts(get, "SOURCE_HOSTS"),
        public_url=_public_url(get("PUBLIC_URL")),
        trusted_proxies=_networks(get, "TRUSTED_PROXIES"),
        domain_concurrency=_positive(get, "DOMAIN_CONCURRENCY", 4),
        daily_request_budget=_positive(get, "DAILY_REQUEST_BUDGET", 10_000),
        retry_days=_positive(get, "RETRY_DAYS", 7),
        lease_seconds=_positive(get, "LEASE_SECONDS", 120),
        retention_days=_days(get, "RETENTION_DAYS", 400),
        time_window=TimeWindow(
            back_days=_days(get, "TIME_WINDOW_DAYS", DEFAULT_WINDOW.back_days),
            ahead_days=_days(get, "TIME_AHEAD_DAYS", DEFAULT_WINDOW.ahead_days),
        ),
    )


def _public_url(text: str) -> str:
    parts = urlsplit(text)
    if text and (parts.scheme not in ("http", "https") or not parts.netloc or parts.query):
        raise ConfigError(
            f"TICKETRELAY_PUBLIC_URL must be the address helpdesks reach this service at, "
            f"such as https://relay.example.jp, not {text!r}."
        )
    return text.rstrip("/")


def _hosts(get: Callable[[str], str], name: str) -> tuple[str, ...]:
    return tuple(filter(None, (h.strip().lower() for h in get(name).split(","))))


def _positive(get: Callable[[str], str], name: str, default: int) -> int:
    text = get(name)
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise ConfigError(f"{PREFIX}{name} must be a whole number of 1 or more, not {text!r}.")
    return int(text)


def _networks(get: Callable[[str], str], name: str) -> tuple[str, ...]:
    found = []
    for item in filter(None, (part.strip() for part in get(name).split(","))):
        try:
            found.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ConfigError(
                f"{PREFIX}{name} must list IP addresses or networks (such as 10.0.0.0/8), "
                f"comma-separated; {item!r} is neither."
            ) from None
    return tuple(found)


def _days(get: Callable[[str], str], name: str, default: int) -> int:
    days = _positive(get, name, default)
    if days > MAX_WINDOW_DAYS:
        raise ConfigError(f"{PREFIX}{name} must be at most {MAX_WINDOW_DAYS} days, not {days}.")
    return days


def _read_env_file(path: Path | None) -> dict[str, str]:
    if path is None or not path.is_file():
        return {}
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.strip().partition("=")
        if sep and name.startswith(PREFIX) and not name.startswith("#"):
            found[name.strip()] = value.strip().strip("'\"")
    return found
