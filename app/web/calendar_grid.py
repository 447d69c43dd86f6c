"""Month and week grids of local days, filled with event occurrences (plain Python, no Flask)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from calendars.intervals import Interval
from calendars.recurrence import localize


@dataclass(frozen=True)
class Entry:
    event_id: str
    title: str
    kind: str
    status: str
    start: datetime  # local
    end: datetime  # local
    conflicts: int = 0
    continued: bool = False  # listed on a later day than the one it starts on


@dataclass
class Day:
    day: date
    in_period: bool
    today: bool
    entries: list[Entry] = field(default_factory=list)


def month_days(anchor: date) -> list[date]:
    """Whole weeks (Monday first) covering the month of `anchor`."""
    first = anchor.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    start = first - timedelta(days=first.weekday())
    end = nxt + timedelta(days=(7 - nxt.weekday()) % 7)
    return [start + timedelta(days=i) for i in range((end - start).days)]


def week_days(anchor: date) -> list[date]:
    start = anchor - timedelta(days=anchor.weekday())
    return [start + timedelta(days=i) for i in range(7)]


def days_window(days: list[date], tz: ZoneInfo) -> Interval:
    return (localize(datetime.combine(days[0], time()), tz),
            localize(datetime.combine(days[-1] + timedelta(days=1), time()), tz))


def fill(days: list[date], period: tuple[date, date], today: date,
         occurrences: list[tuple[Entry, Interval]], tz: ZoneInfo) -> list[list[Day]]:
    """Weeks of days; an occurrence is listed on every local day it touches."""
    grid = {d: Day(d, period[0] <= d <= period[1], d == today) for d in days}
    for entry, (start, end) in occurrences:
        ls, le = start.astimezone(tz), end.astimezone(tz)
        d, last = ls.date(), (le - timedelta(microseconds=1)).date()
        while d <= last:
            if d in grid:
                grid[d].entries.append(Entry(entry.event_id, entry.title, entry.kind, entry.status, ls, le,
                                             entry.conflicts, continued=d != ls.date()))
            d += timedelta(days=1)
    for day in grid.values():
        day.entries.sort(key=lambda e: (e.start, e.title))
    ordered = [grid[d] for d in days]
    return [ordered[i:i + 7] for i in range(0, len(ordered), 7)]
