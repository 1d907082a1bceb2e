"""Pages of ``endorsements``: the staff calendar, the holder's pages, staff pages for granted
records (revocation, transfers, imports) and the public pages (verification, registry, issuer
profiles and status lists)."""

from .calendar import calendar, calendar_delete, calendar_entry

__all__ = ["calendar", "calendar_delete", "calendar_entry"]
