"""Conflicts as the pages show them (dicts in the API's shape), computed by the conflict engine.

Records are built from the registry's models; parties the reader may not see are redacted exactly as
the API does. Until the engine is on this branch (`app.conflicts`), the pages show no conflicts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from app.maps.features import zone_hours
from app.models import Event, Zone
from app.registry.access import SYSTEM, Actor
from app.registry.filters import EventFilter
from app.registry.queries import iter_events, list_zones
from app.web.capacity_chart import WeekLoad
from calendars.intervals import COPENHAGEN, Interval
from calendars.recurrence import localize

try:  # the engine lands on main from the conflicts branch
    from app import conflicts as engine
except ImportError:  # pragma: no cover - only before the merge
    engine = None  # type: ignore[assignment]

REDACTED = {"type": "event", "id": None, "title": "Restricted activity"}


def _event_record(e: Event):  # type: ignore[no-untyped-def]
    return engine.EventRecord(
        id=e.id, title=e.title, geometry=e.geometry, starts_at=e.starts_at, ends_at=e.ends_at, kind=e.kind,
        status=e.status, classification=e.classification, buffer_m=e.buffer_m,
        setup_starts_at=e.setup_starts_at, teardown_ends_at=e.teardown_ends_at, timezone=e.timezone,
        rrule=e.rrule, exdates=tuple(datetime.fromisoformat(d) for d in e.exdates or []),
        officers_required=e.officers_required or 0, municipalities=tuple(e.municipalities or []))


def _zone_record(z: Zone):  # type: ignore[no-untyped-def]
    return engine.ZoneRecord(id=z.id, name=z.name, geometry=z.geometry, kind=z.kind, hours=zone_hours(z),
                             valid_from=z.valid_from, valid_until=z.valid_until, event_id=z.event_id)


def _records(session: Session, window: Interval) -> tuple[list, list]:
    events = iter_events(session, EventFilter(start=window[0], end=window[1], limit=1_000_000), SYSTEM)
    zones, _ = list_zones(session, SYSTEM, limit=1_000_000)
    return ([_event_record(e) for e in events if e.geometry is not None],
            [_zone_record(z) for z in zones])


def _redact(c: Any, actor: Actor) -> dict[str, Any]:
    out = c.to_dict()
    out["parties"] = [REDACTED if p.type == "event" and not actor.can_see(p.classification) else p.to_dict()
                      for p in c.parties]
    return out


def _capacity() -> int:
    return int(current_app.config["CAPACITY_OFFICERS"])


def conflicts_for_event(session: Session, event: Event, actor: Actor) -> list[dict[str, Any]]:
    """The conflicts this (stored) event has now."""
    if engine is None or event.geometry is None or event.status == "cancelled":
        return []
    events, zones = _records(session, (event.span_start, event.span_end))
    index = engine.ConflictIndex(events, zones)
    found = engine.check(_event_record(event), index, capacity=_capacity())
    return [_redact(c, actor) for c in found]


def conflicts_in_window(session: Session, actor: Actor, window: Interval) -> list[dict[str, Any]]:
    if engine is None:
        return []
    events, zones = _records(session, window)
    found = engine.scan(events, window, zones=zones, capacity=_capacity())
    return [_redact(c, actor) for c in found]


def weekly_peaks(session: Session, actor: Actor, monday: date, weeks: int) -> list[WeekLoad]:
    """Each week's highest hourly officer load (all classifications count: officers are officers)."""
    starts = [monday + timedelta(days=7 * i) for i in range(weeks)]
    if engine is None:
        return [WeekLoad(s, 0) for s in starts]
    window = (localize(datetime.combine(starts[0], datetime.min.time()), COPENHAGEN),
              localize(datetime.combine(starts[-1] + timedelta(days=7), datetime.min.time()), COPENHAGEN))
    events, _ = _records(session, window)
    peak: dict[date, int] = defaultdict(int)
    over: dict[date, int] = defaultdict(int)
    for hour in engine.capacity_hours(events, window, _capacity()):
        local_day = hour["start"].astimezone(COPENHAGEN).date()
        week = local_day - timedelta(days=local_day.weekday())
        peak[week] = max(peak[week], hour["officers"])
        over[week] += 1 if hour["over"] else 0
    return [WeekLoad(s, peak[s], over[s]) for s in starts]


def party_ids(conflicts: list[dict[str, Any]], focus: Event | None) -> frozenset[str]:
    """Ids of the other parties (events and zones) of the focused event's conflicts."""
    own = focus.id if focus is not None else None
    return frozenset(p["id"] for c in conflicts for p in c.get("parties", []) if p.get("id") and p["id"] != own)
