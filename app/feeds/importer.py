"""Import an .ics file: upsert events by UID (RRULE, EXDATE and RECURRENCE-ID kept), report per VEVENT.

All or nothing: the whole import runs in one savepoint; when any VEVENT is rejected nothing is stored,
unless the caller asked for a partial import (then the good ones are). Each event runs in its own
nested savepoint, so one that the registry refuses (e.g. a GEO outside the district) is rejected alone.
Events without GEO become drafts: geometry NULL, no municipalities, status planned, left out of feeds
and of the conflict engine until a planner gives them a place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import vRecur
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.feeds.convert import ICAL_TO_CLASS, ICAL_TO_STATUS, geo_of
from app.models import KINDS, Event, EventOverride
from app.registry import audit
from app.registry.access import Actor
from app.registry.errors import Invalid, RegistryError
from app.registry.events import Settings, create_event, update_event
from app.registry.representation import event_feature
from app.registry.schemas import EventProperties, validate
from app.registry.versioning import etag
from calendars.ical import CalendarEvent, IcalError, Override, read_calendar, stable_uid
from calendars.recurrence import occurrences

SOURCE = "iCal import"
DEFAULT_CLASSIFICATION = "internal"  # an imported event is not published until someone decides so


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)  # ids of events that still need a geometry
    stored: bool = False
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "drafts": self.drafts,
            "stored": self.stored,
            "dry_run": self.dry_run,
        }


def _rule_key(rule: str | None) -> Any:
    return None if not rule else sorted(vRecur.from_ical(rule).to_ical().decode().upper().split(";"))


def _kind(ev: CalendarEvent, existing: Event | None) -> str:
    for cat in ev.categories:
        if cat.lower() in KINDS:
            return cat.lower()
    return existing.kind if existing is not None else "other"


def _properties(ev: CalendarEvent, existing: Event | None) -> dict[str, Any]:
    tz = ZoneInfo(ev.timezone)
    props: dict[str, Any] = {
        "title": ev.title,
        "kind": _kind(ev, existing),
        "status": ICAL_TO_STATUS[ev.status],
        "organiser": ev.organiser or None,
        "description": ev.description,
        "starts_at": ev.start.astimezone(tz).isoformat(),
        "ends_at": ev.end.astimezone(tz).isoformat(),
        "timezone": ev.timezone,
        "rrule": ev.rrule,
        "exdates": [d.astimezone(tz).isoformat() for d in ev.exdates],
    }
    if ev.classification:
        props["classification"] = ICAL_TO_CLASS[ev.classification]
    else:
        props["classification"] = existing.classification if existing is not None else DEFAULT_CLASSIFICATION
    if existing is not None and _rule_key(existing.rrule) == _rule_key(ev.rrule):
        props["rrule"] = existing.rrule  # the same rule, maybe written in another order
    if existing is None:
        props["source"] = SOURCE
    return props


def _geometry(ev: CalendarEvent, existing: Event | None) -> dict[str, Any] | None:
    """A Point from GEO; an existing place moves only when it is a point (a GEO cannot redraw a route)."""
    if ev.geo is None:
        return None
    if existing is not None and existing.geometry is not None:
        if geo_of(existing.geometry) == (round(ev.geo[0], 6), round(ev.geo[1], 6)):
            return None
        if existing.geometry.geom_type != "Point":
            return None
    return {"type": "Point", "coordinates": [ev.geo[1], ev.geo[0]]}


class _Matcher:
    """Finds the stored event for a UID: an imported UID, or the UUIDv5 our own feeds give an event."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._own: dict[str, str] | None = None

    def find(self, uid: str) -> Event | None:
        found = self.session.scalar(select(Event).where(Event.ical_uid == uid))
        if found is not None:
            return found
        if self._own is None:
            ids = self.session.scalars(select(Event.id).where(Event.ical_uid.is_(None)))
            self._own = {stable_uid(i): i for i in ids}
        event_id = self._own.get(uid)
        return self.session.get(Event, event_id) if event_id else None


def _draft(
    session: Session, ev: CalendarEvent, props: dict[str, Any], existing: Event | None, actor: Actor
) -> tuple[Event, bool]:
    """Create or update an event that has no place yet (the registry's use cases need a geometry)."""
    p: Any = validate(EventProperties, props)
    occ = occurrences(p.starts_at, p.ends_at, p.rrule, p.exdates, p.timezone)
    if not occ:
        raise Invalid("every occurrence is excluded by EXDATE", "exdates")
    before = event_feature(existing) if existing is not None else None
    e = existing or Event(ical_uid=ev.uid, geometry=None, municipalities=[], municipality_codes=",")
    e.title, e.kind, e.status, e.classification = p.title, p.kind, p.status, p.classification
    e.organiser, e.description, e.timezone, e.rrule = p.organiser, p.description, p.timezone, p.rrule
    e.starts_at, e.ends_at = p.starts_at.astimezone(UTC), p.ends_at.astimezone(UTC)
    e.exdates = [d.astimezone(ZoneInfo(p.timezone)).isoformat() for d in p.exdates]
    e.span_start, e.span_end = occ[0][0], max(end for _, end in occ)
    e.source = e.source or SOURCE
    if existing is None:
        session.add(e)
        session.flush()
        audit.record(session, actor.name, "create", "event", e.id, None, event_feature(e))
        return e, True
    after = event_feature(e)
    changed = after != before
    if changed:
        e.version += 1
        e.sequence += 1
        e.updated_at = datetime.now(UTC)
        session.flush()
        audit.record(session, actor.name, "update", "event", e.id, before, event_feature(e))
    return e, changed


def _stored_key(o: EventOverride) -> tuple[Any, ...]:
    return o.recurrence_id, o.starts_at, o.ends_at, o.status or "", o.title or ""


def _wanted_key(o: Override) -> tuple[Any, ...]:
    return (
        o.recurrence_id.astimezone(UTC),
        o.start.astimezone(UTC),
        o.end.astimezone(UTC),
        o.status or "",
        o.title or "",
    )


def _sync_overrides(session: Session, e: Event, overrides: tuple[Override, ...]) -> bool:
    """Store the series' RECURRENCE-ID overrides; True when they changed."""
    stored = list(session.scalars(select(EventOverride).where(EventOverride.event_id == e.id)))
    wanted = overrides if e.rrule else ()
    if sorted(map(_stored_key, stored)) == sorted(map(_wanted_key, wanted)):
        return False
    for o in wanted:
        if o.title is not None and len(o.title) > 200:
            raise Invalid("an override's SUMMARY is longer than 200 characters", "overrides")
    session.execute(delete(EventOverride).where(EventOverride.event_id == e.id))
    session.add_all(
        EventOverride(
            event_id=e.id,
            recurrence_id=o.recurrence_id,
            starts_at=o.start,
            ends_at=o.end,
            status=o.status,
            title=o.title,
        )
        for o in wanted
    )
    session.flush()
    return True


def _bump(e: Event) -> None:
    e.version += 1
    e.sequence += 1
    e.updated_at = datetime.now(UTC)


def _upsert(
    session: Session, ev: CalendarEvent, matcher: _Matcher, actor: Actor, settings: Settings
) -> tuple[str, Event]:
    existing = matcher.find(ev.uid)
    props = _properties(ev, existing)
    geometry = _geometry(ev, existing)
    has_place = geometry is not None or (existing is not None and existing.geometry is not None)
    if not has_place:
        e, changed = _draft(session, ev, props, existing, actor)
        outcome = "created" if existing is None else ("updated" if changed else "unchanged")
    elif existing is None:
        e = create_event(
            session, {"type": "Feature", "geometry": geometry, "properties": props}, actor, settings, ical_uid=ev.uid
        )
        outcome = "created"
    else:
        version = existing.version
        payload = {"type": "Feature", "properties": props} | ({"geometry": geometry} if geometry else {})
        e = update_event(session, existing.id, payload, etag(version), actor, settings)
        outcome = "updated" if e.version != version else "unchanged"
    if _sync_overrides(session, e, ev.overrides) and outcome == "unchanged":
        _bump(e)
        outcome = "updated"
    return outcome, e


def import_calendar(
    session: Session,
    data: bytes,
    actor: Actor,
    settings: Settings | None = None,
    partial: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Upsert every VEVENT of `data`; store nothing when any is rejected (unless `partial`) or dry_run."""
    actor.require("planner")
    settings = settings or Settings()
    try:
        parsed = read_calendar(data)
    except IcalError as exc:
        raise Invalid(exc.message, "file") from None
    report = ImportReport(dry_run=dry_run)
    report.rejected = [{"index": r.index, "reason": r.reason, "uid": r.uid} for r in parsed.rejected]
    outer = session.begin_nested()
    matcher = _Matcher(session)
    for ev in parsed.events:
        nested = session.begin_nested()
        try:
            outcome, e = _upsert(session, ev, matcher, actor, settings)
        except RegistryError as exc:
            nested.rollback()
            report.rejected.append({"index": parsed.indexes[ev.uid], "reason": exc.message, "uid": ev.uid})
            continue
        nested.commit()
        setattr(report, outcome, getattr(report, outcome) + 1)
        if e.geometry is None:
            report.drafts.append(e.id)
    report.rejected.sort(key=lambda r: r["index"])
    if dry_run or (report.rejected and not partial):
        outer.rollback()
        session.expire_all()
    else:
        outer.commit()
        report.stored = True
    return report
