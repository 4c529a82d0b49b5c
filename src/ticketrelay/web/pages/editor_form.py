"""The integration editor's form: read from a request or an integration, checked, and turned
into an IntegrationSpec; and the mapping table's rows with their options, hints and problems."""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from starlette.datastructures import FormData

from ticketrelay.errors import InvalidInput
from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.kintone.auth import token_problem
from ticketrelay.kintone.fields import Field, SingleLineText, Unsupported, parse_form, to_properties
from ticketrelay.kintone.hosts import check_base_url
from ticketrelay.model import Integration
from ticketrelay.rules.channels import CHANNEL_KEYS
from ticketrelay.rules.mapping import DEFAULT_TIME_ZONE, load_zone
from ticketrelay.rules.mapping_check import Hint, hint, is_compatible, target
from ticketrelay.rules.problems import VALUE_LABELS, Problem, unsupported_why
from ticketrelay.rules.values import VALUE_KEYS
from ticketrelay.secret import Secret

SYSTEM_TYPES = frozenset(
    {
        "RECORD_NUMBER",
        "__ID__",
        "__REVISION__",
        "CREATOR",
        "CREATED_TIME",
        "MODIFIER",
        "UPDATED_TIME",
        "STATUS",
        "STATUS_ASSIGNEE",
        "CATEGORY",
    }
)


@dataclass(frozen=True, kw_only=True)
class EditorForm:
    """The editor's inputs, as text so that a refused form comes back as it was typed."""

    integration_id: int | None = None
    name: str = ""
    account: str = ""
    base_url: str = ""
    guest_space_id: str = ""
    app: str = ""
    api_token: str = ""
    timezone: str = DEFAULT_TIME_ZONE
    channels: tuple[str, ...] = ()
    inboxes: str = ""
    mapping: dict[str, str] = field(default_factory=dict)
    enabled: bool = True
    fields_json: str = ""

    @classmethod
    def of(cls, integration: Integration, properties: Mapping[str, Any] | None) -> "EditorForm":
        """The form of a stored integration, with the app's cached fields."""
        return cls(
            integration_id=integration.id,
            name=integration.name,
            account=integration.account,
            base_url=integration.base_url,
            guest_space_id=str(integration.guest_space_id or ""),
            app=str(integration.app),
            timezone=integration.timezone,
            channels=integration.channels,
            inboxes="\n".join(integration.inboxes),
            mapping=dict(integration.mapping),
            enabled=integration.enabled,
            fields_json=json.dumps(properties, ensure_ascii=False) if properties else "",
        )

    @classmethod
    def read(cls, form: FormData, integration_id: int | None) -> "EditorForm":
        """The form as submitted."""

        def get(name: str) -> str:
            value = form.get(name)
            return value.strip() if isinstance(value, str) else ""

        return cls(
            integration_id=integration_id,
            name=get("name"),
            account=get("account"),
            base_url=get("base_url"),
            guest_space_id=get("guest_space_id"),
            app=get("app"),
            api_token=get("api_token"),
            timezone=get("timezone") or DEFAULT_TIME_ZONE,
            channels=tuple(c for c in form.getlist("channels") if c in CHANNEL_KEYS),
            inboxes=get("inboxes"),
            mapping={key: get(f"map_{key}") for key in VALUE_KEYS if get(f"map_{key}")},
            enabled=get("enabled") == "on",
            fields_json=get("fields_json"),
        )

    def with_fields(self, fields: Mapping[str, Field]) -> "EditorForm":
        """The form carrying freshly read fields of the app."""
        properties = {code: to_properties(f) for code, f in fields.items()}
        return replace(self, fields_json=json.dumps(properties, ensure_ascii=False))

    def fields(self) -> dict[str, Field] | None:
        """The app's fields the form carries; None before the connection was checked."""
        if not self.fields_json:
            return None
        try:
            properties = json.loads(self.fields_json)
        except ValueError:
            return None
        return parse_form(properties) if isinstance(properties, dict) else None

    def connection_errors(self, allowed_hosts: Sequence[str], stored_url: str | None) -> list[str]:
        """What keeps the connection from being checked: message keys.

        `stored_url` is the base URL the stored token was saved for (None: no token stored);
        the stored token is used only for that URL, so that it is never sent elsewhere.
        """
        errors = []
        try:
            base_url = check_base_url(self.base_url, allowed_hosts)
        except InvalidInput:
            base_url = ""
            errors.append("editor.url_invalid")
        if not _positive(self.app):
            errors.append("editor.app_invalid")
        if self.guest_space_id and not _positive(self.guest_space_id):
            errors.append("editor.guest_invalid")
        if self.api_token and token_problem(self.api_token) is not None:
            errors.append("editor.token_invalid")
        elif not self.api_token and stored_url is None:
            errors.append("editor.token_missing")
        elif not self.api_token and base_url and base_url != stored_url:
            errors.append("editor.token_for_new_url")
        return errors

    def errors(self, allowed_hosts: Sequence[str], stored_url: str | None) -> list[str]:
        """What keeps the form from being saved: message keys."""
        checks = [
            (not self.name, "editor.name_empty"),
            (not self.account, "editor.account_empty"),
            (load_zone(self.timezone) is None, "editor.timezone_invalid"),
        ]
        found = [key for failed, key in checks if failed]
        return found + self.connection_errors(allowed_hosts, stored_url)

    def spec(self) -> IntegrationSpec:
        """The integration to save; call only when `errors` found none."""
        return IntegrationSpec(
            name=self.name,
            account=self.account,
            base_url=self.base_url,
            app=int(self.app),
            api_token=Secret(self.api_token) if self.api_token else None,
            guest_space_id=int(self.guest_space_id) if self.guest_space_id else None,
            timezone=self.timezone,
            channels=self.channels,
            inboxes=[line.strip() for line in self.inboxes.splitlines() if line.strip()],
            mapping=self.mapping,
            enabled=self.enabled,
        )


def _positive(text: str) -> bool:
    return text.isascii() and text.isdigit() and 0 < int(text) < 2**31


@dataclass(frozen=True, kw_only=True)
class Option:
    """A field offered for a value; `note` marks a stored choice that no longer fits."""

    code: str
    label: str
    type_key: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Row:
    """One value of the mapping table."""

    key: str
    label: tuple[str, str]
    options: tuple[Option, ...]
    selected: str
    hint: Hint | None
    problems: tuple[Problem, ...]
    exactly_once: bool


def mapping_rows(
    mapping: Mapping[str, str], fields: Mapping[str, Field], problems: Sequence[Problem]
) -> list[Row]:
    """For each value: the compatible fields, the chosen one, its hint and its problems."""
    rows = []
    for key in VALUE_KEYS:
        selected = mapping.get(key, "")
        chosen = fields.get(selected)
        en, ja = VALUE_LABELS[key]
        rows.append(
            Row(
                key=key,
                label=(ja, en),
                options=_options(key, selected, fields),
                selected=selected,
                hint=hint(key, chosen) if chosen is not None else None,
                problems=tuple(p for p in problems if p.value_key == key),
                exactly_once=key == "activity_id"
                and isinstance(chosen, SingleLineText)
                and chosen.unique,
            )
        )
    return rows


def _options(key: str, selected: str, fields: Mapping[str, Field]) -> tuple[Option, ...]:
    options = [
        Option(code=code, label=f.label or code, type_key=target(f))
        for code, f in fields.items()
        if not isinstance(f, Unsupported) and is_compatible(key, f)
    ]
    if selected and all(o.code != selected for o in options):
        found = fields.get(selected)
        note = "editor.missing_field" if found is None else "editor.incompatible_field"
        type_key = "" if found is None else target(found)
        options.append(Option(code=selected, label=selected, type_key=type_key, note=note))
    return tuple(options)


def general_problems(problems: Sequence[Problem]) -> list[Problem]:
    """The problems that belong to no row of the mapping table."""
    return [p for p in problems if p.value_key not in VALUE_KEYS]


def unwritable(fields: Mapping[str, Field]) -> list[tuple[Field, tuple[str, str]]]:
    """The app's own fields that no value can be mapped to, with why (Japanese, English)."""
    found: list[tuple[Field, tuple[str, str]]] = []
    for f in fields.values():
        if isinstance(f, Unsupported) and f.type not in SYSTEM_TYPES:
            en, ja = unsupported_why(f.type)
            found.append((f, (ja, en)))
    return found
