"""What a person submits for an integration, validated into settings that can be stored."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ticketrelay.crypto import Cipher
from ticketrelay.errors import InvalidInput
from ticketrelay.kintone.auth import token_problem
from ticketrelay.kintone.hosts import check_base_url
from ticketrelay.model import Integration, IntegrationSettings
from ticketrelay.rules.channels import CHANNEL_KEYS
from ticketrelay.rules.mapping import DEFAULT_TIME_ZONE, load_zone
from ticketrelay.rules.values import VALUE_KEYS
from ticketrelay.secret import Secret


@dataclass(frozen=True, kw_only=True)
class IntegrationSpec:
    """An integration as submitted; `api_token` None on an update keeps the stored one."""

    name: str
    account: str
    base_url: str
    app: int
    api_token: Secret | None
    guest_space_id: int | None = None
    timezone: str = DEFAULT_TIME_ZONE
    channels: Sequence[str] = ()
    inboxes: Sequence[str] = ()
    mapping: Mapping[str, str] = field(default_factory=dict)
    enabled: bool = True

    def settings(
        self, cipher: Cipher, allowed_hosts: Sequence[str], *, previous: Integration | None
    ) -> IntegrationSettings:
        """The settings to store, or InvalidInput naming what is wrong."""
        problems = self._problems()
        if problems:
            raise InvalidInput("The integration cannot be saved: " + " ".join(problems))
        if self.api_token:
            token = cipher.encrypt(self.api_token)
        elif previous is not None:
            token = previous.api_token_encrypted
        else:
            raise InvalidInput("The integration cannot be saved: the kintone API token is missing.")
        return IntegrationSettings(
            name=self.name.strip(),
            account=self.account.strip(),
            base_url=check_base_url(self.base_url, allowed_hosts),
            app=self.app,
            guest_space_id=self.guest_space_id,
            api_token_encrypted=token,
            timezone=self.timezone,
            channels=tuple(dict.fromkeys(self.channels)),
            inboxes=tuple(dict.fromkeys(i.strip() for i in self.inboxes if i.strip())),
            mapping={k: v.strip() for k, v in self.mapping.items() if v.strip()},
            enabled=self.enabled,
        )

    def _problems(self) -> list[str]:
        checks = [
            (not self.name.strip(), "The name is empty."),
            (not self.account.strip(), "The account is empty."),
            (self.app < 1, f"The app ID must be a positive number, not {self.app}."),
            (
                self.guest_space_id is not None and self.guest_space_id < 1,
                f"The guest space ID must be a positive number, not {self.guest_space_id}.",
            ),
            (load_zone(self.timezone) is None, f"{self.timezone!r} is not a time zone name."),
        ]
        problems = [message for failed, message in checks if failed]
        problems.extend(self._token_problems())
        unknown_channels = [c for c in self.channels if c not in CHANNEL_KEYS]
        if unknown_channels:
            problems.append(
                f"Unknown channels {', '.join(map(repr, unknown_channels))}; "
                f"use {', '.join(CHANNEL_KEYS)}."
            )
        unknown_values = [k for k in self.mapping if k not in VALUE_KEYS]
        if unknown_values:
            problems.append(
                f"Unknown mapping keys {', '.join(map(repr, unknown_values))}; "
                f"use {', '.join(VALUE_KEYS)}."
            )
        return problems

    def _token_problems(self) -> list[str]:
        problem = token_problem(self.api_token.reveal()) if self.api_token else None
        if problem is None:
            return []
        return [
            f"The kintone API token {problem}: copy it again from the app's settings in "
            "kintone (App settings > API token). A token has only letters and digits; "
            "separate several tokens with commas, without spaces."
        ]
