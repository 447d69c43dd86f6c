"""Serializer: plain CalendarEvent objects -> iCalendar bytes (RFC 5545 + RFC 7986), on `icalendar`.

Byte-stable: the same events give the same bytes (DTSTAMP is the event's last change, never "now";
events and properties are written in a fixed order), so a feed's ETag only moves when something did.
Every TZID used gets an RRULE-based VTIMEZONE (calendars.vtimezone), the feed's own zone always.
A recurring instance whose real length differs from the master's (a DST night) gets a RECURRENCE-ID
override with explicit DTSTART/DTEND, so RFC-exact and wall-clock parsers agree (ical-check quirk 1).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vDDDLists, vDuration, vGeo, vRecur, vText

from calendars.ical_model import CalendarEvent, FeedInfo, Override, stable_uid
from calendars.recurrence import occurrences, parse_rrule
from calendars.vtimezone import vtimezone

_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MAIL = re.compile(r"^\s*(?P<name>.*?)\s*<(?P<mail>[^<>@\s]+@[^<>@\s]+)>\s*$")
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def one_line(text: str) -> str:
    """A single-line TEXT value: line breaks become spaces, other control characters go."""
    return _CONTROL.sub("", _LINE_BREAKS.sub(" ", text)).strip()


def multi_line(text: str) -> str:
    """A multi-line TEXT value: every line break becomes LF (escaped as \\n by icalendar)."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))


def _local(dt: datetime, tz: ZoneInfo) -> datetime:
    return dt.astimezone(tz)


def _until_to_utc(rule: str, start: datetime, tz: ZoneInfo) -> vRecur:
    """The stored rule with UNTIL in UTC (RFC 5545 when DTSTART has a TZID), as our engine reads it."""
    parse_rrule(rule, start, tz)  # refuses rules our engine would refuse
    recur = vRecur.from_ical(rule[6:] if rule.upper().startswith("RRULE:") else rule)
    if recur.get("UNTIL"):
        recur["UNTIL"] = [until_utc(recur["UNTIL"][0], tz)]
    return recur


def until_utc(until: date | datetime, tz: ZoneInfo) -> datetime:
    """UNTIL read as calendars.recurrence reads it (local wall-clock digits), as a UTC instant."""
    if not isinstance(until, datetime):
        until = datetime.combine(until, datetime.min.time())
    return until.replace(tzinfo=None).replace(tzinfo=tz).astimezone(UTC)


def _stamp(ev: CalendarEvent) -> datetime:
    return (ev.last_modified or EPOCH).astimezone(UTC).replace(microsecond=0)


def _add_times(comp: Event, ev: CalendarEvent, start: datetime, end: datetime, tz: ZoneInfo) -> None:
    if ev.all_day:
        comp.add("DTSTART", _local(start, tz).date())
        comp.add("DTEND", max(_local(end, tz).date(), _local(start, tz).date() + timedelta(days=1)))
    else:
        comp.add("DTSTART", _local(start, tz).replace(microsecond=0))
        comp.add("DTEND", _local(end, tz).replace(microsecond=0))


def _organizer(text: str) -> vCalAddress:
    match = _MAIL.match(text)
    name, value = (match["name"], f"mailto:{match['mail']}") if match else (text, None)
    if value is None:  # a name without an address: a stable URN keeps ORGANIZER a valid CAL-ADDRESS
        value = f"urn:uuid:{stable_uid('organiser:' + one_line(text))}"
    addr = vCalAddress(value)
    if one_line(name):
        addr.params["CN"] = one_line(name)
    return addr


def _common(comp: Event, ev: CalendarEvent, title: str, status: str) -> None:
    comp.add("SUMMARY", vText(one_line(title)))
    if ev.description:
        comp.add("DESCRIPTION", vText(multi_line(ev.description)))
    if ev.location:
        comp.add("LOCATION", vText(one_line(ev.location)))
    if ev.geo is not None:
        comp.add("GEO", vGeo((round(ev.geo[0], 6), round(ev.geo[1], 6))))
    if ev.url:
        comp.add("URL", one_line(ev.url), parameters={"VALUE": "URI"})
    if ev.categories:
        comp.add("CATEGORIES", [one_line(c) for c in ev.categories])
    if ev.classification:
        comp.add("CLASS", ev.classification)
    if ev.organiser and one_line(ev.organiser):
        comp.add("ORGANIZER", _organizer(ev.organiser))
    comp.add("STATUS", status)
    comp.add("SEQUENCE", int(ev.sequence))
    comp.add("LAST-MODIFIED", _stamp(ev))


def _master(ev: CalendarEvent, tz: ZoneInfo) -> Event:
    comp = Event()
    comp.add("UID", ev.uid)
    comp.add("DTSTAMP", _stamp(ev))
    _add_times(comp, ev, ev.start, ev.end, tz)
    if ev.rrule:
        comp.add("RRULE", _until_to_utc(ev.rrule, ev.start, tz))
        if ev.exdates:
            dts = sorted({_local(d, tz).replace(microsecond=0) for d in ev.exdates})
            values = [d.date() for d in dts] if ev.all_day else dts
            comp.add("EXDATE", vDDDLists(values))
    _common(comp, ev, ev.title, ev.status)
    return comp


def _override(ev: CalendarEvent, ov: Override, tz: ZoneInfo) -> Event:
    comp = Event()
    comp.add("UID", ev.uid)
    comp.add("DTSTAMP", _stamp(ev))
    rid = _local(ov.recurrence_id, tz).replace(microsecond=0)
    comp.add("RECURRENCE-ID", rid.date() if ev.all_day else rid)
    _add_times(comp, ev, ov.start, ov.end, tz)
    _common(comp, ev, ov.title or ev.title, ov.status or ev.status)
    return comp


def dst_overrides(ev: CalendarEvent) -> list[Override]:
    """Instances whose real length differs from the master's (DST nights), as explicit overrides."""
    if not ev.rrule or ev.all_day:
        return []
    exact = ev.end.astimezone(UTC) - ev.start.astimezone(UTC)  # same-zone subtraction is wall-clock
    return [
        Override(s, s, e) for s, e in occurrences(ev.start, ev.end, ev.rrule, ev.exdates, ev.timezone) if e - s != exact
    ]


def all_overrides(ev: CalendarEvent) -> list[Override]:
    """Explicit overrides, plus DST-night overrides for the instances they don't already cover."""
    explicit = {o.recurrence_id.astimezone(UTC): o for o in ev.overrides}
    implied = [o for o in dst_overrides(ev) if o.recurrence_id.astimezone(UTC) not in explicit]
    return sorted([*explicit.values(), *implied], key=lambda o: o.recurrence_id.astimezone(UTC))


def event_components(ev: CalendarEvent) -> list[Event]:
    """The master VEVENT followed by its overrides, in RECURRENCE-ID order."""
    tz = ZoneInfo(ev.timezone)
    comps = [_master(ev, tz)]
    if ev.rrule:
        comps.extend(_override(ev, ov, tz) for ov in all_overrides(ev))
    return comps


def _sort_key(ev: CalendarEvent) -> tuple[datetime, str]:
    return ev.start.astimezone(UTC), ev.uid


def _header(cal: Calendar, info: FeedInfo) -> None:
    cal.add("VERSION", "2.0")
    cal.add("PRODID", info.prodid)
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    cal.add("X-WR-CALNAME", vText(one_line(info.name)))
    if info.description:
        cal.add("X-WR-CALDESC", vText(multi_line(info.description)))
    cal.add("X-WR-TIMEZONE", info.timezone)
    cal.add("REFRESH-INTERVAL", vDuration(info.refresh), parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", vDuration(info.refresh))
    for key in sorted(info.extra):
        cal.add(key, vText(one_line(info.extra[key])))


@lru_cache(maxsize=50_000)
def event_chunk(ev: CalendarEvent) -> bytes:
    """The bytes of one event (master and overrides); cached by content, so re-rendering is cheap."""
    return b"".join(comp.to_ical(sorted=False) for comp in event_components(ev))


@dataclass(frozen=True)
class WrittenFeed:
    data: bytes
    included: int  # events written (a prefix in start order)
    cut_before: datetime | None  # start of the first event left out to stay under max_bytes


def _frame(info: FeedInfo, tzids: set[str]) -> tuple[bytes, bytes]:
    cal = Calendar()
    _header(cal, info)
    for tzid in sorted({info.timezone, *tzids}):
        cal.add_component(vtimezone(tzid))
    whole = cal.to_ical(sorted=False)
    end = b"END:VCALENDAR\r\n"
    return whole[: -len(end)], end


def write_feed(
    events: Iterable[CalendarEvent],
    info: FeedInfo,
    max_bytes: int | None = None,
    note: Callable[[datetime], str] | None = None,
) -> WrittenFeed:
    """A VCALENDAR with the events in start order; beyond `max_bytes` the far future is left out and
    `note(cut_before)` is added to X-WR-CALDESC so subscribers can see why."""
    evs = sorted(events, key=_sort_key)
    tzids = {ev.timezone for ev in evs}
    head, tail = _frame(info, tzids)
    limit = None if max_bytes is None else max_bytes - len(head) - len(tail)
    chunks: list[bytes] = []
    used = 0
    for ev in evs:  # rendered lazily: a feed cut at 1 MB does not pay for the events it leaves out
        chunk = event_chunk(ev)
        if limit is not None and used + len(chunk) > limit:
            break
        chunks.append(chunk)
        used += len(chunk)
    if len(chunks) == len(evs):
        return WrittenFeed(head + b"".join(chunks) + tail, len(evs), None)
    assert limit is not None
    while chunks and used > limit - 1024:  # room for the note in X-WR-CALDESC
        used -= len(chunks.pop())
    n = len(chunks)
    cut = evs[n].start.astimezone(UTC)
    text = "\n\n".join(filter(None, [info.description, note(cut) if note else None]))
    head, tail = _frame(replace(info, description=text), tzids)
    return WrittenFeed(head + b"".join(chunks) + tail, n, cut)


def write_calendar(events: Iterable[CalendarEvent], info: FeedInfo) -> bytes:
    """One VCALENDAR with a VTIMEZONE per zone used and the events in start order, as CRLF bytes."""
    return write_feed(events, info).data


def all_day_bounds(first: date, last: date, tz: str = "Europe/Copenhagen") -> tuple[datetime, datetime]:
    """Aware local midnights for an all-day span of inclusive dates [first, last]."""
    zone = ZoneInfo(tz)
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    return start, datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone)
