"""scan(): every conflict in a window; check(): one candidate against the index (same index, same rules)."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta

import numpy as np

from app.conflicts.errors import ConflictInputError
from app.conflicts.index import ConflictIndex
from app.conflicts.model import RULES, Conflict, at
from app.conflicts.records import EventRecord, Span, ZoneRecord
from app.conflicts.rules import (
    HOUR,
    PAIR_CODES,
    capacity_conflict,
    hour_loads,
    over_runs,
    pair_conflict,
    pair_conflicts,
    zone_conflict,
)
from calendars.hours import active_intervals

MAX_WINDOW = timedelta(days=731)
PAIR_RULES = ("event_overlap", "setup_overlap", "route_crossing")


def check_window(window: tuple[datetime, datetime] | None) -> tuple[int, int]:
    """Integer UTC seconds of a bounded, ordered, aware window no longer than MAX_WINDOW."""
    if window is None or window[0] is None or window[1] is None:
        raise ConflictInputError("a window needs both from and to (at most 731 days apart)", "from")
    start, end = window
    for value, where in ((start, "from"), (end, "to")):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ConflictInputError("naive datetime: a time zone offset is required", where)
    if end.timestamp() <= start.timestamp():
        raise ConflictInputError("to must be after from", "to")
    if end.timestamp() - start.timestamp() > MAX_WINDOW.total_seconds():
        raise ConflictInputError(f"the window is capped at {MAX_WINDOW.days} days; ask for a shorter one", "to")
    return int(start.timestamp()), int(end.timestamp())


def check_rules(rules: Iterable[str] | None) -> frozenset[str]:
    if rules is None:
        return frozenset(RULES)
    chosen = frozenset(rules)
    unknown = sorted(chosen - set(RULES))
    if unknown:
        raise ConflictInputError(f"unknown rule {unknown[0]!r}; expected one of {', '.join(RULES)}", "rule")
    return chosen


def _as_index(source: ConflictIndex | Sequence[EventRecord], zones: Sequence[ZoneRecord]) -> ConflictIndex:
    return source if isinstance(source, ConflictIndex) else ConflictIndex(source, zones)


def scan(source: ConflictIndex | Sequence[EventRecord], window: tuple[datetime, datetime], *,
         zones: Sequence[ZoneRecord] = (), capacity: int | None = None,
         rules: Iterable[str] | None = None) -> list[Conflict]:
    """Every conflict whose window overlaps `window` (capacity runs are clipped to it)."""
    lo, hi = check_window(window)
    chosen = check_rules(rules)
    with no_gc():
        return _scan(_as_index(source, zones), lo, hi, chosen, capacity)


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic collector off while tens of thousands of acyclic result objects are built (each of its
    passes would walk the whole held calendar); reference counting still frees everything."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _scan(index: ConflictIndex, lo: int, hi: int, chosen: frozenset[str], capacity: int | None) -> list[Conflict]:
    out: list[Conflict] = []
    positions = index.occurrences_in(lo, hi)
    if chosen & set(PAIR_RULES):
        out += _scan_pairs(index, positions, lo, hi, chosen)
    if "zone_active" in chosen:
        out += _scan_zones(index, positions, lo, hi)
    if "capacity" in chosen and capacity is not None:
        out += _capacity(index, positions, lo // HOUR, -(-hi // HOUR), capacity)
    return sorted(out, key=_order)


def _order(c: Conflict) -> tuple:
    return c.spans[0][0], c.rule, c.anchors


def _span(index: ConflictIndex, pos: int) -> Span:
    return (int(index.start[pos]), int(index.end[pos]), int(index.xstart[pos]), int(index.xend[pos]))


def _scan_pairs(index: ConflictIndex, positions: np.ndarray, lo: int, hi: int,
                chosen: frozenset[str]) -> list[Conflict]:
    """Sweep (cells, time) → boxes → rule and window (numpy) → exact shapely test → Conflict objects; pairs whose
    rule is not asked for, or whose clash lies outside [lo, hi), are dropped before the exact test."""
    wanted = np.array([rule in chosen for rule in PAIR_CODES])
    out: list[Conflict] = []
    for a, b in index.pairs_near(positions, lo, hi):
        code, ws, we = pair_codes(index, a, b)
        keep = np.flatnonzero((code >= 0) & wanted[code] & (ws < hi) & (we > lo) &
                              (index.owner[a] != index.owner[b]))
        a, b, code, ws, we = a[keep], b[keep], code[keep], ws[keep], we[keep]
        hit = np.flatnonzero(index.interiors_meet(index.owner[a], index.owner[b]))
        out += pair_conflicts_bulk(index, a[hit], b[hit], code[hit], ws[hit], we[hit])
    return out


def pair_codes(index: ConflictIndex, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For occurrence positions a[k], b[k]: the pair rule's code as rules.pair_code chooses it (-1: the
    windows do not overlap at all) and its window in UTC seconds."""
    start, end = np.maximum(index.start[a], index.start[b]), np.minimum(index.end[a], index.end[b])
    xs, xe = np.maximum(index.xstart[a], index.xstart[b]), np.minimum(index.xend[a], index.xend[b])
    main = start < end
    route = index.is_route[index.owner[a]] & index.is_route[index.owner[b]]
    code = np.where(main, np.where(route, 1, 2), np.where(xs < xe, 0, -1))
    return code, np.where(main, start, xs), np.where(main, end, xe)


def pair_conflicts_bulk(index: ConflictIndex, a: np.ndarray, b: np.ndarray, code: np.ndarray, ws: np.ndarray,
                        we: np.ndarray) -> list[Conflict]:
    """One light Conflict per occurrence pair (positions a[k], b[k]) whose footprints meet, with the rule
    code and window already chosen in numpy (its texts and measure are built when asked for)."""
    events = index.events
    cols = (index.owner[a], index.start[a], index.owner[b], index.start[b], code, ws, we)
    return [pair_conflict(k, events[ia], sa, events[ib], sb, s, e)
            for ia, sa, ib, sb, k, s, e in zip(*(c.tolist() for c in cols), strict=True)]


def _scan_zones(index: ConflictIndex, positions: np.ndarray, lo: int, hi: int) -> list[Conflict]:
    out: list[Conflict] = []
    owner = index.owner[positions]
    events = index.events
    for zone in index.zones:
        meeting = index.events_meeting(zone.footprint)
        if not len(meeting):
            continue
        chosen = np.zeros(len(events), dtype=bool)
        chosen[meeting] = True
        hits = positions[chosen[owner]]
        if not len(hits):
            continue
        start, end = index.start[hits], index.end[hits]
        zs, ze = zone.active_pieces(int(start.min()), int(end.max()))
        if not len(zs):
            continue
        first = np.searchsorted(ze, start, side="right")
        last = np.searchsorted(zs, end, side="left")
        some = np.flatnonzero(last > first)
        # The conflict's pieces run from the first to the last one overlapping the occurrence: keep those
        # whose clash touches [lo, hi).
        some = some[(np.maximum(zs[first[some]], start[some]) < hi) & (np.minimum(ze[last[some] - 1], end[some]) > lo)]
        zs_l, ze_l = zs.tolist(), ze.tolist()
        for pos, f, t, s, e in zip(hits[some].tolist(), first[some].tolist(), last[some].tolist(),
                                   start[some].tolist(), end[some].tolist(), strict=True):
            ev = events[index.owner[pos]]
            if ev.id == zone.event_id:
                continue
            # Sorted, disjoint pieces f..t-1 all overlap the occurrence: clip the first and the last.
            pieces = list(zip(zs_l[f:t], ze_l[f:t], strict=True))
            pieces[0] = (max(pieces[0][0], s), pieces[0][1])
            pieces[-1] = (pieces[-1][0], min(pieces[-1][1], e))
            out.append(zone_conflict(ev, s, zone, pieces))
    return out


def _capacity(index: ConflictIndex, positions: np.ndarray, h0: int, h1: int, capacity: int,
              extra: Sequence[tuple[EventRecord, Span]] = ()) -> list[Conflict]:
    """Over-capacity runs within hours [h0, h1), counting index occurrences at `positions` plus `extra`."""
    positions = positions[index.officers[index.owner[positions]] > 0]
    extra = [(e, s) for e, s in extra if e.officers_required > 0]
    starts = np.concatenate([index.start[positions], [s[0] for _, s in extra]]).astype(np.int64)
    ends = np.concatenate([index.end[positions], [s[1] for _, s in extra]]).astype(np.int64)
    officers = np.concatenate([index.officers[index.owner[positions]],
                               [e.officers_required for e, _ in extra]]).astype(np.int64)
    loads = hour_loads(starts, ends, officers, h0, h1)
    out = []
    events = index.events
    for i, j in over_runs(loads, capacity):
        rs, re_ = (h0 + i) * HOUR, (h0 + j) * HOUR
        inside = np.flatnonzero((starts < re_) & (ends > rs))
        p = positions[inside[inside < len(positions)]]
        members = [(events[o], (s, e, xs, xe)) for o, s, e, xs, xe in zip(
            index.owner[p].tolist(), index.start[p].tolist(), index.end[p].tolist(), index.xstart[p].tolist(),
            index.xend[p].tolist(), strict=True)]
        members += [extra[k - len(positions)] for k in inside[inside >= len(positions)].tolist()]
        out.append(capacity_conflict(h0 + i, h0 + j, loads[i:j], capacity, members))
    return out


def capacity_hours(source: ConflictIndex | Sequence[EventRecord], window: tuple[datetime, datetime],
                   capacity: int) -> list[dict]:
    """The hourly officer load in a window, for GET /capacity: start, end, officers, event ids."""
    lo, hi = check_window(window)
    index = _as_index(source, ())
    h0, h1 = lo // HOUR, -(-hi // HOUR)
    positions = index.occurrences_in(h0 * HOUR, h1 * HOUR)
    positions = positions[index.officers[index.owner[positions]] > 0]
    starts, ends = index.start[positions], index.end[positions]
    loads = hour_loads(starts, ends, index.officers[index.owner[positions]], h0, h1)
    hours = []
    for k in range(h1 - h0):
        s, e = (h0 + k) * HOUR, (h0 + k + 1) * HOUR
        ids = sorted({index.events[int(index.owner[p])].id
                      for p, ps, pe in zip(positions.tolist(), starts, ends, strict=True) if ps < e and pe > s})
        hours.append({"start": at(s), "end": at(e), "officers": int(loads[k]), "events": ids,
                      "over": bool(loads[k] > capacity)})
    return hours


def check(candidate: EventRecord, index: ConflictIndex, *, capacity: int | None = None,
          rules: Iterable[str] | None = None) -> list[Conflict]:
    """The conflicts `candidate` would have (it may be stored already: its stored self is ignored)."""
    chosen = check_rules(rules)
    if candidate.cancelled:
        return []
    with no_gc():
        return _check(candidate, index, capacity, chosen)


def _check(candidate: EventRecord, index: ConflictIndex, capacity: int | None,
           chosen: frozenset[str]) -> list[Conflict]:
    out: list[Conflict] = []
    spans = candidate.spans
    footprint = candidate.footprint
    assert footprint is not None  # EventRecord builds it when absent
    skip = index.position.get(candidate.id, -1)
    if chosen & set(PAIR_RULES):
        pairs = []
        for span in spans:
            pos = index.occurrences_in(span[2], span[3])
            pos = pos[index.boxes_meet(index.owner[pos], footprint.bounds)]
            pos = pos[index.owner[pos] != skip]
            if not len(pos):
                continue
            owners = index.events_meeting(candidate.footprint, np.unique(index.owner[pos]))
            for p in pos[np.isin(index.owner[pos], owners)].tolist():
                pairs.append((candidate, span, index.events[int(index.owner[p])], _span(index, p)))
        out += [c for c in pair_conflicts(pairs) if c.rule in chosen]
    if "zone_active" in chosen:
        out += _check_zones(candidate, index)
    if "capacity" in chosen and capacity is not None and candidate.officers_required > 0:
        out += _check_capacity(candidate, index, capacity, skip)
    return sorted(out, key=_order)


def _check_zones(candidate: EventRecord, index: ConflictIndex) -> list[Conflict]:
    out = []
    for zi in index.zones_meeting(candidate.footprint).tolist():
        zone = index.zones[zi]
        if zone.event_id == candidate.id:
            continue
        for span in candidate.spans:
            pieces = active_intervals(zone.hours, at(span[0]), at(span[1]), zone.valid_from, zone.valid_until,
                                      zone.tz)
            if pieces:
                secs = [(int(s.timestamp()), int(e.timestamp())) for s, e in pieces]
                out.append(zone_conflict(candidate, span[0], zone, secs))
    return out


def _check_capacity(candidate: EventRecord, index: ConflictIndex, capacity: int, skip: int) -> list[Conflict]:
    """Runs the candidate takes part in; each run is grown until it ends (loads computed around it)."""
    out = []
    for span in candidate.spans:
        h0, h1 = span[0] // HOUR, -(-span[1] // HOUR)
        while True:
            pos = index.occurrences_in(h0 * HOUR, h1 * HOUR)
            pos = pos[index.owner[pos] != skip]
            # All of the candidate's occurrences count (a series' occurrences may overlap each other).
            found = _capacity(index, pos, h0, h1, capacity, [(candidate, s) for s in candidate.spans])
            runs = [c for c in found if candidate.id in c.event_ids and _member(c, candidate, span)]
            edge = [c for c in runs if c.window_s[0] == h0 * HOUR or c.window_s[1] == h1 * HOUR]
            if not edge:
                break
            h0, h1 = h0 - 24, h1 + 24
        out += runs
    return _dedupe(out)


def _member(c: Conflict, candidate: EventRecord, span: Span) -> bool:
    start, end = c.window_s
    return start < span[1] and end > span[0]


def _dedupe(conflicts: list[Conflict]) -> list[Conflict]:
    seen: dict[str, Conflict] = {}
    for c in conflicts:
        seen.setdefault(c.key, c)
    return list(seen.values())
