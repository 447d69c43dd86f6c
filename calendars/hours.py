"""Zone active hours: a weekly schedule in local wall-clock time, windows may cross midnight.

A window belongs to the day on which it starts; `end == start` is invalid; "24:00" is allowed as an end.
The designation period (`valid_from`/`valid_until`) is a pair of inclusive local dates.
An empty schedule means always active while designated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from calendars.errors import HoursError
from calendars.intervals import COPENHAGEN, Interval, merge

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Window:
    """One weekly window: on `days` (0 = Monday), from `start` to `end` minutes after local midnight."""

    days: frozenset[int]
    start: int
    end: int  # may be <= start: then it ends on the next day

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    def span_minutes(self) -> int:
        return self.end - self.start if self.end > self.start else self.end + 1440 - self.start


@dataclass(frozen=True)
class ActiveHours:
    """A weekly schedule plus per-date exceptions (a date mapped to its own windows; empty = inactive)."""

    windows: tuple[Window, ...] = ()
    exceptions: dict[date, tuple[Window, ...]] = field(default_factory=dict)

    @property
    def always(self) -> bool:
        return not self.windows


def _minutes(value: Any, where: str, allow_24: bool) -> int:
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        raise HoursError(f"{value!r} is not a time of day HH:MM", where)
    try:
        h, m = int(value[:2]), int(value[3:])
    except ValueError as exc:
        raise HoursError(f"{value!r} is not a time of day HH:MM", where) from exc
    if allow_24 and (h, m) == (24, 0):
        return 1440
    if not (0 <= h < 24 and 0 <= m < 60):
        raise HoursError(f"{value!r} is not a time of day HH:MM", where)
    return h * 60 + m


def parse_window(obj: Any, where: str) -> Window:
    """A window from `{"days": [...], "start": "HH:MM", "end": "HH:MM"}`."""
    if not isinstance(obj, dict):
        raise HoursError("each active-hours entry must be an object with days, start and end", where)
    days = obj.get("days", list(DAYS))
    if not isinstance(days, list) or not days or any(d not in DAYS for d in days):
        raise HoursError(f"days must be a non-empty list of {', '.join(DAYS)}", f"{where}.days")
    start = _minutes(obj.get("start"), f"{where}.start", allow_24=False)
    end = _minutes(obj.get("end"), f"{where}.end", allow_24=True)
    if end == start:
        raise HoursError("end must differ from start", f"{where}.end")
    return Window(frozenset(DAYS.index(d) for d in days), start, end)


def parse_active_hours(obj: Any, exceptions: Any = None, where: str = "active_hours") -> ActiveHours:
    """Parse the API's list form (and optional `{"YYYY-MM-DD": [windows]}` exceptions)."""
    if obj is None:
        obj = []
    if not isinstance(obj, list):
        raise HoursError("active_hours must be a list of windows", where)
    windows = tuple(parse_window(w, f"{where}[{i}]") for i, w in enumerate(obj))
    exc: dict[date, tuple[Window, ...]] = {}
    for key, wins in (exceptions or {}).items():
        try:
            day = date.fromisoformat(key)
        except (TypeError, ValueError) as err:
            raise HoursError(f"{key!r} is not a date YYYY-MM-DD", f"active_hours_exceptions.{key}") from err
        if not isinstance(wins, list):
            raise HoursError("an exception must be a list of windows", f"active_hours_exceptions.{key}")
        exc[day] = tuple(parse_window(w, f"active_hours_exceptions.{key}[{i}]") for i, w in enumerate(wins))
    return ActiveHours(windows, exc)


def _fmt(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def window_to_json(w: Window) -> dict[str, Any]:
    return {"days": [DAYS[d] for d in sorted(w.days)], "start": _fmt(w.start), "end": _fmt(w.end)}


def hours_to_json(hours: ActiveHours) -> list[dict[str, Any]]:
    return [window_to_json(w) for w in hours.windows]


def exceptions_to_json(hours: ActiveHours) -> dict[str, list[dict[str, Any]]]:
    return {d.isoformat(): [window_to_json(w) for w in ws] for d, ws in sorted(hours.exceptions.items())}


def local_instant(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """Local wall-clock `minutes` after midnight of `day`, as an aware UTC datetime (24:00 = next midnight)."""
    base = day + timedelta(days=minutes // 1440)
    m = minutes % 1440
    return datetime.combine(base, time(m // 60, m % 60), tzinfo=tz).astimezone(UTC)


def _day_windows(hours: ActiveHours, day: date) -> tuple[Window, ...]:
    if day in hours.exceptions:
        return hours.exceptions[day]
    return tuple(w for w in hours.windows if day.weekday() in w.days)


def active_intervals(
    hours: ActiveHours,
    start: datetime,
    end: datetime,
    valid_from: date | None = None,
    valid_until: date | None = None,
    tz: ZoneInfo = COPENHAGEN,
) -> list[Interval]:
    """UTC intervals within [start, end) in which the zone is designated and active, merged and clipped."""
    if end <= start:
        return []
    first = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date()
    if valid_from is not None:
        first = max(first, valid_from)
    if valid_until is not None:
        last = min(last, valid_until)
    out: list[Interval] = []
    day = first
    while day <= last:
        out.extend(_intervals_on(hours, day, tz, valid_until))
        day += timedelta(days=1)
    clipped = [(max(s, start), min(e, end)) for s, e in merge(out)]
    return [(s, e) for s, e in clipped if s < e]


def _intervals_on(hours: ActiveHours, day: date, tz: ZoneInfo, valid_until: date | None) -> list[Interval]:
    if hours.always and day not in hours.exceptions:
        return [(local_instant(day, 0, tz), local_instant(day, 1440, tz))]
    out = []
    for w in _day_windows(hours, day):
        end_minutes = w.end if w.end > w.start else w.end + 1440
        out.append((local_instant(day, w.start, tz), local_instant(day, end_minutes, tz)))
    return out


def is_active(hours: ActiveHours, at: datetime, valid_from: date | None = None,
              valid_until: date | None = None, tz: ZoneInfo = COPENHAGEN) -> bool:
    """Whether the zone is designated and active at the instant `at`."""
    return bool(active_intervals(hours, at, at + timedelta(seconds=1), valid_from, valid_until, tz))
