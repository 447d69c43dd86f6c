"""Recurrence: RRULE/EXDATE expansion in the event's local wall-clock time (dateutil).

An occurrence keeps the master's wall-clock start and wall-clock length, so a nightly 00:00–05:00
ban stays 00:00–05:00 local on DST nights (4 or 6 real hours), as most calendar clients show it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from calendars.errors import RecurrenceError
from calendars.intervals import Interval

HORIZON = timedelta(days=5 * 366)
MAX_OCCURRENCES = 2000


def parse_rrule(rule: str, starts_at: datetime, tz: ZoneInfo) -> rrule:
    """Parse an RRULE (without the `RRULE:` prefix) anchored at the local wall-clock start; must end."""
    if not isinstance(rule, str) or not rule.strip():
        raise RecurrenceError("rrule must be a non-empty string such as FREQ=WEEKLY;COUNT=4", "rrule")
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if "\n" in text or "\r" in text:
        raise RecurrenceError("rrule must be a single line", "rrule")
    upper = text.upper()
    if "COUNT=" not in upper and "UNTIL=" not in upper:
        raise RecurrenceError("rrule never ends: give COUNT or UNTIL", "rrule")
    dtstart = starts_at.astimezone(tz).replace(tzinfo=None)
    try:
        template = _parsed(text)
        if not isinstance(template, rrule):
            raise RecurrenceError("rrule must be a single RRULE", "rrule")
        # The rule's own parts with this start (defaults such as the weekday re-derived from it).
        parsed = template.replace(dtstart=dtstart)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        raise RecurrenceError(f"rrule does not parse: {exc}", "rrule") from exc
    _check_horizon(parsed, dtstart)
    return parsed


@lru_cache(maxsize=4096)
def _parsed(text: str) -> object:
    """The rule text parsed once (most series share a handful of rules); anchored by parse_rrule."""
    return rrulestr(text, dtstart=datetime(2000, 1, 1), ignoretz=True)


def _check_horizon(parsed: rrule, dtstart: datetime) -> None:
    count = 0
    for occ in parsed:
        count += 1
        if count > MAX_OCCURRENCES:
            raise RecurrenceError(f"rrule yields more than {MAX_OCCURRENCES} occurrences", "rrule")
        if occ - dtstart > HORIZON:
            raise RecurrenceError("rrule runs beyond the 5-year planning horizon", "rrule")


def localize(naive_local: datetime, tz: ZoneInfo) -> datetime:
    """A local wall-clock time as an aware UTC datetime (first of two on the autumn night)."""
    return naive_local.replace(tzinfo=tz).astimezone(UTC)


def occurrences(
    starts_at: datetime,
    ends_at: datetime,
    rule: str | None = None,
    exdates: Iterable[datetime] = (),
    tz: ZoneInfo | str = "Europe/Copenhagen",
    window: Interval | None = None,
) -> list[Interval]:
    """Occurrences as UTC [start, end) pairs, optionally only those overlapping `window`."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    if not rule:
        occ = [(starts_at.astimezone(UTC), ends_at.astimezone(UTC))]
    else:
        occ = _expand(starts_at, ends_at, parse_rrule(rule, starts_at, zone), exdates, zone)
    if window is None:
        return occ
    return [(s, e) for s, e in occ if s < window[1] and e > window[0]]


def _expand(starts_at: datetime, ends_at: datetime, parsed: rrule,
            exdates: Iterable[datetime], tz: ZoneInfo) -> list[Interval]:
    local_start = starts_at.astimezone(tz).replace(tzinfo=None)
    wall = ends_at.astimezone(tz).replace(tzinfo=None) - local_start
    skip = {d.astimezone(UTC) for d in exdates}
    out = []
    for occ in parsed:
        s = localize(occ, tz)
        if s not in skip:
            out.append((s, localize(occ + wall, tz)))
    return out
