"""One index for the full scan and the single-candidate check.

Built from each record's packed row (see EventRecord.index_row): occurrences (recurring events expanded)
as integer UTC seconds sorted by their extended start (setup included), footprints' boxes, officers.
A scan sweeps in time within spatial cells (numpy `searchsorted`), then tests boxes, then the legs of
long routes, then the footprints exactly on prepared shapely geometries; a check finds its candidates
by time and boxes and tests them the same way. Spatially, touching is not overlapping (the interiors
must meet), just as intervals are half-open in time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import shapely

from app.conflicts.lazy import lazy
from app.conflicts.records import (
    ROW_WORDS,
    EventRecord,
    ZoneRecord,
    index_rows,
    inside_lines,
    interior_points,
    route_legs,
)

PAIR_CHUNK = 1_000_000
CELL_M = 3000.0  # the sweep's cells: a few times the typical venue, so most events sit in one to four
PACKED_SORT_BITS = 62  # sweep keys and entry numbers packed in one int64 must stay below this bit
TIME_BITS = 27  # seconds within a window (at most 731 days < 2**26) below the cell number in a sweep key
FEW = 8
LEGS_CHUNK = 32_768  # rows per pass of the route-legs filter
LEGS_AFTER = 64  # candidate pairs from which the route-legs filter pays (below, a few exact tests cost less)


class ConflictIndex:
    """Events (cancelled ones dropped: they raise nothing) and zones, ready for sweeping and querying."""

    def __init__(self, events: Sequence[EventRecord], zones: Sequence[ZoneRecord] = ()) -> None:
        self.events = list(events)
        self.zones = list(zones)
        self._build_events()
        self._build_zones()

    @lazy
    def position(self) -> dict[str, int]:
        """Event id → position in self.events (for a check to skip the candidate's stored self)."""
        return {e.id: i for i, e in enumerate(self.events)}

    def _build_events(self) -> None:
        # One read per held record: its packed index row (cached on the record). Footprints are fetched
        # only for the events an exact test needs (footprints_of).
        rows = index_rows(self.events)
        head, table, owner = _unpack(rows, self.events)
        if head[:, 0].any():  # cancelled events raise nothing: drop them
            keep = np.flatnonzero(head[:, 0] == 0).tolist()
            self.events = [self.events[i] for i in keep]
            head, table, owner = _unpack([rows[i] for i in keep], self.events)
        self._columns: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.bounds = np.ascontiguousarray(head[:, 4:8]).view(np.float64)
        self.minx, self.miny, self.maxx, self.maxy = (np.ascontiguousarray(self.bounds[:, k]) for k in range(4))
        self.is_route = head[:, 1] != 0
        self.officers = head[:, 2].copy()
        order = _sort_order(table[:, 2] - (int(table[:, 2].min()) if len(table) else 0))
        self.owner = owner[order]
        ordered = table[order]
        self.start, self.end = ordered[:, 0].copy(), ordered[:, 1].copy()
        self.xstart, self.xend = ordered[:, 2].copy(), ordered[:, 3].copy()
        self.max_xlen = int((self.xend - self.xstart).max()) if len(order) else 0

    def legs_meet(self, e: np.ndarray, box: np.ndarray) -> np.ndarray:
        """Mask over events `e` (with other boxes `box`, shape (k, 4)): False only when `e` is a route none
        of whose legs' boxes grown by its buffer meets the other box. A route's footprint (the buffer of its
        line) lies in the union of those boxes (see records.route_legs), so the footprints cannot meet —
        long winding routes have huge bounding boxes, and this finer filter spares most of their exact
        tests. Each route's legs come packed from its record (built once per record)."""
        if len(e) > LEGS_CHUNK:  # bounded memory: a leg per row of several (k, 4) arrays
            return np.concatenate([self.legs_meet(e[i:i + LEGS_CHUNK], box[i:i + LEGS_CHUNK])
                                   for i in range(0, len(e), LEGS_CHUNK)])
        out = np.ones(len(e), dtype=bool)
        r = np.flatnonzero(self.is_route[e])
        if not len(r):
            return out
        packed = self._column("legs", e[r]).tolist()
        words = np.fromiter(map(len, packed), dtype=np.int64, count=len(packed)) // 8
        legs = (words - 1) // 4
        blob = np.frombuffer(b"".join(packed), dtype=np.float64)
        first = np.cumsum(words) - words
        rep = np.repeat(np.arange(len(r)), legs)
        k = np.arange(len(rep), dtype=np.int64) - np.repeat(np.cumsum(legs) - legs, legs)
        seg = (np.repeat(first + 1, legs) + 4 * k)[:, None] + np.arange(4)
        sb, ob = blob[seg], box[r][rep]
        meet = (sb[:, 0] <= ob[:, 2]) & (ob[:, 0] <= sb[:, 2]) & (sb[:, 1] <= ob[:, 3]) & (ob[:, 1] <= sb[:, 3])
        out[r] = (np.bincount(rep, weights=meet, minlength=len(r)) > 0) | (legs == 0)  # no legs: no filter
        return out

    def _build_zones(self) -> None:
        self.zone_footprints = np.array([z.footprint for z in self.zones] or [], dtype=object)
        shapely.prepare(self.zone_footprints)
        self.zone_bounds = shapely.bounds(self.zone_footprints).reshape(-1, 4)

    def __len__(self) -> int:
        return len(self.events)

    # -- time ---------------------------------------------------------------------------------------

    def occurrences_in(self, lo: int, hi: int) -> np.ndarray:
        """Positions (in sweep order) of occurrences whose extended window overlaps [lo, hi)."""
        first = int(np.searchsorted(self.xstart, lo - self.max_xlen, side="right"))
        last = int(np.searchsorted(self.xstart, hi, side="left"))
        return first + np.flatnonzero(self.xend[first:last] > lo)

    def pairs_near(self, positions: np.ndarray, lo: int, hi: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Chunks of occurrence pairs (a, b), each pair once, whose extended windows overlap within [lo, hi)
        and whose footprints' boxes meet (and, for long routes, a leg's box).

        A sweep in time within square cells of CELL_M metres: each occurrence is entered in every cell its
        box covers, keyed (cell, start clipped to the window); one `searchsorted` gives each entry its
        partners (same cell, starting before it ends). A pair sharing several cells is kept only in the cell
        holding the lower-left corner of the boxes' intersection, which both boxes cover."""
        owner = self.owner[positions]
        x0 = np.floor(self.minx[owner] / CELL_M).astype(np.int64)
        y0 = np.floor(self.miny[owner] / CELL_M).astype(np.int64)
        nx = np.floor(self.maxx[owner] / CELL_M).astype(np.int64) - x0 + 1
        ny = np.floor(self.maxy[owner] / CELL_M).astype(np.int64) - y0 + 1
        c = nx * ny
        row = np.repeat(np.arange(len(positions), dtype=np.int64), c)
        k = np.arange(int(c.sum()), dtype=np.int64) - np.repeat(np.cumsum(c) - c, c)
        if not len(k):
            return
        cx, cy = x0[row] + k % nx[row], y0[row] + k // nx[row]
        cx0, cy0 = int(cx.min()), int(cy.min())
        span = int(cy.max()) - cy0 + 1
        cell = (cx - cx0) * span + (cy - cy0)
        xs = np.clip(self.xstart[positions], lo, hi) - lo
        xe = np.clip(self.xend[positions], lo, hi) - lo
        key = (cell << TIME_BITS) | xs[row]
        order = _sort_order(key)
        key, row, cell = key[order], row[order], cell[order]
        ends = np.searchsorted(key, (cell << TIME_BITS) | xe[row], side="left")
        counts = np.maximum(ends - np.arange(len(key)) - 1, 0)
        csum = np.cumsum(counts)
        i = 0
        while i < len(key):
            base = csum[i - 1] if i else 0
            j = max(int(np.searchsorted(csum, base + PAIR_CHUNK, side="right")), i + 1)
            ia, ib = _expand(counts, i, j)
            ra, rb = row[ia], row[ib]
            oa, ob = owner[ra], owner[rb]
            near = np.flatnonzero((self.minx[oa] <= self.maxx[ob]) & (self.minx[ob] <= self.maxx[oa]) &
                                  (self.miny[oa] <= self.maxy[ob]) & (self.miny[ob] <= self.maxy[oa]))
            ia, ra, rb, oa, ob = ia[near], ra[near], rb[near], oa[near], ob[near]
            rx = np.floor(np.maximum(self.minx[oa], self.minx[ob]) / CELL_M).astype(np.int64)
            ry = np.floor(np.maximum(self.miny[oa], self.miny[ob]) / CELL_M).astype(np.int64)
            once = np.flatnonzero((rx - cx0) * span + (ry - cy0) == cell[ia])
            ra, rb, oa, ob = ra[once], rb[once], oa[once], ob[once]
            if len(oa) >= LEGS_AFTER:  # below, a few more exact tests cost less than the filter
                legs = self.legs_meet(oa, self.bounds[ob]) & self.legs_meet(ob, self.bounds[oa])
                ra, rb = ra[legs], rb[legs]
            yield positions[ra], positions[rb]
            i = j

    # -- space --------------------------------------------------------------------------------------

    def footprints_of(self, e: np.ndarray) -> np.ndarray:
        """The (prepared) footprints of events `e`, fetched from their records on first need."""
        return self._column("footprint", e)

    def _column(self, name: str, e: np.ndarray) -> np.ndarray:
        """A per-event column filled from the records on first need: an exact test touches a fraction of
        the events, and each read of a scattered record object costs a cache miss."""
        column = self._columns.get(name)
        if column is None:
            column = self._columns[name] = (np.full(len(self.events), None, dtype=object),
                                            np.zeros(len(self.events), dtype=bool))
        held, filled = column
        need = np.unique(e[~filled[e]])
        if len(need):
            records = [self.events[i] for i in need.tolist()]
            if name == "footprint":
                fetched = np.fromiter([r.footprint for r in records], dtype=object, count=len(records))
                shapely.prepare(fetched)
            elif name == "interior_point":
                fetched = interior_points(records)
            elif name == "legs":  # routes only (see legs_meet)
                fetched = np.fromiter(route_legs(records), dtype=object, count=len(records))
            else:  # "line": routes' lines inside their footprints (None for the rest)
                fetched = np.full(len(records), None, dtype=object)
                routes = np.flatnonzero(self.is_route[need])
                fetched[routes] = inside_lines([records[i] for i in routes.tolist()])
            held[need], filled[need] = fetched, True
        return held[e]

    def interiors_meet(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Mask of event pairs (a[k], b[k]) whose footprints' interiors meet: they intersect (the exact test,
        on prepared geometries) and do not merely touch (see _not_touching)."""
        fa, fb = np.split(self.footprints_of(np.concatenate([a, b])), [len(a)])
        hit = shapely.intersects(fa, fb)
        h = np.flatnonzero(hit)
        if len(h):
            pa, pb = np.split(self._column("interior_point", np.concatenate([a[h], b[h]])), [len(h)])
            hit[h] = self._not_touching(fa[h], a[h], pa, fb[h], b[h], pb)
        return hit

    def _not_touching(self, fa: np.ndarray | shapely.Geometry, a: np.ndarray | None,
                      pa: np.ndarray | shapely.Geometry | None, fb: np.ndarray, b: np.ndarray,
                      pb: np.ndarray) -> np.ndarray:
        """For footprints known to intersect — side A events `a` (or one plain geometry `fa`, with a = None),
        side B events `b`; `pa`, `pb` points inside their interiors (empty or None where there is none) —
        whether the interiors meet. Touching is rare but costly to rule out, so cheap proofs come first and
        `touches` runs only for pairs none of them settles:
        - a point inside B's interior lies in A (closed): a ball around it inside B meets A's interior;
        - a route's line lies inside its footprint's interior (buffer > 0): if it meets the other footprint
          at all, even only its boundary, the interiors meet."""
        sure = shapely.intersects(fa, pb) | shapely.intersects(fb, pa)
        for route, other in ((a, fb), (b, fa)):
            if route is None:
                continue
            k = np.flatnonzero(~sure & self.is_route[route])
            if len(k):
                lines = self._column("line", route[k])
                present = ~shapely.is_missing(lines)
                sure[k[present]] = shapely.intersects(_at(other, k[present]), lines[present])
        rest = np.flatnonzero(~sure)
        if len(rest):
            sure[rest] = ~shapely.touches(_at(fa, rest), fb[rest])
        return sure

    def boxes_meet(self, e: np.ndarray, bounds: tuple[float, float, float, float]) -> np.ndarray:
        """Mask over event positions `e` whose footprints' bounding boxes meet `bounds`."""
        minx, miny, maxx, maxy = bounds
        return (self.minx[e] <= maxx) & (minx <= self.maxx[e]) & (self.miny[e] <= maxy) & (miny <= self.maxy[e])

    def events_meeting(self, geom: shapely.Geometry, among: np.ndarray | None = None) -> np.ndarray:
        """Event positions (from `among`, default all) whose footprints' interiors meet `geom` (metric)."""
        among = np.arange(len(self.events)) if among is None else among
        among = among[self.boxes_meet(among, geom.bounds)]
        among = among[self.legs_meet(among, np.broadcast_to(np.array(geom.bounds), (len(among), 4)))]
        if len(among) <= FEW:
            return among[_meets(geom, self.footprints_of(among))]
        shapely.prepare(geom)
        footprints = self.footprints_of(among)
        hit = shapely.intersects(geom, footprints)
        h = np.flatnonzero(hit)
        if len(h):
            inner = shapely.point_on_surface(geom) if shapely.area(geom) > 0 else None
            near = among[h]
            hit[h] = self._not_touching(geom, None, inner, footprints[h], near,
                                        self._column("interior_point", near))
        return among[hit]

    def zones_meeting(self, geom: shapely.Geometry) -> np.ndarray:
        """Zone positions whose area's interior meets `geom` (metric)."""
        if not len(self.zones):
            return np.zeros(0, dtype=np.int64)
        minx, miny, maxx, maxy = geom.bounds
        b = self.zone_bounds
        among = np.flatnonzero((b[:, 0] <= maxx) & (minx <= b[:, 2]) & (b[:, 1] <= maxy) & (miny <= b[:, 3]))
        return among[_meets(geom, self.zone_footprints[among])]


def _meets(geom: shapely.Geometry, others: np.ndarray) -> np.ndarray:
    if not len(others):
        return np.zeros(0, dtype=bool)
    if len(others) > FEW:
        shapely.prepare(geom)
    return _meet(geom, others)


def _meet(a: shapely.Geometry | np.ndarray, b: np.ndarray) -> np.ndarray:
    """Interiors meet: intersects, and not merely touching (both sides as given, prepared or not)."""
    hit = shapely.intersects(a, b)
    idx = np.flatnonzero(hit)
    if len(idx):
        hit[idx] = ~shapely.touches(_at(a, idx), b[idx])
    return hit


def _at(x: np.ndarray | shapely.Geometry, idx: np.ndarray) -> np.ndarray | shapely.Geometry:
    """x[idx], or x itself when it is one geometry standing for every row."""
    return x if isinstance(x, shapely.Geometry) else x[idx]


def _sort_order(values: np.ndarray) -> np.ndarray:
    """argsort of non-negative int64 values: by one plain sort of value and position packed in an int64
    where they fit (several times faster than argsort), else argsort."""
    bits = max(len(values).bit_length(), 1)
    if len(values) and bits < PACKED_SORT_BITS and int(values.max()) < 1 << (PACKED_SORT_BITS - bits):
        return np.sort((values << bits) | np.arange(len(values), dtype=np.int64)) & ((1 << bits) - 1)
    return np.argsort(values)


def _unpack(rows: list[bytes], events: Sequence[EventRecord]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Packed index rows (EventRecord.index_row) → per-record head (cancelled, route, officers, count, then
    the bounds' float64 bits), the occurrence table (start, end, extended start, extended end) and each
    occurrence's record. Occurrences after the first (recurring events) come from the records' `spans`."""
    n = len(rows)
    blob = b"".join(rows)
    assert len(blob) == 8 * ROW_WORDS * n  # every row has the same size
    table = np.frombuffer(blob, dtype=np.int64).reshape(n, ROW_WORDS)
    head, first = table[:, :ROW_WORDS - 4], table[:, ROW_WORDS - 4:]
    counts = head[:, 3]
    if (counts == 1).all():  # one occurrence each (no recurring events): the plain table
        return head, first, np.arange(n, dtype=np.int64)
    some = np.flatnonzero(counts > 0)
    more = np.flatnonzero(counts > 1)
    extra = [span for i in more.tolist() for span in events[i].spans[1:]]
    return head, np.concatenate([first[some], np.array(extra, dtype=np.int64).reshape(-1, 4)]), \
        np.concatenate([some, np.repeat(more, counts[more] - 1)])


def _expand(counts: np.ndarray, i: int, j: int) -> tuple[np.ndarray, np.ndarray]:
    """For sweep rows i..j-1, every partner row k with row < k <= row + counts[row]."""
    c = counts[i:j]
    total = int(c.sum())
    rows = np.repeat(np.arange(i, j, dtype=np.int64), c)
    offsets = np.arange(1, total + 1, dtype=np.int64) - np.repeat(np.cumsum(c) - c, c)
    return rows, rows + offsets
