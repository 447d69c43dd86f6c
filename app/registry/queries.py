"""Listing events and zones: the database narrows (time span, bbox, codes), Python decides exactly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from shapely.geometry import box
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from app.models import Event, Zone
from app.registry.access import VISIBLE, Actor
from app.registry.errors import BadRequest
from app.registry.filters import EventFilter
from calendars.recurrence import occurrences
from geo.crs import to_metric
from geo.footprint import footprint_metric


def _narrow(f: EventFilter, actor: Actor, zone: Zone | None) -> Select[tuple[Event]]:
    stmt = select(Event).where(Event.classification.in_(VISIBLE[actor.role]))
    if f.start:
        stmt = stmt.where(Event.span_end > f.start)
    if f.end:
        stmt = stmt.where(Event.span_start < f.end)
    if f.kinds:
        stmt = stmt.where(Event.kind.in_(f.kinds))
    if f.statuses:
        stmt = stmt.where(Event.status.in_(f.statuses))
    if f.classifications:
        stmt = stmt.where(Event.classification.in_(f.classifications))
    if f.municipality:
        stmt = stmt.where(Event.municipality_codes.contains("," + f.municipality + ","))
    for bb in [f.bbox, zone.geometry.bounds if zone is not None else None]:
        if bb:
            stmt = stmt.where(and_(Event.min_lon <= bb[2], Event.max_lon >= bb[0],
                                   Event.min_lat <= bb[3], Event.max_lat >= bb[1]))
    return stmt.order_by(Event.starts_at, Event.id)


def _in_window(e: Event, f: EventFilter) -> bool:
    """Exact test for a series: an occurrence, or the build-up/tear-down framing it, overlaps [from, to)."""
    if not e.rrule or not (f.start or f.end):
        return True
    exdates = [datetime.fromisoformat(d) for d in e.exdates or []]
    spans = occurrences(e.starts_at, e.ends_at, e.rrule, exdates, e.timezone)
    if e.setup_starts_at:
        spans.append((e.setup_starts_at, spans[0][0]))
    if e.teardown_ends_at:
        spans.append((max(end for _, end in spans), e.teardown_ends_at))
    return any(s < e2 and (f.start is None or e2 > f.start) and (f.end is None or s < f.end) for s, e2 in spans)


def zone_for_filter(session: Session, zone_id: str | None, actor: Actor) -> Zone | None:
    """The zone named by `zone=`; one the caller may not see is answered like a missing one."""
    if zone_id is None:
        return None
    zone = session.scalar(visible_zones(actor).where(Zone.id == zone_id)) if len(zone_id) <= 36 else None
    if zone is None:
        raise BadRequest(f"zone: no zone with id {zone_id!r}", "zone")
    return zone


def iter_events(session: Session, f: EventFilter, actor: Actor) -> Iterator[Event]:
    """Every visible event matching the filter, in time order (streamed)."""
    zone = zone_for_filter(session, f.zone_id, actor)
    zone_metric = to_metric(zone.geometry) if zone is not None else None
    bbox_metric = to_metric(box(*f.bbox)) if f.bbox else None
    for e in session.scalars(_narrow(f, actor, zone).execution_options(yield_per=500)):
        if not _in_window(e, f):
            continue
        if zone_metric is not None or bbox_metric is not None:
            fp = footprint_metric(e.geometry, e.buffer_m) if e.geometry is not None else None
            if fp is None or (zone_metric is not None and not fp.intersects(zone_metric)):
                continue
            if bbox_metric is not None and not fp.intersects(bbox_metric):
                continue
        yield e


def list_events(session: Session, f: EventFilter, actor: Actor) -> tuple[list[Event], bool]:
    """One page of events and whether another page follows."""
    skip, out = (f.page - 1) * f.limit, []
    needs_python = bool(f.zone_id or f.bbox or f.start or f.end)
    if not needs_python:
        rows = list(session.scalars(_narrow(f, actor, None).offset(skip).limit(f.limit + 1)))
        return rows[: f.limit], len(rows) > f.limit
    for i, e in enumerate(iter_events(session, f, actor)):
        if i < skip:
            continue
        out.append(e)
        if len(out) > f.limit:
            break
    return out[: f.limit], len(out) > f.limit


def visible_zones(actor: Actor) -> Select[tuple[Zone]]:
    """Zones the actor may see: unlinked ones, and those whose linked event the actor may see."""
    return (select(Zone).outerjoin(Event, Event.id == Zone.event_id)
            .where(or_(Zone.event_id.is_(None), Event.classification.in_(VISIBLE[actor.role]))))


def list_zones(session: Session, actor: Actor, kinds: tuple[str, ...] = (), limit: int = 1000,
               page: int = 1) -> tuple[list[Zone], bool]:
    """A page of the zones `actor` may see (pass SYSTEM only for internal computation)."""
    stmt = visible_zones(actor)
    if kinds:
        stmt = stmt.where(or_(*[Zone.kind == k for k in kinds]))
    rows = list(session.scalars(stmt.order_by(Zone.kind, Zone.name, Zone.id)
                                .offset((page - 1) * limit).limit(limit + 1)))
    return rows[:limit], len(rows) > limit
