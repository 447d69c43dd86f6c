"""Conflicts for the API, pages and CLI: records from the registry, the engine's answer, decisions attached,
parties the reader may not see redacted. The database narrows the candidates (time span, bbox); the engine
decides, so SQLite and PostGIS give the same answer."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import conflicts as engine
from app.conflicts.engine import check_rules, check_window
from app.conflicts.model import at, key_time
from app.models import DECISIONS, ConflictDecision, Event, Zone
from app.registry import audit
from app.registry.access import Actor
from app.registry.errors import BadRequest, Invalid, NotFound
from app.registry.event_records import FootprintKey, footprint_key, load_event_records
from app.registry.events import _check_times
from app.registry.features import feature_parts, read_geometry
from app.registry.schemas import EventProperties, validate
from calendars.hours import parse_active_hours
from geo.crs import to_wgs84

DECISION_STATUSES = ("open", *DECISIONS)
REDACTED_EVENT = {"type": "event", "id": None, "title": "Restricted activity"}
REDACTED_ZONE = {"type": "zone", "id": None, "title": "Restricted zone"}
# Footprints by (id, version, buffer, hash of the WKB): the content in the key, so a footprint computed in
# a transaction that was rolled back cannot stand in for another geometry stored later under that version.
_FOOTPRINTS: dict[FootprintKey, BaseGeometry] = {}
_FOOTPRINT_CACHE_MAX = 250_000
_ZONE_RECORDS: dict[tuple[Any, ...], engine.ZoneRecord] = {}
_ZONE_CACHE_MAX = 20_000


def _footprints() -> dict[FootprintKey, BaseGeometry]:
    """The footprint cache, emptied when it has grown to its bound."""
    if len(_FOOTPRINTS) >= _FOOTPRINT_CACHE_MAX:
        _FOOTPRINTS.clear()
    return _FOOTPRINTS


def _footprint(e: Event) -> BaseGeometry | None:
    """The EPSG:25832 footprint, cached next to the stored geometry (see _FOOTPRINTS)."""
    key = footprint_key(e.id, e.version, e.buffer_m, shapely.to_wkb(e.geometry, output_dimension=2))
    fp = _FOOTPRINTS.get(key)
    if fp is None:
        from geo.footprint import footprint_metric

        fp = _footprints()[key] = footprint_metric(e.geometry, e.buffer_m)
    return fp


def event_record(e: Event) -> engine.EventRecord:
    return engine.EventRecord(
        id=e.id, title=e.title, geometry=e.geometry, starts_at=e.starts_at, ends_at=e.ends_at, kind=e.kind,
        status=e.status, classification=e.classification, buffer_m=e.buffer_m,
        setup_starts_at=e.setup_starts_at, teardown_ends_at=e.teardown_ends_at, timezone=e.timezone,
        rrule=e.rrule, exdates=tuple(datetime.fromisoformat(d) for d in e.exdates or []),
        officers_required=e.officers_required or 0, municipalities=tuple(e.municipalities or []),
        footprint=_footprint(e))


def zone_record(z: Zone, linked_classification: str | None) -> engine.ZoneRecord:
    """A zone linked to an event is as sensitive as that event (carried as the zone's classification)."""
    return engine.ZoneRecord(id=z.id, name=z.name, geometry=z.geometry, kind=z.kind,
                             hours=parse_active_hours(z.active_hours, z.active_hours_exceptions),
                             valid_from=z.valid_from, valid_until=z.valid_until, event_id=z.event_id,
                             classification=linked_classification or "public")


def _zones(session: Session) -> list[engine.ZoneRecord]:
    """Zone records, parsed once per process and zone version. Every zone write bumps `version` and
    `updated_at`, so a light query of those (and of the linked event's classification) tells whether the
    records held are current; any that is not reloads them all, in one statement."""
    stamps = select(Zone.id, Zone.version, Zone.updated_at, Zone.event_id, Event.classification)
    keys = [tuple(r) for r in session.execute(stamps.outerjoin(Event, Event.id == Zone.event_id))]
    if all(k in _ZONE_RECORDS for k in keys):
        return [_ZONE_RECORDS[k] for k in keys]
    if len(_ZONE_RECORDS) + len(keys) > _ZONE_CACHE_MAX:
        _ZONE_RECORDS.clear()
    out = []
    for z, cls in session.execute(select(Zone, Event.classification).outerjoin(Event, Event.id == Zone.event_id)):
        key = (z.id, z.version, z.updated_at, z.event_id, cls)
        record = _ZONE_RECORDS[key] = _ZONE_RECORDS.get(key) or zone_record(z, cls)
        out.append(record)
    return out


def _events(session: Session, start: datetime, end: datetime,
            bbox: tuple[float, float, float, float] | None = None) -> list[engine.EventRecord]:
    """Stored events whose whole span overlaps [start, end); with `bbox`, only those near it — plus any
    that need officers (they count towards capacity wherever they are). Footprints come from the cache
    where they are, the rest are built in one call and cached."""
    return load_event_records(session, start, end, bbox, _footprints())


def index_for_window(session: Session, window: tuple[datetime, datetime]) -> engine.ConflictIndex:
    return engine.ConflictIndex(_events(session, *window), _zones(session))


def index_for(session: Session, candidate: engine.EventRecord) -> engine.ConflictIndex:
    """The stored events that could clash with `candidate`: overlapping its span (a day either side, for
    capacity runs), near its footprint."""
    start = min(s[2] for s in candidate.spans)
    end = max(s[3] for s in candidate.spans)
    lon0, lat0, lon1, lat1 = to_wgs84(candidate.footprint).bounds
    pad = 0.001
    return engine.ConflictIndex(
        _events(session, at(start) - timedelta(days=1), at(end) + timedelta(days=1),
                (lon0 - pad, lat0 - pad, lon1 + pad, lat1 + pad)),
        _zones(session))


# -- presenting -------------------------------------------------------------------------------------

def decisions_for(session: Session, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The latest decision per key."""
    keys = list(set(keys))
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(keys), 500):
        rows = session.scalars(select(ConflictDecision).where(ConflictDecision.key.in_(keys[i:i + 500]))
                               .order_by(ConflictDecision.decided_at, ConflictDecision.id))
        for d in rows:
            out[d.key] = decision_json(d)
    return out


def decision_json(d: ConflictDecision) -> dict[str, Any]:
    return {"decision": d.decision, "note": d.note, "by": d.decided_by,
            "at": d.decided_at.isoformat().replace("+00:00", "Z")}


def present(c: engine.Conflict, actor: Actor, decisions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The API's shape; parties the actor may not see become 'Restricted activity' (the sentence too)."""
    hidden = [not actor.can_see(p.classification) for p in c.parties]
    if any(hidden):
        parties = tuple(dataclasses.replace(p, id="", title=_redacted(p)["title"]) if h else p
                        for p, h in zip(c.parties, hidden, strict=True))
        shown = dataclasses.replace(c, parties=parties)
        out = shown.to_dict()
        out["key"] = c.key
        out["parties"] = [_redacted(p) if h else p.to_dict() for p, h in zip(c.parties, hidden, strict=True)]
    else:
        out = c.to_dict()
    out["decision"] = decisions.get(c.key)
    return out


def _redacted(p: engine.Party) -> dict[str, Any]:
    return dict(REDACTED_EVENT if p.type == "event" else REDACTED_ZONE)


def presented(session: Session, found: list[engine.Conflict], actor: Actor) -> list[dict[str, Any]]:
    decisions = decisions_for(session, (c.key for c in found))
    return [present(c, actor, decisions) for c in found]


# -- use cases --------------------------------------------------------------------------------------

def engine_error(exc: engine.ConflictInputError, status: type = BadRequest) -> Exception:
    return status(f"{exc.where}: {exc.message}" if exc.where else exc.message, exc.where)


def candidate_from_feature(payload: Any) -> engine.EventRecord:
    """A Feature as the registry would store it, validated the same way, but not stored."""
    geometry, props = feature_parts(payload)
    p = validate(EventProperties, props)
    geom = read_geometry(geometry)  # type: ignore[arg-type]
    _check_times(p)  # type: ignore[arg-type]
    ident = payload.get("id") if isinstance(payload.get("id"), str) else "candidate"
    return engine.EventRecord(
        id=ident, title=p.title, geometry=geom, starts_at=p.starts_at, ends_at=p.ends_at,  # type: ignore[attr-defined]
        kind=p.kind, status=p.status, classification=p.classification,  # type: ignore[attr-defined]
        buffer_m=p.buffer_m, setup_starts_at=p.setup_starts_at,  # type: ignore[attr-defined]
        teardown_ends_at=p.teardown_ends_at, timezone=p.timezone, rrule=p.rrule,  # type: ignore[attr-defined]
        exdates=tuple(p.exdates), officers_required=p.officers_required)  # type: ignore[attr-defined]


def check_feature(session: Session, payload: Any, actor: Actor, capacity: int) -> list[dict[str, Any]]:
    actor.require("viewer")
    candidate = candidate_from_feature(payload)
    found = engine.check(candidate, index_for(session, candidate), capacity=capacity)
    return presented(session, found, actor)


def conflicts_of_event(session: Session, event: Event, actor: Actor, capacity: int) -> list[dict[str, Any]]:
    """The conflicts a stored event has now (what creating or updating it answers with)."""
    if event.geometry is None or event.status == "cancelled":
        return []
    candidate = event_record(event)
    found = engine.check(candidate, index_for(session, candidate), capacity=capacity)
    return presented(session, found, actor)


def list_conflicts(session: Session, actor: Actor, window: tuple[datetime, datetime], capacity: int, *,
                   rules: tuple[str, ...] | None = None, municipality: str | None = None,
                   event_id: str | None = None, status: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    actor.require("viewer")
    try:
        check_window(window)
        check_rules(rules)
    except engine.ConflictInputError as exc:
        raise engine_error(exc) from None
    if event_id is not None:
        e = session.get(Event, event_id) if len(event_id) <= 36 else None
        if e is None or not actor.can_see(e.classification):
            raise BadRequest(f"event: no event with id {event_id!r}", "event")
    index = index_for_window(session, window)
    found = engine.scan(index, window, capacity=capacity, rules=rules)
    if event_id is not None:
        found = [c for c in found if event_id in c.event_ids]
    if municipality is not None:
        codes = {e.id: e.municipalities for e in index.events}
        found = [c for c in found if any(municipality in codes.get(i, ()) for i in c.event_ids)]
    out = presented(session, found, actor)
    if status is not None:
        out = [c for c in out if (c["decision"]["decision"] if c["decision"] else "open") in status]
    return out


def find_conflict(session: Session, key: str, capacity: int) -> engine.Conflict | None:
    """The current conflict with this key: looked up around the minute written into the key, then wider."""
    when = key_time(key)
    if when is None:
        return None
    for days in (2, 365):
        window = (when - timedelta(days=days), when + timedelta(days=days))
        for c in engine.scan(index_for_window(session, window), window, capacity=capacity):
            if c.key == key:
                return c
    return None


def decide(session: Session, key: str, body: Any, actor: Actor, capacity: int) -> dict[str, Any]:
    """Record a decision (acknowledged / waived / resolved, with a note) on a current conflict."""
    actor.require("planner")
    if not isinstance(body, dict):
        raise BadRequest("request body must be a JSON object with decision and note", "body")
    unknown = sorted(set(body) - {"decision", "note"})
    if unknown:
        raise BadRequest(f"unknown field {unknown[0]!r}; send decision and note", unknown[0])
    decision = body.get("decision")
    if decision not in DECISIONS:
        raise Invalid(f"decision: must be one of {', '.join(DECISIONS)}", "decision")
    note = body.get("note")
    if not isinstance(note, str) or not note.strip():
        raise Invalid("note: a decision needs a note saying why", "note")
    if len(note) > 5000:
        raise Invalid("note: at most 5000 characters", "note")
    found = find_conflict(session, key, capacity) if len(key) <= 64 else None
    if found is None:
        raise NotFound(f"no current conflict with key {key!r}", "key")
    row = ConflictDecision(key=key, rule=found.rule, decision=decision, note=note.strip(),
                           decided_by=actor.name)
    session.add(row)
    session.flush()
    audit.record(session, actor.name, "decide", "conflict_decision", key, None, decision_json(row))
    return present(found, actor, {key: decision_json(row)})


def suggest_for(session: Session, body: Any, actor: Actor, capacity: int) -> dict[str, Any]:
    """Nearest conflict-free windows for a candidate Feature (and venue shifts), nothing stored."""
    actor.require("viewer")
    if not isinstance(body, dict):
        raise BadRequest("request body must be a JSON object with feature, from and to", "body")
    unknown = sorted(set(body) - {"feature", "from", "to", "shift_m", "limit"})
    if unknown:
        raise BadRequest(f"unknown field {unknown[0]!r}; send feature, from, to, shift_m, limit", unknown[0])
    from app.registry.filters import parse_instant

    for name in ("from", "to"):
        if not isinstance(body.get(name), str):
            raise Invalid(f"{name}: the search range needs from and to (ISO 8601 with offset)", name)
    search = (parse_instant(body["from"], "from"), parse_instant(body["to"], "to"))
    limit = body.get("limit", 5)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= 50:
        raise Invalid("limit: a whole number from 1 to 50", "limit")
    shift_m = body.get("shift_m")
    if shift_m is not None and (isinstance(shift_m, bool) or not isinstance(shift_m, (int, float))):
        raise Invalid("shift_m: a distance in metres", "shift_m")
    candidate = candidate_from_feature(body.get("feature"))
    lo, hi = search
    pad = timedelta(days=1)
    index = engine.ConflictIndex(_events(session, min(lo, candidate.starts_at) - pad,
                                         max(hi, candidate.ends_at) + pad), _zones(session))
    try:
        result = engine.suggest(candidate, index, search, capacity=capacity, limit=limit, shift_m=shift_m)
    except engine.ConflictInputError as exc:
        raise engine_error(exc, Invalid) from None
    return {"asked": _iso_window(result["asked"]), "windows": [_iso_window(w) for w in result["windows"]],
            **({"venue_shifts": result["venue_shifts"]} if "venue_shifts" in result else {})}


def _iso_window(w: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat().replace("+00:00", "Z") if isinstance(v, datetime) else v) for k, v in w.items()}


def capacity_load(session: Session, actor: Actor, window: tuple[datetime, datetime],
                  capacity: int) -> dict[str, Any]:
    """Hourly officer load; events the actor may not see count but are not named."""
    actor.require("viewer")
    try:
        check_window(window)
        if window[1] - window[0] > timedelta(days=92):
            raise engine.ConflictInputError("the hourly load is capped at 92 days; ask for a shorter window", "to")
    except engine.ConflictInputError as exc:
        raise engine_error(exc) from None
    records = _events(session, *window)
    visible = {e.id for e in records if actor.can_see(e.classification)}
    hours = []
    for h in engine.capacity_hours(records, window, capacity):
        shown = [i for i in h["events"] if i in visible]
        hours.append({"start": _z(h["start"]), "end": _z(h["end"]), "officers": h["officers"], "events": shown,
                      "hidden_events": len(h["events"]) - len(shown), "over": h["over"]})
    return {"capacity": capacity, "hours": hours}


def _z(dt: datetime) -> str:
    return dt.isoformat().replace("+00:00", "Z")


def zone_conflict_keys(session: Session, zone_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Every current zone_active conflict with one of the zones as a party, by key (for zone re-checks)."""
    ids = set(zone_ids)
    zones = [z for z in _zones(session) if z.id in ids]
    if not zones:
        return {}
    lo = min(datetime.combine(z.valid_from, datetime.min.time(), UTC) if z.valid_from else at(0) for z in zones)
    spans = session.execute(select(Event.span_start, Event.span_end).where(Event.span_end > lo,
                                                                          Event.geometry.is_not(None))).all()
    if not spans:
        return {}
    start, end = max(lo, min(s for s, _ in spans)), max(e for _, e in spans)
    out: dict[str, dict[str, Any]] = {}
    while start < end:
        window = (start, min(end, start + engine.MAX_WINDOW))
        index = engine.ConflictIndex(_events(session, *window), zones)
        for c in engine.scan(index, window, rules=["zone_active"]):
            out[c.key] = c.to_dict()
        start = window[1]
    return out
