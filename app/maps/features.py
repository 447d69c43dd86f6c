"""Registry models turned into the plain features geo.maps draws (no Flask here either)."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from shapely.geometry import shape

from app.models import Event, Zone
from app.seed.files import geo_file, seed_dir
from calendars.hours import ActiveHours, hours_to_json, parse_active_hours
from calendars.intervals import Interval
from calendars.recurrence import occurrences
from geo.maps import MapArea, MapEvent, MapZone

DAY_NAMES = {
    "da": {"mon": "man", "tue": "tir", "wed": "ons", "thu": "tor", "fri": "fre", "sat": "lør", "sun": "søn"},
    "en": {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"},
}
EVERY_DAY = {"da": "alle dage", "en": "every day"}
ALWAYS = {"da": "altid (mens udpeget)", "en": "always (while designated)"}


def event_windows(e: Event, window: Interval | None = None) -> tuple[Interval, ...]:
    """The event's occurrence windows (UTC), only those overlapping `window` when given."""
    exdates = [datetime.fromisoformat(d) for d in e.exdates or []]
    return tuple(occurrences(e.starts_at, e.ends_at, e.rrule, exdates, ZoneInfo(e.timezone), window))


def map_event(e: Event, window: Interval | None = None) -> MapEvent:
    return MapEvent(
        id=e.id, title=e.title, kind=e.kind, geometry=e.geometry, windows=event_windows(e, window),
        buffer_m=e.buffer_m, status=e.status, organiser=e.organiser, attendance=e.attendance,
        timezone=e.timezone, url=f"/events/{e.id}", conflicts_url=f"/events/{e.id}#conflicts")


def zone_hours(z: Zone) -> ActiveHours:
    return parse_active_hours(z.active_hours, z.active_hours_exceptions)


def hours_text(hours: ActiveHours, lang: str) -> str:
    """A short human reading of the weekly schedule, e.g. 'fre, lør 00:00–05:00'."""
    if hours.always:
        return ALWAYS[lang]
    parts = []
    for w in hours_to_json(hours):
        days = EVERY_DAY[lang] if len(w["days"]) == 7 else ", ".join(DAY_NAMES[lang][d] for d in w["days"])
        parts.append(f"{days} {w['start']}–{w['end']}")
    return "; ".join(parts)


def map_zone(z: Zone, lang: str) -> MapZone:
    hours = zone_hours(z)
    return MapZone(id=z.id, name=z.name, kind=z.kind, geometry=z.geometry, hours=hours,
                   hours_text=hours_text(hours, lang), valid_from=z.valid_from, valid_until=z.valid_until,
                   proxy=bool(z.proxy), url=f"/zones#zone-{z.id}")


@lru_cache(maxsize=1)
def municipality_areas() -> tuple[MapArea, ...]:
    feats = geo_file("municipalities")["features"]
    return tuple(MapArea(f["properties"]["name"], shape(f["geometry"]), f["properties"]["kommunekode"])
                 for f in feats)


@lru_cache(maxsize=1)
def district_areas() -> tuple[MapArea, ...]:
    feats = geo_file("police_district")["features"]
    return tuple(MapArea(f["properties"]["name"], shape(f["geometry"]), str(f["properties"]["politikreds_nr"]))
                 for f in feats)


PROXY_NOTE = "Zonegrænser med stiplet linje er omtrentlige / dashed zone boundaries are approximate."


@lru_cache(maxsize=1)
def data_attribution() -> tuple[str, ...]:
    """The attribution texts quoted in the seed data's LICENSES.md (one per source), plus the proxy note."""
    text = (seed_dir() / "geo" / "LICENSES.md").read_text(encoding="utf-8")
    blocks, current = [], []
    for line in text.splitlines():
        if line.startswith(">"):
            current.append(line.lstrip("> ").strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return (*blocks, PROXY_NOTE)
