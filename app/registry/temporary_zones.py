"""Temporary zones (a festival's zone): their designation period follows the linked event.

The period runs from the local date of the event's first moment (set-up included) to the local date of
its last (tear-down included, every occurrence). Cancelling or deleting the event ends its zones: the
designation then stops the day before (dates are inclusive), so no later activity meets them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Event, Zone
from app.registry import audit
from app.registry.access import Actor
from app.registry.representation import zone_feature


def event_period(event: Event) -> tuple[date, date]:
    """Inclusive local dates covering the event's whole span."""
    tz = ZoneInfo(event.timezone or "Europe/Copenhagen")
    start = event.span_start.astimezone(tz).date()
    end = (event.span_end - timedelta(microseconds=1)).astimezone(tz).date()
    return start, max(start, end)


def ended_period(zone: Zone, on: date) -> tuple[date, date]:
    """A period that has ended by the day before `on` (kept non-empty: from ≤ until)."""
    until = on - timedelta(days=1)
    start = zone.valid_from if zone.valid_from is not None and zone.valid_from <= until else until
    return start, until


def period_for(zone: Zone, event: Event | None, today: date) -> tuple[date | None, date | None]:
    if event is None or event.status == "cancelled":
        when = event.cancelled_at.astimezone(ZoneInfo(event.timezone)).date() \
            if event is not None and event.cancelled_at else today
        if zone.valid_until is not None and zone.valid_until < when:
            return zone.valid_from, zone.valid_until  # already over: leave as it was
        return ended_period(zone, when)
    return event_period(event)


def follow_event(zone: Zone, event: Event | None, today: date | None = None) -> None:
    """Set a temporary zone's period from its event (called while the zone is being written)."""
    zone.valid_from, zone.valid_until = period_for(zone, event, today or _today())


def sync_temporary_zones(session: Session, event: Event, actor: Actor, ending: bool = False) -> list[str]:
    """After an event changed (or before it is deleted: `ending`), bring its zones in line; their ids."""
    changed = []
    zones = session.scalars(select(Zone).where(Zone.event_id == event.id).order_by(Zone.id))
    for zone in zones:
        before = zone_feature(zone)
        zone.valid_from, zone.valid_until = period_for(zone, None if ending else event, _today())
        after = zone_feature(zone)
        if after == before:
            continue
        zone.version += 1
        zone.updated_at = datetime.now(UTC)
        audit.record(session, actor.name, "update", "zone", zone.id, before, zone_feature(zone))
        changed.append(zone.id)
    session.flush()
    return changed


def _today() -> date:
    return datetime.now(ZoneInfo("Europe/Copenhagen")).date()
