"""What every route reads from the app: the relay and the settings it was created with."""

from typing import Annotated

from fastapi import Depends, Request

from ticketrelay.config import Settings
from ticketrelay.relay import Relay


def relay(request: Request) -> Relay:
    """The app's relay."""
    found: Relay = request.app.state.relay
    return found


def settings(request: Request) -> Settings:
    """The app's settings."""
    found: Settings = request.app.state.settings
    return found


RelayDep = Annotated[Relay, Depends(relay)]
SettingsDep = Annotated[Settings, Depends(settings)]
