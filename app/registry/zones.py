"""Use cases for zones: create, update (If-Match), delete — validated and audited."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from app.models import Event, Zone
from app.registry import audit
from app.registry.access import Actor, zone_visible_to
from app.registry.errors import Invalid, NotFound
from app.registry.features import feature_parts, merge_patch, read_geometry
from app.registry.placement import place_zone
from app.registry.representation import zone_feature
from app.registry.schemas import ZoneProperties, validate
from app.registry.temporary_zones import follow_event
from app.registry.versioning import check_if_match
from calendars.errors import HoursError
from calendars.hours import exceptions_to_json, hours_to_json, parse_active_hours
from geo.geojson import ZONE_TYPES


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise Invalid(f"properties.{name}: {value!r} is not a date YYYY-MM-DD", f"properties.{name}") from None


def _apply(session: Session, zone: Zone, p: ZoneProperties, geometry: Any) -> None:
    try:
        hours = parse_active_hours(p.active_hours, p.active_hours_exceptions)
    except HoursError as exc:
        raise Invalid(f"properties.{exc.where}: {exc.message}", f"properties.{exc.where}") from None
    zone.valid_from, zone.valid_until = _date(p.valid_from, "valid_from"), _date(p.valid_until, "valid_until")
    if zone.valid_from and zone.valid_until and zone.valid_until < zone.valid_from:
        raise Invalid("properties.valid_until: must be on or after valid_from", "properties.valid_until")
    if p.event_id is not None and session.get(Event, p.event_id) is None:
        raise Invalid(f"properties.event_id: no event with id {p.event_id!r}", "properties.event_id")
    zone.name, zone.kind, zone.event_id = p.name, p.kind, p.event_id
    zone.active_hours, zone.active_hours_exceptions = hours_to_json(hours), exceptions_to_json(hours)
    zone.source, zone.notes, zone.proxy = p.source, p.notes, p.proxy
    if zone.event_id is not None:  # a temporary zone: its period follows the event
        follow_event(zone, session.get(Event, zone.event_id))
    if geometry is not None:
        zone.geometry = read_geometry(geometry, ZONE_TYPES)
        placed = place_zone(zone.geometry)
        zone.municipalities = placed.municipalities
        zone.min_lon, zone.min_lat, zone.max_lon, zone.max_lat = placed.bbox


def create_zone(session: Session, payload: Any, actor: Actor, **extra: Any) -> Zone:
    actor.require("planner")
    geometry, props = feature_parts(payload)
    zone = Zone(**extra)
    _apply(session, zone, validate(ZoneProperties, props), geometry)  # type: ignore[arg-type]
    session.add(zone)
    session.flush()
    audit.record(session, actor.name, "create", "zone", zone.id, None, zone_feature(zone))
    return zone


def check_zone_payload(session: Session, payload: Any) -> None:
    """Validate a zone Feature exactly as create_zone would, storing nothing (the import's dry run)."""
    geometry, props = feature_parts(payload)
    _apply(session, Zone(), validate(ZoneProperties, props), geometry)  # type: ignore[arg-type]


def get_zone(session: Session, zone_id: str, actor: Actor) -> Zone:
    """The zone, or 404 — also when it is linked to an event the caller may not see."""
    zone = session.get(Zone, zone_id) if isinstance(zone_id, str) and len(zone_id) <= 36 else None
    linked = session.get(Event, zone.event_id) if zone is not None and zone.event_id else None
    if zone is None or not zone_visible_to(actor, linked.classification if linked else None):
        raise NotFound(f"no zone with id {zone_id!r}", "id")
    return zone


def update_zone(session: Session, zone_id: str, payload: Any, if_match: str | None, actor: Actor) -> Zone:
    actor.require("planner")
    zone = get_zone(session, zone_id, actor)
    check_if_match(if_match, zone.version)
    geometry, props = feature_parts(payload, require_geometry=False)
    before = zone_feature(zone)
    merged = merge_patch(before["properties"], props)
    _apply(session, zone, validate(ZoneProperties, merged), geometry)  # type: ignore[arg-type]
    after = zone_feature(zone)
    if after == before:
        return zone
    zone.version += 1
    zone.updated_at = datetime.now(UTC)
    session.flush()
    audit.record(session, actor.name, "update", "zone", zone.id, before, zone_feature(zone))
    return zone


def delete_zone(session: Session, zone_id: str, if_match: str | None, actor: Actor) -> None:
    actor.require("admin")
    zone = get_zone(session, zone_id, actor)
    check_if_match(if_match, zone.version)
    audit.record(session, actor.name, "delete", "zone", zone.id, zone_feature(zone), None)
    session.delete(zone)
    session.flush()
