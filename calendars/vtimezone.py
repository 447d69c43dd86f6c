"""VTIMEZONE components written with RRULE-based STANDARD/DAYLIGHT observances.

Written by hand because icalendar's `add_missing_timezones()` writes RDATE lists, which ical.js and
vobject misread (summer instances one hour off; see ical-check's README, quirk 2). The rule is derived
from the zone's transitions in a reference year (zoneinfo), so it holds for the zone's current rules.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FIRST_YEAR = 1970


def _offset(tz: ZoneInfo, at: datetime) -> timedelta:
    off = at.astimezone(tz).utcoffset()
    assert off is not None
    return off


def _transitions(tz: ZoneInfo, year: int) -> list[datetime]:
    """UTC instants (to the minute) at which the zone's offset changes during `year`."""
    out = []
    day = datetime(year, 1, 1, 12, tzinfo=UTC)
    while day.year == year:
        nxt = day + timedelta(days=1)
        if _offset(tz, day) != _offset(tz, nxt):
            lo, hi = day, nxt
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                lo, hi = (mid, hi) if _offset(tz, mid) == _offset(tz, lo) else (lo, mid)
            out.append(hi.replace(second=0, microsecond=0))
        day = nxt
    return out


def _fmt_offset(off: timedelta) -> str:
    minutes = int(off.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _rule(local: datetime) -> tuple[str, int]:
    """BYDAY for the transition's weekday-in-month (last when it is in the month's final week)."""
    last_day = calendar.monthrange(local.year, local.month)[1]
    wd = DAYS[local.weekday()]
    nth = -1 if local.day + 7 > last_day else (local.day - 1) // 7 + 1
    return f"{nth}{wd}", local.month


def _first_onset(byday: str, month: int, at: datetime) -> datetime:
    """The onset matching the rule in FIRST_YEAR (DTSTART must be an instance of the RRULE)."""
    nth, wd = int(byday[:-2]), DAYS.index(byday[-2:])
    days = [
        d for d in range(1, calendar.monthrange(FIRST_YEAR, month)[1] + 1) if date(FIRST_YEAR, month, d).weekday() == wd
    ]
    return datetime(FIRST_YEAR, month, days[nth if nth < 0 else nth - 1], at.hour, at.minute)


def _observance(tz: ZoneInfo, instant: datetime) -> TimezoneStandard | TimezoneDaylight:
    before, after = _offset(tz, instant - timedelta(minutes=1)), _offset(tz, instant)
    local_before = (instant + before).replace(tzinfo=None)
    byday, month = _rule(local_before)
    is_dst = bool(instant.astimezone(tz).dst())
    obs = TimezoneDaylight() if is_dst else TimezoneStandard()
    obs.add("TZOFFSETFROM", before)
    obs.add("TZOFFSETTO", after)
    obs.add("TZNAME", instant.astimezone(tz).tzname() or "")
    obs.add("DTSTART", _first_onset(byday, month, local_before))
    obs.add("RRULE", vRecur(freq="YEARLY", bymonth=month, byday=byday))
    return obs


def vtimezone(tzid: str, reference_year: int = 2025) -> Timezone:
    """A VTIMEZONE for an IANA zone; zones without DST get one STANDARD observance."""
    tz = ZoneInfo(tzid)
    comp = Timezone()
    comp.add("TZID", tzid)
    instants = _transitions(tz, reference_year)
    if len(instants) != 2:
        jan = datetime(reference_year, 1, 1, tzinfo=UTC)
        std = TimezoneStandard()
        std.add("TZOFFSETFROM", _offset(tz, jan))
        std.add("TZOFFSETTO", _offset(tz, jan))
        std.add("TZNAME", jan.astimezone(tz).tzname() or "")
        std.add("DTSTART", datetime(FIRST_YEAR, 1, 1))
        comp.add_component(std)
        return comp
    for instant in sorted(instants, key=lambda i: not i.astimezone(tz).dst()):
        comp.add_component(_observance(tz, instant))
    return comp
