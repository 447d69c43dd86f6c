"""iCalendar in and out: the one import point for feeds and import (plain objects, no Flask, no DB).

Writing: calendars.ical_write (VTIMEZONE from calendars.vtimezone). Reading: calendars.ical_read.
"""

from calendars.ical_model import (
    CalendarEvent,
    FeedInfo,
    Override,
    ParsedCalendar,
    Rejected,
    stable_uid,
)
from calendars.ical_read import MAX_EVENTS, IcalError, read_calendar
from calendars.ical_write import all_day_bounds, dst_overrides, write_calendar

__all__ = [
    "MAX_EVENTS",
    "CalendarEvent",
    "FeedInfo",
    "IcalError",
    "Override",
    "ParsedCalendar",
    "Rejected",
    "all_day_bounds",
    "dst_overrides",
    "read_calendar",
    "stable_uid",
    "write_calendar",
]
