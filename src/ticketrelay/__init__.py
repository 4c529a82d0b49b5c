"""ticketrelay: helpdesk activity to kintone records, never lost and never duplicated."""

__version__ = "0.1.0"

__all__ = ["__version__"]
