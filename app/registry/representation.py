"""Events and zones as GeoJSON Features (the API's contract; also the audit trail's snapshots)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from app.models import Event, Zone
from app.registry.zone_facts import zone_area_facts
from calendars.hours import exceptions_to_json, hours_to_json, parse_active_hours
from geo.geojson import to_geojson


def local_iso(dt: datetime | None, tz: str) -> str | None:
    """An aware datetime as ISO 8601 in the given zone, with its offset."""
    return None if dt is None else dt.astimezone(ZoneInfo(tz)).isoformat()


def event_properties(e: Event) -> dict[str, Any]:
    tz = e.timezone
    return {
        "title": e.title, "kind": e.kind, "status": e.status, "classification": e.classification,
        "organiser": e.organiser, "description": e.description,
        "starts_at": local_iso(e.starts_at, tz), "ends_at": local_iso(e.ends_at, tz),
        "setup_starts_at": local_iso(e.setup_starts_at, tz),
        "teardown_ends_at": local_iso(e.teardown_ends_at, tz),
        "timezone": tz, "rrule": e.rrule, "exdates": list(e.exdates or []), "buffer_m": e.buffer_m,
        "attendance": e.attendance, "officers_required": e.officers_required, "source": e.source,
        "version": e.version, "sequence": e.sequence, "municipalities": list(e.municipalities or []),
        "created_at": e.created_at.isoformat() if e.created_at else None,
        "updated_at": e.updated_at.isoformat() if e.updated_at else None,
    }


def event_feature(e: Event) -> dict[str, Any]:
    return {"type": "Feature", "id": e.id,
            "geometry": to_geojson(e.geometry) if e.geometry is not None else None,
            "properties": event_properties(e)}


def zone_feature(z: Zone) -> dict[str, Any]:
    hours = parse_active_hours(z.active_hours, z.active_hours_exceptions)
    return {"type": "Feature", "id": z.id, "geometry": to_geojson(z.geometry), "properties": {
        "name": z.name, "kind": z.kind,
        "valid_from": z.valid_from.isoformat() if z.valid_from else None,
        "valid_until": z.valid_until.isoformat() if z.valid_until else None,
        "active_hours": hours_to_json(hours), "active_hours_exceptions": exceptions_to_json(hours),
        "event_id": z.event_id, "source": z.source, "notes": z.notes, "proxy": z.proxy,
        "municipalities": list(z.municipalities or []), **zone_area_facts(z.geometry), "version": z.version,
        "created_at": z.created_at.isoformat() if z.created_at else None,
        "updated_at": z.updated_at.isoformat() if z.updated_at else None,
    }}
