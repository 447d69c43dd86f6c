"""The event form <-> the API's GeoJSON Feature (times typed as local wall-clock time in Copenhagen)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from app.models import Event
from calendars.recurrence import localize

TEXT_FIELDS = ("title", "kind", "status", "classification", "organiser", "rrule")
TIME_FIELDS = ("starts_at", "ends_at", "setup_starts_at", "teardown_ends_at")
NUMBER_FIELDS = ("buffer_m", "attendance", "officers_required")
TZ = "Europe/Copenhagen"


@dataclass
class FormError(Exception):
    """A value the form itself cannot turn into a Feature (before the registry validates it)."""

    field: str
    message: str


def _time(value: str, name: str) -> str | None:
    if not value:
        return None
    try:
        naive = datetime.strptime(value[:16], "%Y-%m-%dT%H:%M")
    except ValueError:
        raise FormError(name, "expected a date and time YYYY-MM-DDTHH:MM") from None
    return localize(naive, ZoneInfo(TZ)).astimezone(ZoneInfo(TZ)).isoformat()


def _number(value: str, name: str) -> float | int | None:
    if value.strip() == "":
        return None
    try:
        number = float(value)
    except ValueError:
        raise FormError(name, "expected a number") from None
    return int(number) if number.is_integer() and name != "buffer_m" else number


def _geometry(raw: str) -> dict[str, Any]:
    if not raw.strip():
        raise FormError("geometry", "draw the event's area, route or point on the map")
    try:
        geom = json.loads(raw)
    except ValueError:
        raise FormError("geometry", "the drawn geometry could not be read") from None
    if not isinstance(geom, dict):
        raise FormError("geometry", "the drawn geometry could not be read")
    return geom


def form_to_feature(form: Any, require_geometry: bool = True) -> dict[str, Any]:
    """A Feature for the registry from the submitted form (empty optional fields become null)."""
    props: dict[str, Any] = {"timezone": TZ}
    for name in TEXT_FIELDS:
        value = (form.get(name) or "").strip()
        props[name] = value or None
    for name in TIME_FIELDS:
        props[name] = _time((form.get(name) or "").strip(), name)
    for name in NUMBER_FIELDS:
        props[name] = _number(form.get(name) or "", name)
    if props["officers_required"] is None:
        props["officers_required"] = 0
    raw = form.get("geometry") or ""
    geometry = _geometry(raw) if (require_geometry or raw.strip()) else None
    return {"type": "Feature", "geometry": geometry, "properties": props}


def _local(dt: datetime | None, tz: str) -> str:
    return dt.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M") if dt else ""


def event_to_form(e: Event, geometry_json: str) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(e, name) or "" for name in TEXT_FIELDS}
    values.update({name: _local(getattr(e, name), e.timezone) for name in TIME_FIELDS})
    values.update({name: "" if getattr(e, name) is None else getattr(e, name) for name in NUMBER_FIELDS})
    values["geometry"] = geometry_json
    return values


def field_of(where: str | None) -> str:
    """The form field an API-style error location points at ("properties.ends_at" -> "ends_at")."""
    if not where:
        return ""
    head = where.split(".")[1] if where.startswith("properties.") else where.split(".")[0].split("[")[0]
    return "geometry" if head.startswith(("geometry", "coordinates")) else head
