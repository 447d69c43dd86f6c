"""Use cases for events: create, read, update (If-Match), cancel, delete — validated and audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from shapely.geometry.base import BaseGeometry
from sqlalchemy.orm import Session

from app.models import Event
from app.registry import audit
from app.registry.access import Actor
from app.registry.errors import Invalid, NotFound
from app.registry.features import feature_parts, merge_patch, read_geometry
from app.registry.placement import place
from app.registry.representation import event_feature
from app.registry.schemas import EventProperties, validate
from app.registry.temporary_zones import sync_temporary_zones
from app.registry.versioning import check_if_match
from calendars.errors import RecurrenceError
from calendars.recurrence import occurrences

TIME_FIELDS = ("starts_at", "ends_at", "setup_starts_at", "teardown_ends_at", "rrule", "exdates", "timezone")


@dataclass(frozen=True)
class Settings:
    """What the use cases need from configuration (passed in, never read from Flask)."""

    district_tolerance_m: float = 100.0
    allow_outside_district: bool = False


def _check_times(p: EventProperties) -> list[tuple[datetime, datetime]]:
    if p.ends_at <= p.starts_at:
        raise Invalid("properties.ends_at: must be after starts_at", "properties.ends_at")
    if p.setup_starts_at and p.setup_starts_at > p.starts_at:
        raise Invalid("properties.setup_starts_at: build-up must start at or before starts_at",
                      "properties.setup_starts_at")
    if p.teardown_ends_at and p.teardown_ends_at < p.ends_at:
        raise Invalid("properties.teardown_ends_at: tear-down must end at or after ends_at",
                      "properties.teardown_ends_at")
    if p.ends_at - p.starts_at > timedelta(days=366):
        raise Invalid("properties.ends_at: an event may last at most a year; use rrule for series",
                      "properties.ends_at")
    try:
        occ = occurrences(p.starts_at, p.ends_at, p.rrule, p.exdates, p.timezone)
    except RecurrenceError as exc:
        raise Invalid(f"properties.rrule: {exc.message}", "properties.rrule") from None
    if not occ:
        raise Invalid("properties.exdates: every occurrence is excluded", "properties.exdates")
    return occ


def _span(p: EventProperties, occ: list[tuple[datetime, datetime]]) -> tuple[datetime, datetime]:
    """The whole time the event occupies its place: build-up before the first occurrence to tear-down
    after the last (for a series, setup/teardown frame the series, not each occurrence)."""
    start = min(occ[0][0], p.setup_starts_at) if p.setup_starts_at else occ[0][0]
    end = max(e for _, e in occ)
    return start, max(end, p.teardown_ends_at) if p.teardown_ends_at else end


def _apply(event: Event, p: EventProperties, geom: BaseGeometry, settings: Settings) -> None:
    occ = _check_times(p)
    allow = p.allow_outside_district or settings.allow_outside_district
    placed = place(geom, p.buffer_m, None if allow else settings.district_tolerance_m)
    event.title, event.kind, event.status = p.title, p.kind, p.status
    event.classification, event.organiser, event.description = p.classification, p.organiser, p.description
    event.geometry, event.buffer_m = geom, p.buffer_m
    event.starts_at, event.ends_at = p.starts_at.astimezone(UTC), p.ends_at.astimezone(UTC)
    event.setup_starts_at = p.setup_starts_at.astimezone(UTC) if p.setup_starts_at else None
    event.teardown_ends_at = p.teardown_ends_at.astimezone(UTC) if p.teardown_ends_at else None
    event.timezone, event.rrule = p.timezone, p.rrule
    event.exdates = [d.astimezone(ZoneInfo(p.timezone)).isoformat() for d in p.exdates]
    event.attendance, event.officers_required, event.source = p.attendance, p.officers_required, p.source
    event.municipalities = placed.municipalities
    event.municipality_codes = "," + ",".join(placed.municipalities) + ","
    event.min_lon, event.min_lat, event.max_lon, event.max_lat = placed.bbox
    event.span_start, event.span_end = _span(p, occ)


def create_event(session: Session, payload: Any, actor: Actor, settings: Settings = Settings(),
                 **extra: Any) -> Event:
    """Validate a Feature and store it as a new event (version 1); `extra` sets seed/import fields."""
    actor.require("planner")
    geometry, props = feature_parts(payload)
    p = validate(EventProperties, props)
    geom = read_geometry(geometry)  # type: ignore[arg-type]
    event = Event(**extra)
    _apply(event, p, geom, settings)  # type: ignore[arg-type]
    if event.status == "cancelled":
        event.cancelled_at = datetime.now(UTC)
    session.add(event)
    session.flush()
    audit.record(session, actor.name, "create", "event", event.id, None, event_feature(event))
    return event


def get_event(session: Session, event_id: str, actor: Actor) -> Event:
    """The event, or 404 — also when the caller may not see it (absent, not forbidden)."""
    event = session.get(Event, event_id) if isinstance(event_id, str) and len(event_id) <= 36 else None
    if event is None or not actor.can_see(event.classification):
        raise NotFound(f"no event with id {event_id!r}", "id")
    return event


def _changes_sequence(before: dict[str, Any], after: dict[str, Any]) -> bool:
    b, a = before["properties"], after["properties"]
    return (before["geometry"] != after["geometry"] or b["status"] != a["status"]
            or any(b[f] != a[f] for f in TIME_FIELDS))


def update_event(session: Session, event_id: str, payload: Any, if_match: str | None, actor: Actor,
                 settings: Settings = Settings()) -> Event:
    """Apply a partial Feature (geometry and/or properties) to the version named in If-Match."""
    actor.require("planner")
    event = get_event(session, event_id, actor)
    check_if_match(if_match, event.version)
    geometry, props = feature_parts(payload, require_geometry=False)
    before = event_feature(event)
    merged = merge_patch(before["properties"], props)
    p = validate(EventProperties, merged)
    geom = read_geometry(geometry) if geometry is not None else event.geometry
    _apply(event, p, geom, settings)  # type: ignore[arg-type]
    if event.status == "cancelled" and before["properties"]["status"] != "cancelled":
        event.cancelled_at = datetime.now(UTC)
    elif event.status != "cancelled":
        event.cancelled_at = None
    after = event_feature(event)
    if after["geometry"] == before["geometry"] and after["properties"] == before["properties"]:
        return event
    event.version += 1
    event.sequence += 1 if _changes_sequence(before, after) else 0
    event.updated_at = datetime.now(UTC)
    session.flush()
    audit.record(session, actor.name, "update", "event", event.id, before, event_feature(event))
    sync_temporary_zones(session, event, actor)
    return event


def delete_event(session: Session, event_id: str, if_match: str | None, actor: Actor) -> None:
    """Remove an event for good (admin only); cancelling is the normal way to call one off."""
    actor.require("admin")
    event = get_event(session, event_id, actor)
    check_if_match(if_match, event.version)
    audit.record(session, actor.name, "delete", "event", event.id, event_feature(event), None)
    sync_temporary_zones(session, event, actor, ending=True)
    session.delete(event)
    session.flush()
