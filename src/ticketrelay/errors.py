"""The one exception tree of ticketrelay, split by what the caller does next.

    TicketRelayError            anything ticketrelay raises on purpose
    ├── RetryLater              transient: the same action can succeed later, nothing to fix
    ├── ActionRequired          a person must fix data or settings; retrying alone cannot help
    │   ├── InvalidInput        an event, request or file is malformed
    │   │   └── NotFound        nothing has the ID that was given
    │   └── ConfigError         a setting or the environment is wrong
    └── Bug                     ticketrelay broke one of its own rules; please report it

kintone's failures (`ticketrelay.kintone.errors`) hang below RetryLater and ActionRequired.
Every message says what happened, to what, and what to do.
"""


class TicketRelayError(Exception):
    """Base of every exception that ticketrelay raises on purpose."""


class RetryLater(TicketRelayError):
    """A transient failure: the same action can succeed later."""


class ActionRequired(TicketRelayError):
    """A person must fix data or settings before this can succeed."""


class InvalidInput(ActionRequired):
    """An event, request or file is malformed."""


class NotFound(InvalidInput):
    """Nothing has that ID."""


class ConfigError(ActionRequired):
    """A setting or the environment is wrong."""


class Bug(TicketRelayError):
    """ticketrelay broke one of its own rules."""
