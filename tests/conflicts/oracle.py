"""A brute-force oracle for the conflict rules: every pair, every occurrence, every hour; no index, no
numpy, no caching. Written from ARCHITECTURE.md's rule table, independently of app/conflicts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from shapely.geometry.base import BaseGeometry

from app.conflicts.records import EventRecord, ZoneRecord
from calendars.hours import active_intervals
from calendars.intervals import overlap
from calendars.recurrence import occurrences
from geo.footprint import footprint_metric

Identity = tuple[str, tuple[str, ...], tuple[tuple[datetime, datetime], ...]]


def meets(a: BaseGeometry, b: BaseGeometry) -> bool:
    return a.intersects(b) and not a.touches(b)


def occs(e: EventRecord) -> list[tuple[tuple[datetime, datetime], tuple[datetime, datetime]]]:
    """(main, extended) windows of every occurrence; build-up precedes the first, tear-down follows the last."""
    main = occurrences(e.starts_at, e.ends_at, e.rrule, e.exdates, ZoneInfo(e.timezone))
    out = []
    for i, (s, t) in enumerate(main):
        xs = min(s, e.setup_starts_at) if e.setup_starts_at and i == 0 else s
        xe = max(t, e.teardown_ends_at) if e.teardown_ends_at and i == len(main) - 1 else t
        out.append(((s, t), (xs, xe)))
    return out


def oracle(events: list[EventRecord], zones: list[ZoneRecord], window: tuple[datetime, datetime],
           capacity: int | None) -> list[Identity]:
    live = [e for e in events if e.status != "cancelled"]
    fp = {e.id: footprint_metric(e.geometry, e.buffer_m) for e in live}
    out: list[Identity] = []
    for i, a in enumerate(live):
        for b in live[i + 1:]:
            if not meets(fp[a.id], fp[b.id]):
                continue
            for ma, xa in occs(a):
                for mb, xb in occs(b):
                    main = overlap(ma, mb)
                    if main:
                        routes = a.geometry.geom_type == b.geometry.geom_type == "LineString"
                        out.append(("route_crossing" if routes else "event_overlap", tuple(sorted((a.id, b.id))),
                                    (main,)))
                    elif ext := overlap(xa, xb):
                        out.append(("setup_overlap", tuple(sorted((a.id, b.id))), (ext,)))
    for e in live:
        for z in zones:
            if z.event_id == e.id or not meets(fp[e.id], footprint_metric(z.geometry, 0)):
                continue
            for (s, t), _ in occs(e):
                pieces = active_intervals(z.hours, s, t, z.valid_from, z.valid_until, ZoneInfo(z.timezone))
                if pieces:
                    out.append(("zone_active", tuple(sorted((e.id, z.id))), tuple(pieces)))
    out = [c for c in out if c[2][0][0] < window[1] and c[2][-1][1] > window[0]]
    if capacity is not None:
        out += capacity_oracle(live, window, capacity)
    return sorted(out, key=repr)


def capacity_oracle(live: list[EventRecord], window: tuple[datetime, datetime], capacity: int) -> list[Identity]:
    start = window[0].astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    hours, out, run = [], [], None
    while start < window[1]:
        hours.append(start)
        start += timedelta(hours=1)
    loaded = [(e, m) for e in live if e.officers_required > 0 for m, _ in occs(e)]
    for h in [*hours, None]:
        load, who = 0, set()
        if h is not None:
            for e, m in loaded:
                if overlap(m, (h, h + timedelta(hours=1))):
                    load += e.officers_required
                    who.add(e.id)
        if h is not None and load > capacity:
            run = (run[0], h + timedelta(hours=1), run[2] | who) if run else (h, h + timedelta(hours=1), who)
        elif run:
            out.append(("capacity", tuple(sorted(run[2])), ((run[0], run[1]),)))
            run = None
    return out


def identities(conflicts: list) -> list[Identity]:
    return sorted(((c.rule, tuple(sorted(p.id for p in c.parties)), tuple(c.windows)) for c in conflicts), key=repr)
