"""Conflict engine benchmark (run by hand: `python bench/conflicts.py`; not a test, asserts no timings).

Reports separately, measured in one run on one core:
- warm scan: from records as the service holds them (geometries parsed, projected to EPSG:25832 and
  buffered beforehand; each record's own caches filled by an earlier scan), 100,000 events, index build
  included; the first scan in the process reported beside it; peak RSS;
- cold scan: from database rows (load, parse WKB, project, buffer, scan) — needs the app (`--cold`);
- at 10,000 events: the warm engine (pair rules) against a naive all-pairs loop (time test first, then
  shapely intersects on prepared footprints) and a geopandas sjoin + time filter; all three must find the
  identical set of pairs (asserted); ratios reported;
- one candidate Feature against 100,000 stored records, from the raw Feature: median and p95;
- a final JSON line with every figure and ratio.

Spatial overlap means the interiors meet (touching is not overlapping) in all three, as in the engine.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.conflicts import ConflictIndex, EventRecord, ZoneRecord, check, scan  # noqa: E402
from app.conflicts.records import footprints_metric  # noqa: E402
from calendars.hours import parse_active_hours  # noqa: E402
from geo.crs import to_wgs84  # noqa: E402
from geo.geojson import parse_geometry  # noqa: E402

# The Copenhagen police district (Copenhagen, Frederiksberg, Tårnby, Dragør), roughly, in EPSG:25832.
X0, X1, Y0, Y1 = 717_000.0, 733_000.0, 6_165_000.0, 6_180_000.0
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
SPAN_DAYS = 730
WINDOW = (EPOCH, EPOCH + timedelta(days=SPAN_DAYS))
CAPACITY = 400
OFFICERS = [.86, .04, .03, .03, .02, .015, .005]  # most events need no dedicated officers
PAIR_RULES = ("event_overlap", "setup_overlap", "route_crossing")


# -- the synthetic world --------------------------------------------------------------------------

def _polygon(rng: np.random.Generator, cx: float, cy: float) -> shapely.Geometry:
    """A venue 50–400 m across: a rotated rectangle or an irregular hexagon."""
    size = rng.uniform(50, 400)
    if rng.random() < 0.5:
        w, h = size, size * rng.uniform(0.4, 1.0)
        rect = shapely.box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        angle = rng.uniform(0, np.pi)
        c, s = np.cos(angle), np.sin(angle)
        return shapely.transform(rect, lambda p: (p - (cx, cy)) @ np.array([[c, s], [-s, c]]) + (cx, cy))
    angles = np.sort(rng.uniform(0, 2 * np.pi, 6))
    radii = size / 2 * rng.uniform(0.6, 1.0, 6)
    poly = shapely.Polygon(np.column_stack([cx + radii * np.cos(angles), cy + radii * np.sin(angles)]))
    return poly if poly.is_valid else poly.convex_hull  # the API only stores valid geometry


def _route(rng: np.random.Generator, cx: float, cy: float) -> shapely.Geometry:
    """A route of 0.5–8 km: a wandering polyline of 3–10 legs."""
    length = rng.uniform(500, 8000)
    legs = int(rng.integers(3, 11))
    heading = rng.uniform(0, 2 * np.pi) + np.cumsum(rng.normal(0, 0.5, legs))
    step = length / legs
    xs = cx + np.concatenate([[0], np.cumsum(step * np.cos(heading))])
    ys = cy + np.concatenate([[0], np.cumsum(step * np.sin(heading))])
    return shapely.LineString(np.column_stack([np.clip(xs, X0, X1), np.clip(ys, Y0, Y1)]))


def generate(n: int, seed: int = 8) -> list[dict[str, Any]]:
    """N synthetic events as plain dicts (WGS84 geometry, aware times): half venue polygons, a quarter routes,
    a quarter points; mostly 2–12 h, some multi-day; some follow-ups starting exactly when the previous
    event at the same place ends; some recurring; some with build-up/tear-down."""
    rng = np.random.default_rng(seed)
    metric, rows = [], []
    for i in range(n):
        follow = rows and rng.random() < 0.05
        if follow:
            prev = rows[int(rng.integers(max(0, i - 50), i))]
            geom, start = metric[prev["_i"]], prev["ends_at"]
        else:
            cx, cy = rng.uniform(X0, X1), rng.uniform(Y0, Y1)
            r = rng.random()
            geom = _polygon(rng, cx, cy) if r < 0.5 else _route(rng, cx, cy) if r < 0.75 else shapely.Point(cx, cy)
            start = EPOCH + timedelta(minutes=30 * int(rng.integers(0, (SPAN_DAYS - 70) * 48)))  # all inside
        d = rng.random()
        hours = rng.uniform(2, 12) if d < 0.85 else rng.uniform(24, 96) if d < 0.95 else rng.uniform(0.5, 2)
        end = start + timedelta(minutes=30 * max(1, round(hours * 2)))
        row: dict[str, Any] = {"_i": len(metric), "id": f"ev{i:06d}", "title": f"Event {i}", "starts_at": start,
                               "ends_at": end, "setup_starts_at": None, "teardown_ends_at": None, "rrule": None,
                               "buffer_m": None, "officers_required": int(rng.choice([0, 10, 20, 40, 80, 150, 300],
                                                                                     p=OFFICERS))}
        if geom.geom_type == "Polygon" and rng.random() < 0.2:
            row["setup_starts_at"] = start - timedelta(hours=int(rng.integers(1, 7)))
            row["teardown_ends_at"] = end + timedelta(hours=int(rng.integers(0, 5)))
        if not follow and rng.random() < 0.02:
            weekly = f"FREQ=WEEKLY;COUNT={rng.integers(2, 9)}"
            row["rrule"] = weekly if rng.random() < 0.7 else "FREQ=DAILY;COUNT=3"
        metric.append(geom)
        rows.append(row)
    wgs = to_wgs84(np.array(metric, dtype=object))
    for row in rows:
        row["geometry"] = wgs[row.pop("_i")]
    return rows


def zones(seed: int = 8, count: int = 30) -> list[ZoneRecord]:
    rng = np.random.default_rng(seed + 1)
    out = []
    for i in range(count):
        cx, cy = rng.uniform(X0, X1), rng.uniform(Y0, Y1)
        area = to_wgs84(shapely.box(cx - 500, cy - 400, cx + 500, cy + 400))
        nights = [{"days": ["fri", "sat"], "start": "22:00", "end": "05:00"}] if i % 2 else []
        out.append(ZoneRecord(id=f"zone{i:03d}", name=f"Zone {i}", geometry=area,
                              kind="nightlife" if i % 2 else "watch", hours=parse_active_hours(nights)))
    return out


def records(rows: list[dict[str, Any]]) -> list[EventRecord]:
    """Records as the service holds them: footprints computed in bulk beforehand."""
    geoms = np.array([r["geometry"] for r in rows], dtype=object)
    fps = footprints_metric(geoms, [r["buffer_m"] for r in rows])
    return [EventRecord(footprint=fp, **{k: v for k, v in r.items()}) for r, fp in zip(rows, fps, strict=True)]


def occurrence_table(recs: list[EventRecord]) -> list[tuple[int, int, int, int, int]]:
    """(event index, start, end, extended start, extended end) of every occurrence (prepared beforehand)."""
    return [(i, *span) for i, e in enumerate(recs) for span in e.spans]


# -- timings ----------------------------------------------------------------------------------------

def timed(fn, *args, **kw) -> tuple[float, Any]:
    gc.collect()
    t = time.perf_counter()
    out = fn(*args, **kw)
    return time.perf_counter() - t, out


RUNS = 5


def best(fn, *args) -> tuple[float, Any]:
    return min((timed(fn, *args) for _ in range(RUNS)), key=lambda r: r[0])


def engine_pairs(recs: list[EventRecord]) -> set[tuple]:
    found = scan(ConflictIndex(recs), WINDOW, rules=PAIR_RULES)
    return {c.anchors for c in found}


def naive_pairs(recs: list[EventRecord], occ: list[tuple]) -> set[tuple]:
    """All pairs: time test first (extended windows), then shapely intersects (and not touches)."""
    fps = [e.footprint for e in recs]
    ids = [e.id for e in recs]
    out = set()
    n = len(occ)
    for i in range(n):
        ei, si, _, xsi, xei = occ[i]
        for j in range(i + 1, n):
            ej, sj, _, xsj, xej = occ[j]
            if xsi < xej and xsj < xei and ei != ej:
                a, b = fps[ei], fps[ej]
                if a.intersects(b) and not a.touches(b):
                    out.add(tuple(sorted(((ids[ei], si), (ids[ej], sj)))))
    return out


def sjoin_pairs(recs: list[EventRecord], occ: list[tuple]) -> set[tuple]:
    """geopandas sjoin (intersects) on the occurrences' footprints, then the time filter and touches."""
    import geopandas as gpd

    table = np.array(occ, dtype=np.int64)
    fps = np.array([e.footprint for e in recs], dtype=object)
    gdf = gpd.GeoDataFrame({"ev": table[:, 0], "s": table[:, 1], "xs": table[:, 3], "xe": table[:, 4]},
                           geometry=fps[table[:, 0]], crs="EPSG:25832")
    joined = gpd.sjoin(gdf, gdf, predicate="intersects", how="inner", lsuffix="l", rsuffix="r")
    left = joined.index.to_numpy()
    right = joined["index_r"].to_numpy()
    keep = (left < right) & (joined["ev_l"].to_numpy() != joined["ev_r"].to_numpy())
    col = {name: joined[name].to_numpy() for name in ("xs_l", "xe_l", "xs_r", "xe_r")}
    keep &= (col["xs_l"] < col["xe_r"]) & (col["xs_r"] < col["xe_l"])
    left, right = left[keep], right[keep]
    geoms = gdf.geometry.to_numpy()
    touching = shapely.touches(geoms[left], geoms[right])
    left, right = left[~touching], right[~touching]
    ids = np.array([e.id for e in recs], dtype=object)
    ev, s = table[:, 0], table[:, 1]
    return {tuple(sorted(((ids[ev[a]], int(s[a])), (ids[ev[b]], int(s[b])))))
            for a, b in zip(left.tolist(), right.tolist(), strict=True)}


def feature(row: dict[str, Any]) -> dict[str, Any]:
    from geo.geojson import to_geojson

    props = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()
             if k not in ("geometry", "id")}
    return {"type": "Feature", "geometry": to_geojson(row["geometry"]), "properties": props}


def record_from_feature(f: dict[str, Any]) -> EventRecord:
    """What POST /conflicts/check does with a raw Feature before asking the engine."""
    p = f["properties"]
    geom = parse_geometry(f["geometry"])

    def t(name: str) -> datetime | None:
        return datetime.fromisoformat(p[name]) if p.get(name) else None

    return EventRecord(id="candidate", title=p["title"], geometry=geom, starts_at=t("starts_at"),
                       ends_at=t("ends_at"), setup_starts_at=t("setup_starts_at"),
                       teardown_ends_at=t("teardown_ends_at"), rrule=p.get("rrule"), buffer_m=p.get("buffer_m"),
                       officers_required=p.get("officers_required") or 0)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--baseline-n", type=int, default=10_000)
    ap.add_argument("--candidates", type=int, default=300)
    ap.add_argument("--cold", action="store_true", help="also time the cold scan from a SQLite database")
    args = ap.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    out: dict[str, Any] = {"n": args.n, "baseline_n": args.baseline_n, "window_days": SPAN_DAYS}

    # Baselines at 10k (footprints and occurrences prepared beforehand, excluded from every timing).
    small = records(generate(args.baseline_n, seed=10))
    occ = occurrence_table(small)
    shapely.prepare(np.array([e.footprint for e in small], dtype=object))
    # Each of the three timed the same way: the best of RUNS runs.
    t_engine, pairs_engine = best(engine_pairs, small)
    t_sjoin, pairs_sjoin = best(sjoin_pairs, small, occ)
    print(f"10k: engine {t_engine * 1000:.1f} ms, sjoin {t_sjoin * 1000:.0f} ms", flush=True)
    t_naive, pairs_naive = best(naive_pairs, small, occ)
    assert pairs_engine == pairs_naive == pairs_sjoin, (len(pairs_engine), len(pairs_naive), len(pairs_sjoin))
    out.update(baseline_pairs=len(pairs_engine), engine_10k_s=t_engine, naive_10k_s=t_naive, sjoin_10k_s=t_sjoin,
               ratio_naive=t_naive / t_engine, ratio_sjoin=t_sjoin / t_engine)
    print(f"10k: {len(pairs_engine)} pairs; naive {t_naive:.1f} s → ×{t_naive / t_engine:.0f}; "
          f"sjoin → ×{t_sjoin / t_engine:.0f}", flush=True)
    del small, occ, pairs_naive, pairs_sjoin

    # Warm scan at N: records as the service holds them, footprints built beforehand. The first scan in
    # the process also fills each record's own caches (occurrence rows, route line, party) and GEOS's
    # prepared-geometry indexes; the warm scans after it find them (median of three). Both are reported.
    rows = generate(args.n, seed=100)
    recs = records(rows)
    zs = zones()
    t_first, found = timed(lambda: scan(ConflictIndex(recs, zs), WINDOW, capacity=CAPACITY))
    counts: dict[str, int] = {}
    for c in found:
        counts[c.rule] = counts.get(c.rule, 0) + 1
    del found
    warm = []
    for _ in range(3):
        t, again = timed(lambda: scan(ConflictIndex(recs, zs), WINDOW, capacity=CAPACITY))
        assert len(again) == sum(counts.values())
        warm.append(t)
        del again
    t_warm = statistics.median(warm)
    t_index, index = timed(ConflictIndex, recs, zs)
    t_scan_only, _ = timed(scan, index, WINDOW, capacity=CAPACITY)
    out.update(warm_scan_s=t_warm, first_scan_s=t_first, warm_index_build_s=t_index,
               warm_scan_prebuilt_index_s=t_scan_only, conflicts=counts, peak_rss_mb_after_warm=peak_rss_mb())
    print(f"warm scan {args.n}: {t_warm:.2f} s (index {t_index:.2f} s + scan {t_scan_only:.2f} s; first scan in "
          f"the process {t_first:.2f} s), {counts}, peak RSS {peak_rss_mb():.0f} MB", flush=True)

    # One candidate from the raw Feature against N stored.
    cands = [feature(r) for r in generate(args.candidates, seed=999)]
    times = []
    for f in cands:
        t = time.perf_counter()
        check(record_from_feature(f), index, capacity=CAPACITY)
        times.append(time.perf_counter() - t)
    times.sort()
    out.update(check_median_ms=statistics.median(times) * 1000, check_p95_ms=times[int(0.95 * len(times))] * 1000)
    print(f"check: median {out['check_median_ms']:.3f} ms, p95 {out['check_p95_ms']:.3f} ms", flush=True)

    if args.cold:
        from bench.conflicts_db import cold_scan

        out.update(cold_scan(rows, zs, WINDOW, CAPACITY))
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
