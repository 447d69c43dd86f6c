"""Parser: iCalendar bytes -> plain CalendarEvent objects plus the VEVENTs it had to reject, and why.

Whole-file problems (not iCalendar, truncated, too many events) raise IcalError; a bad VEVENT is
rejected on its own with its index (VEVENTs counted from 0 in file order), so the caller decides
whether the good ones may be stored. Overrides that only restate a DST night (as our own feeds write
them) are folded back into the series, so export -> import -> export gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component

from calendars.errors import CalendarError
from calendars.ical_model import CLASSES, STATUSES, CalendarEvent, Override, ParsedCalendar, Rejected
from calendars.ical_write import dst_overrides, multi_line, one_line
from calendars.recurrence import parse_rrule

MAX_EVENTS = 5000  # VEVENTs per file; a bigger calendar is refused whole (split it)
MAX_BYTES = 10 * 1024 * 1024
MAX_TEXT = 10_000
_VEVENT = re.compile(rb"^BEGIN:VEVENT\s*$", re.MULTILINE | re.IGNORECASE)
_BREAK = re.compile(r"[\r\n\u2028\u2029\x85]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")  # what a title may not hold (tabs too)


class IcalError(CalendarError):
    """The file as a whole cannot be read (not iCalendar, truncated, too big)."""


class _Reject(Exception):
    pass


def _check_file(data: bytes) -> None:
    if not isinstance(data, bytes | bytearray):
        raise IcalError("the file must be bytes", "file")
    if len(data) > MAX_BYTES:
        raise IcalError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB", "file")
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    if not head.startswith(b"BEGIN:VCALENDAR"):
        raise IcalError("not an iCalendar file: it must start with BEGIN:VCALENDAR", "file")
    if not data.rstrip().upper().endswith(b"END:VCALENDAR"):
        raise IcalError("the file is truncated: it does not end with END:VCALENDAR", "file")
    count = len(_VEVENT.findall(data))
    if count > MAX_EVENTS:
        raise IcalError(
            f"the file has {count} events; at most {MAX_EVENTS} can be imported at once (split the file)",
            "file",
        )


def _parse(data: bytes) -> Calendar:
    try:
        cals = Calendar.from_ical(bytes(data), multiple=True)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise IcalError(f"not a readable iCalendar file: {exc}", "file") from exc
    if len(cals) != 1 or cals[0].name != "VCALENDAR":
        raise IcalError("the file must hold exactly one VCALENDAR", "file")
    errors = getattr(cals[0], "errors", None)
    if errors:
        raise IcalError(f"not a readable iCalendar file: {errors[0][1]}", "file")
    return cals[0]


def _aware(value: Any, prop: Any, default: ZoneInfo, name: str) -> tuple[datetime, ZoneInfo | None]:
    """An aware datetime and the IANA zone it names (None for a zone with no IANA name)."""
    if not isinstance(value, datetime):
        raise _Reject(f"{name} must be a date-time")
    if value.tzinfo is None:
        tzid = prop.params.get("TZID") if prop is not None else None
        if tzid:
            raise _Reject(f"{name}: unknown TZID {tzid!r} (no VTIMEZONE and not an IANA zone)")
        return value.replace(tzinfo=default), default
    if value.utcoffset() == timedelta(0) and getattr(value.tzinfo, "key", "UTC") in ("UTC", "Etc/UTC"):
        return value.astimezone(UTC), ZoneInfo("UTC")
    key = getattr(value.tzinfo, "key", None)
    return value, (ZoneInfo(key) if key else None)


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=tz)


def _times(ve: Component, default: ZoneInfo) -> tuple[datetime, datetime, ZoneInfo | None, bool]:
    prop = ve.get("DTSTART")
    if prop is None:
        raise _Reject("VEVENT has no DTSTART")
    raw = prop.dt
    end_prop, dur_prop = ve.get("DTEND"), ve.get("DURATION")
    if not isinstance(raw, datetime):  # an all-day event
        start = _midnight(raw, default)
        length = dur_prop.dt if dur_prop is not None else timedelta(days=1)
        end_day = end_prop.dt if end_prop is not None else raw + length
        if isinstance(end_day, datetime):
            raise _Reject("DTEND must be a DATE when DTSTART is a DATE")
        return start, _midnight(end_day, default), default, True
    start, tz = _aware(raw, prop, default, "DTSTART")
    if end_prop is not None:
        end, _ = _aware(end_prop.dt, end_prop, default, "DTEND")
    elif dur_prop is not None:
        end = start + dur_prop.dt
    else:
        raise _Reject("VEVENT has neither DTEND nor DURATION: an event needs an end")
    if end <= start:
        raise _Reject("DTEND is not after DTSTART")
    return start, end, tz, False


def _title(ve: Component) -> str:
    raw = ve.get("SUMMARY")
    if raw is None or not str(raw).strip():
        raise _Reject("VEVENT has no SUMMARY (title)")
    text = str(raw)
    if _CONTROL.search(text):
        raise _Reject("SUMMARY contains a line break (CR/LF) or other control characters, which a title cannot hold")
    if len(text) > 500:
        raise _Reject("SUMMARY is longer than 500 characters")
    return one_line(text)


def _local_until(rule: str, tz: ZoneInfo) -> str:
    """UNTIL in UTC (…Z) rewritten as local wall-clock digits, the form calendars.recurrence reads."""
    parts = []
    for part in rule.split(";"):
        key, _, value = part.partition("=")
        if key.upper() == "UNTIL" and value.upper().endswith("Z"):
            try:
                instant = datetime.strptime(value.upper(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            except ValueError as exc:
                raise _Reject(f"RRULE: UNTIL {value!r} is not a date-time") from exc
            value = instant.astimezone(tz).strftime("%Y%m%dT%H%M%S")
        parts.append(f"{key.upper()}={value}")
    return ";".join(parts)


def _rrule(ve: Component, start: datetime, tz: ZoneInfo | None) -> str | None:
    for unsupported in ("RDATE", "EXRULE"):
        if ve.get(unsupported) is not None:
            raise _Reject(f"{unsupported} is not supported: use RRULE and EXDATE")
    prop = ve.get("RRULE")
    if prop is None:
        return None
    if isinstance(prop, list):
        raise _Reject("more than one RRULE")
    if tz is None:
        raise _Reject("a recurring event needs an IANA time zone (TZID such as Europe/Copenhagen)")
    rule = _local_until(prop.to_ical().decode(), tz)
    try:
        parse_rrule(rule, start, tz)
    except CalendarError as exc:
        raise _Reject(f"RRULE: {exc.message}") from exc
    return rule


def _exdates(ve: Component, start: datetime, tz: ZoneInfo) -> tuple[datetime, ...]:
    props = ve.get("EXDATE")
    if props is None:
        return ()
    out = set()
    for prop in props if isinstance(props, list) else [props]:
        for item in prop.dts:
            value = item.dt
            if not isinstance(value, datetime):
                value = datetime.combine(value, start.astimezone(tz).time())
            aware, _ = _aware(value, item, tz, "EXDATE")
            out.add(aware.astimezone(UTC))
    return tuple(sorted(out))


def _organiser(ve: Component) -> str | None:
    prop = ve.get("ORGANIZER")
    if prop is None:
        return None
    name = one_line(str(prop.params.get("CN", "")))
    value = str(prop)
    mail = value[7:] if value.lower().startswith("mailto:") else None
    if mail:
        return f"{name} <{mail}>" if name else f"<{mail}>"
    return name or None


def _categories(ve: Component) -> tuple[str, ...]:
    props = ve.get("CATEGORIES")
    if props is None:
        return ()
    out: list[str] = []
    for prop in props if isinstance(props, list) else [props]:
        out.extend(one_line(str(c)) for c in prop.cats)
    return tuple(c for c in out if c)


def _geo(ve: Component) -> tuple[float, float] | None:
    prop = ve.get("GEO")
    if prop is None:
        return None
    lat, lon = float(prop.latitude), float(prop.longitude)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise _Reject("GEO is out of range")
    return lat, lon


def _text(ve: Component, name: str, single: bool) -> str | None:
    raw = ve.get(name)
    if raw is None or not str(raw).strip():
        return None
    text = one_line(str(raw)) if single else multi_line(str(raw))
    return text[:MAX_TEXT]


def _stamp(ve: Component) -> datetime | None:
    for name in ("LAST-MODIFIED", "DTSTAMP"):
        prop = ve.get(name)
        if prop is not None and isinstance(prop.dt, datetime):
            value = prop.dt if prop.dt.tzinfo else prop.dt.replace(tzinfo=UTC)
            return value.astimezone(UTC)
    return None


def _status(ve: Component) -> str:
    status = str(ve.get("STATUS", "CONFIRMED")).strip().upper()
    if status not in STATUSES:
        raise _Reject(f"STATUS {status!r} is not TENTATIVE, CONFIRMED or CANCELLED")
    return status


def _uid(ve: Component) -> str:
    uid = str(ve.get("UID", "")).strip()
    if not uid:
        raise _Reject("VEVENT has no UID (it could not be matched on the next import)")
    if _BREAK.search(uid) or len(uid) > 255:
        raise _Reject("UID must be one line of at most 255 characters")
    return uid


def _read_vevent(ve: Component, default: ZoneInfo) -> tuple[CalendarEvent, datetime | None]:
    """The VEVENT as a CalendarEvent, and its RECURRENCE-ID (aware) when it is an override."""
    uid = _uid(ve)
    nested = [sub.name for sub in ve.subcomponents if sub.name != "VALARM"]
    if nested:
        raise _Reject(f"VEVENT contains a nested {nested[0]} (a broken or injected line)")
    start, end, tz, all_day = _times(ve, default)
    zone = tz or default
    rid = None
    if ve.get("RECURRENCE-ID") is not None:
        raw = ve.get("RECURRENCE-ID").dt
        rid = (
            _midnight(raw, zone)
            if not isinstance(raw, datetime)
            else _aware(raw, ve.get("RECURRENCE-ID"), zone, "RECURRENCE-ID")[0]
        )
    elif tz is None:
        start, end = start.astimezone(default), end.astimezone(default)
    rrule = None if rid is not None else _rrule(ve, start, tz)
    classification = str(ve.get("CLASS", "")).strip().upper() or None
    event = CalendarEvent(
        uid=uid,
        title=_title(ve),
        start=start,
        end=end,
        timezone=zone.key,
        all_day=all_day,
        description=_text(ve, "DESCRIPTION", single=False),
        rrule=rrule,
        exdates=_exdates(ve, start, zone) if rrule else (),
        status=_status(ve),
        location=_text(ve, "LOCATION", single=True),
        geo=_geo(ve),
        url=_text(ve, "URL", single=True),
        categories=_categories(ve),
        organiser=_organiser(ve),
        classification=classification if classification in CLASSES else None,
        sequence=max(0, int(ve.get("SEQUENCE", 0) or 0)),
        last_modified=_stamp(ve),
    )
    return event, rid


def _vevents(cal: Calendar) -> Iterator[Component]:
    return (c for c in cal.subcomponents if c.name == "VEVENT")


def read_calendar(data: bytes, default_tz: str = "Europe/Copenhagen") -> ParsedCalendar:
    """Parse a whole file; raises IcalError for file-level problems, rejects bad VEVENTs one by one."""
    _check_file(data)
    cal = _parse(data)
    declared = str(cal.get("X-WR-TIMEZONE", "")).strip()
    default = ZoneInfo(declared if _known_zone(declared) else default_tz)
    masters: dict[str, CalendarEvent] = {}
    indexes: dict[str, int] = {}
    pending: list[tuple[int, CalendarEvent, datetime]] = []
    rejected: list[Rejected] = []
    for index, ve in enumerate(_vevents(cal)):
        try:
            event, rid = _read_vevent(ve, default)
        except _Reject as exc:
            rejected.append(Rejected(index, str(exc), _safe_uid(ve)))
            continue
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            rejected.append(Rejected(index, f"VEVENT could not be read: {exc}", _safe_uid(ve)))
            continue
        if rid is not None:
            pending.append((index, event, rid))
        elif event.uid in masters:
            rejected.append(Rejected(index, f"duplicate UID {event.uid!r}", event.uid))
        else:
            masters[event.uid], indexes[event.uid] = event, index
    _attach(masters, pending, rejected, {r.uid for r in rejected if r.uid})
    name = str(cal.get("X-WR-CALNAME")) if cal.get("X-WR-CALNAME") is not None else None
    return ParsedCalendar(list(masters.values()), sorted(rejected, key=lambda r: r.index), indexes, name)


def _known_zone(name: str) -> bool:
    if not name:
        return False
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return True


def _safe_uid(ve: Component) -> str | None:
    uid = str(ve.get("UID", "")).strip()
    return uid if uid and not _BREAK.search(uid) else None


def _attach(
    masters: dict[str, CalendarEvent],
    pending: list[tuple[int, CalendarEvent, datetime]],
    rejected: list[Rejected],
    bad_uids: set[str],
) -> None:
    """Give each override to its series; drop those that only restate a DST night (we write them)."""
    extra: dict[str, list[Override]] = {}
    seen: set[tuple[str, datetime]] = set()
    for index, ov_event, rid in pending:
        master = masters.get(ov_event.uid)
        key = (ov_event.uid, rid.astimezone(UTC))
        if master is None or not master.rrule:
            reason = (
                "its series was rejected"
                if ov_event.uid in bad_uids
                else "RECURRENCE-ID without a recurring event with this UID"
            )
            rejected.append(Rejected(index, reason, ov_event.uid))
        elif key in seen:
            rejected.append(Rejected(index, "duplicate RECURRENCE-ID for this UID", ov_event.uid))
        else:
            seen.add(key)
            extra.setdefault(master.uid, []).append(
                Override(
                    rid,
                    ov_event.start,
                    ov_event.end,
                    None if ov_event.status == master.status else ov_event.status,
                    None if ov_event.title == master.title else ov_event.title,
                )
            )
    for uid, overrides in extra.items():
        master = masters[uid]
        implied = {
            (o.recurrence_id.astimezone(UTC), o.start.astimezone(UTC), o.end.astimezone(UTC))
            for o in dst_overrides(master)
        }
        kept = tuple(
            o
            for o in overrides
            if o.status is not None
            or o.title is not None
            or (o.recurrence_id.astimezone(UTC), o.start.astimezone(UTC), o.end.astimezone(UTC)) not in implied
        )
        masters[uid] = replace(master, overrides=tuple(sorted(kept, key=lambda o: o.recurrence_id)))
