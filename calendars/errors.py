"""Errors raised by the time layer; mapped to HTTP once, in app/api/errors.py."""


class CalendarError(ValueError):
    """Bad time input; `where` names the field."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


class RecurrenceError(CalendarError):
    """An RRULE/EXDATE that cannot be used."""


class HoursError(CalendarError):
    """An active-hours schedule that cannot be used."""
