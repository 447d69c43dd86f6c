"""Which events a feed carries, and the feed's validators (ETag, Last-Modified) without rendering it.

A feed is the visible events overlapping its window (default: local midnight 30 days back to 18 months
ahead, so the selection moves at most once a day), with a place (drafts without geometry are left out),
cancelled ones only for 30 days after cancellation. The ETag is a digest of everything the bytes are
made from (ids, versions, overrides, zone, window, options), so a 304 never needs the feed rendered.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import AuditEntry, Event, EventOverride, Zone
from app.registry.access import Actor
from app.registry.errors import BadRequest
from app.registry.filters import EventFilter, parse_instant
from app.registry.queries import iter_events
from calendars.intervals import COPENHAGEN

FORMAT = "overblik-ical-1"  # bump when the serializer's output changes, so every ETag changes
DAYS_BACK = 30
MONTHS_AHEAD = 18
MAX_SPAN = timedelta(days=3 * 366)
CANCELLED_KEPT = timedelta(days=30)


@dataclass(frozen=True)
class FeedQuery:
    """What one feed shows: a scope (filters), a window, options, and who reads it."""

    key: str  # e.g. "municipality:0101" (part of the ETag)
    start: datetime
    end: datetime
    actor: Actor
    kinds: tuple[str, ...] = ()
    municipality: str | None = None
    zone_id: str | None = None
    options: tuple[str, ...] = ()  # e.g. ("designation", "active_windows")


@dataclass
class Selection:
    events: list[Event]
    overrides: dict[str, list[EventOverride]]
    zone: Zone | None
    etag: str
    last_modified: datetime
    parts: list[str] = field(default_factory=list)


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(d, day.day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def feed_window(args: dict[str, str], now: datetime) -> tuple[datetime, datetime]:
    """[from, to) from ?from=&to= (ISO date or datetime with offset), else the default window."""
    today = now.astimezone(COPENHAGEN).date()
    start = datetime.combine(today - timedelta(days=DAYS_BACK), time(0), tzinfo=COPENHAGEN)
    end = datetime.combine(_add_months(today, MONTHS_AHEAD), time(0), tzinfo=COPENHAGEN)
    if "from" in args:
        start = parse_instant(args["from"], "from")
    if "to" in args:
        end = parse_instant(args["to"], "to")
    if end <= start:
        raise BadRequest("to: must be after from", "to")
    if end - start > MAX_SPAN:
        raise BadRequest("to: a feed window may span at most 3 years", "to")
    return start.astimezone(UTC), end.astimezone(UTC)


def _kept(e: Event, now: datetime) -> bool:
    if e.geometry is None:
        return False  # a draft (imported without a place) waits for a planner to place it
    if e.status != "cancelled":
        return True
    return (e.cancelled_at or e.updated_at) >= now - CANCELLED_KEPT


def _overrides(session: Session, events: list[Event]) -> dict[str, list[EventOverride]]:
    ids = [e.id for e in events if e.rrule]
    out: dict[str, list[EventOverride]] = {}
    for i in range(0, len(ids), 500):
        stmt = select(EventOverride).where(EventOverride.event_id.in_(ids[i : i + 500]))
        for o in session.scalars(stmt.order_by(EventOverride.event_id, EventOverride.recurrence_id)):
            out.setdefault(o.event_id, []).append(o)
    return out


def _iso(dt: datetime | None) -> str:
    return dt.astimezone(UTC).isoformat() if dt else "-"


def _digest(q: FeedQuery, sel: Selection, base_url: str) -> str:
    h = hashlib.sha256()
    head = [FORMAT, q.key, _iso(q.start), _iso(q.end), q.actor.role, ",".join(q.options), base_url]
    h.update("|".join(head).encode())
    for e in sel.events:
        h.update(f"\n{e.id}|{e.version}|{e.sequence}|{_iso(e.updated_at)}|{e.status}".encode())
        for o in sel.overrides.get(e.id, []):
            h.update(f"|{_iso(o.recurrence_id)}|{_iso(o.starts_at)}|{_iso(o.ends_at)}|{o.status}|{o.title}".encode())
    if sel.zone is not None:
        h.update(f"\nzone|{sel.zone.id}|{sel.zone.version}|{_iso(sel.zone.updated_at)}".encode())
    return f'"{h.hexdigest()[:40]}"'


def _last_change(session: Session, entity_type: str) -> datetime | None:
    value = session.scalar(select(func.max(AuditEntry.at)).where(AuditEntry.entity_type == entity_type))
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def select_feed(session: Session, q: FeedQuery, now: datetime, base_url: str) -> Selection:
    """The feed's events (with overrides), its zone, and its validators."""
    zone = session.get(Zone, q.zone_id) if q.zone_id else None
    f = EventFilter(start=q.start, end=q.end, kinds=q.kinds, municipality=q.municipality, zone_id=q.zone_id)
    events = [e for e in iter_events(session, f, q.actor) if _kept(e, now)]
    sel = Selection(events, _overrides(session, events), zone, "", now)
    sel.etag = _digest(q, sel, base_url)
    midnight = datetime.combine(now.astimezone(COPENHAGEN).date(), time(0), tzinfo=COPENHAGEN)
    stamps = [midnight, _last_change(session, "event")]
    stamps += [e.updated_at for e in events] + [e.cancelled_at for e in events]
    if zone is not None:
        stamps += [zone.updated_at, _last_change(session, "zone")]
    sel.last_modified = max(s.astimezone(UTC) for s in stamps if s is not None).replace(microsecond=0)
    return sel


def audit_marker(session: Session) -> int:
    """The newest audit entry's id: every write through the registry (and the import) moves it."""
    return int(session.scalar(select(func.max(AuditEntry.id))) or 0)


class ValidatorCache:
    """ETag/Last-Modified per feed query, valid while the audit trail has not moved (and at most `ttl`
    seconds, which bounds staleness after a write that bypassed the registry), so a 304 costs one query."""

    def __init__(self, ttl: float = 60.0, size: int = 2048) -> None:
        self.ttl, self.size = ttl, size
        self._items: dict[tuple[object, ...], tuple[int, float, str, datetime]] = {}

    @staticmethod
    def key(q: FeedQuery, now: datetime, base_url: str) -> tuple[object, ...]:
        day = now.astimezone(COPENHAGEN).date()  # the selection depends on the day (window, expiry)
        return (q.key, q.start, q.end, q.actor.role, q.options, base_url, day)

    def get(self, key: tuple[object, ...], marker: int, clock: float) -> tuple[str, datetime] | None:
        hit = self._items.get(key)
        if hit is None or hit[0] != marker or clock - hit[1] > self.ttl:
            return None
        return hit[2], hit[3]

    def put(self, key: tuple[object, ...], marker: int, clock: float, etag: str, last_modified: datetime) -> None:
        if len(self._items) >= self.size:
            self._items.clear()
        self._items[key] = (marker, clock, etag, last_modified)
