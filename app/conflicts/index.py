"""One index for the full scan and the single-candidate check.

Occurrences (recurring events expanded) are held as integer UTC seconds sorted by their extended start
(setup included). Time first: a sweep with numpy `searchsorted` yields the time-overlapping pairs; then
the footprints' bounding boxes; then the exact test on prepared shapely geometries. Spatially, touching
is not overlapping (the interiors must meet), just as intervals are half-open in time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain

import numpy as np
import shapely

from app.conflicts.records import EventRecord, ZoneRecord
from geo.crs import to_metric
from geo.footprint import DEFAULT_BUFFER_M

PAIR_CHUNK = 1_000_000
FEW = 8
LEGS_AFTER = 8192  # exact tests in one go from which building and using the route-legs filter pays off
ROUTE_BUFFER_M = DEFAULT_BUFFER_M["LineString"]
ROUTE_TYPE_IDS = (1, 5)  # LineString, MultiLineString


class ConflictIndex:
    """Events (cancelled ones dropped: they raise nothing) and zones, ready for sweeping and querying."""

    def __init__(self, events: Sequence[EventRecord], zones: Sequence[ZoneRecord] = ()) -> None:
        self.events = [e for e in events if not e.cancelled]
        self.zones = list(zones)
        self.position = {e.id: i for i, e in enumerate(self.events)}
        self._build_events()
        self._build_zones()

    def _build_events(self) -> None:
        events = self.events
        self.footprints = np.empty(len(events), dtype=object)
        self.footprints[:] = [e.footprint for e in events]
        shapely.prepare(self.footprints)
        self.bounds = shapely.bounds(self.footprints).reshape(-1, 4)
        self.minx, self.miny, self.maxx, self.maxy = (np.ascontiguousarray(self.bounds[:, k]) for k in range(4))
        geoms = np.empty(len(events), dtype=object)
        geoms[:] = [e.geometry for e in events]
        self.is_route = np.isin(shapely.get_type_id(geoms), ROUTE_TYPE_IDS)
        self._geoms = geoms
        self.seg_count: np.ndarray | None = None  # route legs: built on first need (see legs_meet)
        self.officers = np.fromiter((e.officers_required for e in events), dtype=np.int64, count=len(events))
        counts = np.fromiter((len(e.spans) for e in events), dtype=np.int64, count=len(events))
        flat = chain.from_iterable(chain.from_iterable(e.spans for e in events))
        table = np.fromiter(flat, dtype=np.int64, count=4 * int(counts.sum())).reshape(-1, 4)
        owner = np.repeat(np.arange(len(events), dtype=np.int64), counts)
        order = np.argsort(table[:, 2], kind="stable")
        self.owner = owner[order]
        self.start, self.end = table[order, 0], table[order, 1]
        self.xstart, self.xend = table[order, 2], table[order, 3]
        self.max_xlen = int((self.xend - self.xstart).max()) if len(order) else 0

    def _build_segments(self, geoms: np.ndarray, events: Sequence[EventRecord]) -> None:
        """Boxes of each route's legs grown by its buffer: a route's footprint (the buffer of its line) lies in
        their union, so a box meeting none of them cannot meet the footprint — long winding routes have huge
        bounding boxes, and this finer filter spares most of their exact tests."""
        n = len(events)
        self.seg_first = np.zeros(n, dtype=np.int64)
        self.seg_count = np.zeros(n, dtype=np.int64)
        self.seg_box = np.zeros((4, 0))
        routes = np.flatnonzero(self.is_route)
        if not len(routes):
            return
        lines = to_metric(geoms[routes])
        r = np.array([events[i].buffer_m for i in routes.tolist()], dtype=float)  # None → nan
        r = np.where(np.isnan(r), np.where(shapely.get_type_id(geoms[routes]) == 1, ROUTE_BUFFER_M, 0.0), r)
        r = r * (1 + 1e-9) + 1e-6
        lb = shapely.bounds(lines).reshape(-1, 4)
        fb = self.bounds[routes]
        # Only where the footprint is that buffer (as records build it): else no finer filter for the route.
        ok = (fb[:, 0] >= lb[:, 0] - r) & (fb[:, 1] >= lb[:, 1] - r) & (fb[:, 2] <= lb[:, 2] + r) & \
             (fb[:, 3] <= lb[:, 3] + r)
        xy, which = shapely.get_coordinates(lines, return_index=True)
        leg = np.flatnonzero((which[1:] == which[:-1]) & ok[which[:-1]])
        w = which[leg]
        x0, x1, y0, y1 = xy[leg, 0], xy[leg + 1, 0], xy[leg, 1], xy[leg + 1, 1]
        self.seg_box = np.stack([np.minimum(x0, x1) - r[w], np.minimum(y0, y1) - r[w],
                                 np.maximum(x0, x1) + r[w], np.maximum(y0, y1) + r[w]])
        owner = routes[w]
        self.seg_count = np.bincount(owner, minlength=n).astype(np.int64)
        self.seg_first = np.cumsum(self.seg_count) - self.seg_count

    def legs_meet(self, e: np.ndarray, box: np.ndarray) -> np.ndarray:
        """Mask over events `e` (with other boxes `box`, shape (k, 4)): False only when `e` is a route none
        of whose grown leg boxes meets the other box (so the footprints cannot meet)."""
        out = np.ones(len(e), dtype=bool)
        if len(e) < LEGS_AFTER:  # a handful of exact tests costs less than the filter
            return out
        if self.seg_count is None:
            self._build_segments(self._geoms, self.events)
        assert self.seg_count is not None  # built just above
        count = self.seg_count[e]
        rows = np.flatnonzero(count)
        if not len(rows):
            return out
        c = count[rows]
        rep = np.repeat(np.arange(len(rows)), c)
        seg = np.repeat(self.seg_first[e[rows]], c) + np.arange(int(c.sum())) - np.repeat(np.cumsum(c) - c, c)
        sb, ob = self.seg_box[:, seg], box[rows][rep]
        meet = (sb[0] <= ob[:, 2]) & (ob[:, 0] <= sb[2]) & (sb[1] <= ob[:, 3]) & (ob[:, 1] <= sb[3])
        out[rows] = np.bincount(rep, weights=meet, minlength=len(rows)) > 0
        return out

    def _build_zones(self) -> None:
        self.zone_footprints = np.array([z.footprint for z in self.zones] or [], dtype=object)
        shapely.prepare(self.zone_footprints)
        self.zone_bounds = shapely.bounds(self.zone_footprints).reshape(-1, 4)
        self.zone_cache: dict[int, tuple[int, int, np.ndarray, np.ndarray]] = {}

    def __len__(self) -> int:
        return len(self.events)

    # -- time ---------------------------------------------------------------------------------------

    def occurrences_in(self, lo: int, hi: int) -> np.ndarray:
        """Positions (in sweep order) of occurrences whose extended window overlaps [lo, hi)."""
        first = int(np.searchsorted(self.xstart, lo - self.max_xlen, side="right"))
        last = int(np.searchsorted(self.xstart, hi, side="left"))
        return first + np.flatnonzero(self.xend[first:last] > lo)

    def time_pairs(self, positions: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Chunks of (a, b) occurrence positions whose extended windows overlap, a before b in sweep order."""
        xs, xe = self.xstart[positions], self.xend[positions]
        hi = np.searchsorted(xs, xe, side="left")
        counts = np.maximum(hi - np.arange(len(xs)) - 1, 0)
        csum = np.cumsum(counts)
        i = 0
        while i < len(xs):
            base = csum[i - 1] if i else 0
            j = int(np.searchsorted(csum, base + PAIR_CHUNK, side="right"))
            j = max(j, i + 1)
            yield _expand(positions, counts, i, j)
            i = j

    # -- space --------------------------------------------------------------------------------------

    def spatial_filter(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Mask of event pairs (positions in self.events) whose footprints' interiors meet."""
        box = (self.minx[a] <= self.maxx[b]) & (self.minx[b] <= self.maxx[a])
        idx = np.flatnonzero(box)
        a2, b2 = a[idx], b[idx]
        idx = idx[(self.miny[a2] <= self.maxy[b2]) & (self.miny[b2] <= self.maxy[a2])]
        idx = idx[self.legs_meet(a[idx], self.bounds[b[idx]])]
        idx = idx[self.legs_meet(b[idx], self.bounds[a[idx]])]
        mask = np.zeros(len(a), dtype=bool)
        if len(idx):
            fa, fb = self.footprints[a[idx]], self.footprints[b[idx]]
            hit = shapely.intersects(fa, fb)
            hit_idx = np.flatnonzero(hit)
            if len(hit_idx):
                hit[hit_idx] = ~shapely.touches(fa[hit_idx], fb[hit_idx])
            mask[idx] = hit
        return mask

    def boxes_meet(self, e: np.ndarray, bounds: tuple[float, float, float, float]) -> np.ndarray:
        """Mask over event positions `e` whose footprints' bounding boxes meet `bounds`."""
        minx, miny, maxx, maxy = bounds
        return (self.minx[e] <= maxx) & (minx <= self.maxx[e]) & (self.miny[e] <= maxy) & (miny <= self.maxy[e])

    def events_meeting(self, geom: shapely.Geometry, among: np.ndarray | None = None) -> np.ndarray:
        """Event positions (from `among`, default all) whose footprints' interiors meet `geom` (metric)."""
        among = np.arange(len(self.events)) if among is None else among
        among = among[self.boxes_meet(among, geom.bounds)]
        among = among[self.legs_meet(among, np.broadcast_to(np.array(geom.bounds), (len(among), 4)))]
        return among[_meets(geom, self.footprints[among])]

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
    hit = shapely.intersects(geom, others)
    idx = np.flatnonzero(hit)
    if len(idx):
        hit[idx] = ~shapely.touches(geom, others[idx])
    return hit


def _expand(positions: np.ndarray, counts: np.ndarray, i: int, j: int) -> tuple[np.ndarray, np.ndarray]:
    """For sweep rows i..j-1, every partner row k with i < k < hi[row]."""
    c = counts[i:j]
    total = int(c.sum())
    rows = np.repeat(np.arange(i, j, dtype=np.int64), c)
    starts = np.cumsum(c) - c
    offsets = np.arange(total, dtype=np.int64) - np.repeat(starts, c)
    return positions[rows], positions[rows + 1 + offsets]
