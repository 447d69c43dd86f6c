"""Stored events and zones as plain CalendarEvents (what calendars.ical writes)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from shapely.geometry.base import BaseGeometry

from app.models import Event, EventOverride, Zone
from app.reference import MUNICIPALITY_NAMES
from calendars.hours import Window, parse_active_hours, window_to_json
from calendars.ical import CalendarEvent, Override, all_day_bounds, stable_uid
from calendars.intervals import COPENHAGEN

STATUS_TO_ICAL = {"planned": "TENTATIVE", "confirmed": "CONFIRMED", "cancelled": "CANCELLED"}
ICAL_TO_STATUS = {v: k for k, v in STATUS_TO_ICAL.items()}
CLASS_TO_ICAL = {"public": "PUBLIC", "internal": "PRIVATE", "restricted": "CONFIDENTIAL"}
ICAL_TO_CLASS = {v: k for k, v in CLASS_TO_ICAL.items()}
ZONE_KIND_DA = {
    "nightlife": "Forbudszone (natteliv)",
    "sub": "Skærpet strafzone",
    "watch": "Visitationszone",
    "prevention": "Forebyggelseszone",
    "security_perimeter": "Sikkerhedsafspærring",
    "exclusion": "Opholdsforbud",
    "local_police_area": "Lokalpolitiområde",
    "restricted_airspace": "Luftrumsrestriktion",
    "other": "Zone",
}


def event_uid(e: Event) -> str:
    """The UID subscribers know the event by: the imported one, else UUIDv5 of the id."""
    return e.ical_uid or stable_uid(e.id)


def geo_of(geom: BaseGeometry | None) -> tuple[float, float] | None:
    """(lat, lon) of a point on the geometry (a route's centroid may lie off the route)."""
    if geom is None or geom.is_empty:
        return None
    p = geom.representative_point()
    return round(p.y, 6), round(p.x, 6)


def _places(codes: list[str]) -> str | None:
    names = [MUNICIPALITY_NAMES.get(c, c) for c in codes]
    return ", ".join(f"{n} Kommune" for n in names) or None


def _override(o: EventOverride) -> Override:
    return Override(o.recurrence_id, o.starts_at, o.ends_at, o.status, o.title)


def event_to_ical(e: Event, overrides: list[EventOverride], base_url: str) -> CalendarEvent:
    tz = ZoneInfo(e.timezone)
    return CalendarEvent(
        uid=event_uid(e),
        title=e.title,
        start=e.starts_at.astimezone(tz),
        end=e.ends_at.astimezone(tz),
        timezone=e.timezone,
        description=e.description,
        rrule=e.rrule,
        exdates=tuple(datetime.fromisoformat(d) for d in e.exdates or []),
        overrides=tuple(_override(o) for o in overrides) if e.rrule else (),
        status=STATUS_TO_ICAL[e.status],
        location=_places(e.municipalities or []),
        geo=geo_of(e.geometry),
        url=f"{base_url}/map?event={e.id}",
        categories=(e.kind,),
        organiser=e.organiser,
        classification=CLASS_TO_ICAL.get(e.classification),
        sequence=e.sequence,
        last_modified=e.updated_at,
    )


def _zone_base(z: Zone, base_url: str) -> dict:
    return {
        "location": _places(z.municipalities or []),
        "geo": geo_of(z.geometry),
        "url": f"{base_url}/map?zone={z.id}",
        "categories": (z.kind,),
        "sequence": max(0, z.version - 1),
        "last_modified": z.updated_at,
        "classification": "PUBLIC",
    }


def zone_title(z: Zone) -> str:
    return f"{ZONE_KIND_DA.get(z.kind, 'Zone')}: {z.name}"


def zone_designation(z: Zone, base_url: str, window: tuple[datetime, datetime]) -> CalendarEvent | None:
    """The designation period as one all-day event (an open end is shown up to the feed's window)."""
    if z.valid_from is None:
        return None
    last = z.valid_until or (window[1].astimezone(COPENHAGEN).date() - timedelta(days=1))
    if last < z.valid_from:
        return None
    start, end = all_day_bounds(z.valid_from, last)
    return CalendarEvent(
        uid=stable_uid(f"zone:{z.id}:designation"),
        title=f"{zone_title(z)} (udpeget)",
        start=start,
        end=end,
        all_day=True,
        description=z.notes,
        **_zone_base(z, base_url),
    )


def _local(day: date, minutes: int) -> datetime:
    base = day + timedelta(days=minutes // 1440)
    m = minutes % 1440
    return datetime(base.year, base.month, base.day, m // 60, m % 60, tzinfo=COPENHAGEN)


def _series(
    z: Zone, index: int, w: Window, first: date, last: date, skip: set[date], base_url: str
) -> CalendarEvent | None:
    days = [d for d in (first + timedelta(days=i) for i in range((last - first).days + 1)) if d.weekday() in w.days]
    if not days:
        return None
    end_minutes = w.end if w.end > w.start else w.end + 1440
    byday = ",".join(["MO", "TU", "WE", "TH", "FR", "SA", "SU"][d] for d in sorted(w.days))
    until = _local(days[-1], w.start).strftime("%Y%m%dT%H%M%S")
    spec = window_to_json(w)
    return CalendarEvent(
        uid=stable_uid(f"zone:{z.id}:window:{index}:{','.join(spec['days'])}:{spec['start']}-{spec['end']}"),
        title=f"{zone_title(z)} {spec['start']}–{spec['end']}",
        start=_local(days[0], w.start),
        end=_local(days[0], end_minutes),
        rrule=f"FREQ=WEEKLY;UNTIL={until};BYDAY={byday}",
        exdates=tuple(_local(d, w.start) for d in days if d in skip),
        **_zone_base(z, base_url),
    )


def zone_windows(z: Zone, base_url: str, window: tuple[datetime, datetime]) -> list[CalendarEvent]:
    """The zone's active hours within the designation and the feed window: one weekly series per
    window (DST nights become explicit overrides in the serializer) plus one event per exception."""
    hours = parse_active_hours(z.active_hours, z.active_hours_exceptions)
    if hours.always:
        return []
    first = max(window[0].astimezone(COPENHAGEN).date(), z.valid_from or date.min)
    last = min(window[1].astimezone(COPENHAGEN).date() - timedelta(days=1), z.valid_until or date.max)
    if last < first:
        return []
    skip = {d for d in hours.exceptions if first <= d <= last}
    out = [s for i, w in enumerate(hours.windows) if (s := _series(z, i, w, first, last, skip, base_url))]
    for day in sorted(skip):
        for j, w in enumerate(hours.exceptions[day]):
            end_minutes = w.end if w.end > w.start else w.end + 1440
            spec = window_to_json(w)
            out.append(
                CalendarEvent(
                    uid=stable_uid(f"zone:{z.id}:exception:{day}:{j}"),
                    title=f"{zone_title(z)} {spec['start']}–{spec['end']} (undtagelse)",
                    start=_local(day, w.start),
                    end=_local(day, end_minutes),
                    **_zone_base(z, base_url),
                )
            )
    return out
