"""The simulator's settings: every behaviour that kintone-api.md marks UNCONFIRMED is one."""

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any, Final, Literal, get_args, get_origin, get_type_hints

Language = Literal["ja", "en"]


@dataclass(frozen=True, kw_only=True)
class SimSettings:
    """How the simulator behaves where kintone's documentation leaves room (kintone-api.md)."""

    admin_user: str = "admin"
    admin_password: str = field(default="admin", repr=False)
    default_language: Language = "ja"
    system_field_language: Language = "ja"
    timezone: str = "Asia/Tokyo"
    # §4: server-side precedence between password and token auth is UNCONFIRMED.
    password_wins_over_token: bool = True
    invalid_token_status: int = 400
    # §4: a token of another app is GAIA_NO01 (403) or GAIA_AP15; UNCONFIRMED.
    foreign_token_code: Literal["GAIA_NO01", "GAIA_AP15"] = "GAIA_NO01"  # noqa: S105
    # §1: GAIA_IL23 is 400 today; cli-kintone saw 520 in 2023.
    guest_path_error_status: int = 400
    # §2.3: the HTTP status of GAIA_CO02 is UNCONFIRMED.
    revision_conflict_status: int = 409
    concurrency_limit: int = 100
    max_cursors: int = 10
    cursor_ttl_seconds: int = 600
    # §5: kintone does not refuse requests over the daily cap; None keeps it off.
    daily_request_cap: int | None = None
    daily_cap_status: int = 429
    daily_cap_code: str = "SIM_DAILY_LIMIT"
    # §2.6: whether bulkRequest sub-requests count per app is UNCONFIRMED.
    count_bulk_subrequests: bool = False
    # §2.3: whether an UPSERT insert copies updateKey.value into the record is UNCONFIRMED.
    upsert_copies_update_key: bool = True
    operation_in_plain_update: bool = False
    # §3: minLength on an empty value is UNCONFIRMED.
    min_length_checks_empty: bool = False
    # §3: whether TIME accepts HH:MM:SS on write is UNCONFIRMED.
    time_accepts_seconds: bool = True
    # §3: LINK format validation is UNCONFIRMED.
    validate_link_format: bool = False
    deploy_processing_polls: int = 0
    fault_seed: int | None = None
    fsync: bool = False


def settings_from_pairs(pairs: Iterable[str], base: SimSettings | None = None) -> SimSettings:
    """Settings from `NAME=VALUE` strings (the CLI's `--set`); ValueError names a bad one."""
    hints = get_type_hints(SimSettings)
    changes: dict[str, Any] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or name not in hints:
            raise ValueError(f"unknown setting {name!r}; known: {', '.join(sorted(hints))}")
        changes[name] = _convert(name, hints[name], text.strip())
    return replace(base or SimSettings(), **changes)


def settings_to_pairs(settings: SimSettings) -> list[str]:
    """The `NAME=VALUE` strings of every setting that differs from its default."""
    default = SimSettings()
    return [
        f"{f.name}={_text(getattr(settings, f.name))}"
        for f in fields(SimSettings)
        if getattr(settings, f.name) != getattr(default, f.name)
    ]


def _text(value: object) -> str:
    if value is None:
        return "none"
    return str(value).lower() if isinstance(value, bool) else str(value)


def _convert(name: str, hint: object, text: str) -> object:
    if hint is bool:
        if text.lower() not in _BOOLEANS:
            raise ValueError(f"{name} takes true or false, not {text!r}")
        return _BOOLEANS[text.lower()]
    allowed = [a for a in get_args(hint) if a is not type(None)]
    if type(None) in get_args(hint) and text.lower() in ("", "none", "off"):
        return None
    if hint is int or int in allowed:
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"{name} takes a whole number, not {text!r}") from None
    if get_origin(hint) is Literal and text not in allowed:
        raise ValueError(f"{name} takes one of {', '.join(map(str, allowed))}, not {text!r}")
    return text


_BOOLEANS: Final = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
