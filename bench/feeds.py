"""Feed benchmark: render a 10,000-event feed, and serve it again as 304, against baselines from this run.

    cd <project root> && .venv/bin/python bench/feeds.py [--events 10000] [--repeat 3]

Measures (best of --repeat):
  1. serializer:  calendars.ical.write_feed, cold (empty per-event cache) and warm (cache filled, as
                  when a feed is served again after one event changed), against a naive baseline built
                  the obvious way with icalendar (one Calendar, Event.add(...) per property,
                  add_missing_timezones() for the VTIMEZONE — the RDATE form that ical.js and vobject
                  misread), on the same 10,000 plain events.
  2. HTTP:        GET /feeds/events.ics on a SQLite service holding the same 10,000 events: a full
                  render (capped at 1 MB as served) against the 304 path (If-None-Match with the ETag),
                  both with the validator cache warm (one query) and recomputed (after a write).
Ratios are baseline / ours, so > 1 means ours is faster.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from icalendar import Calendar, Event  # noqa: E402
from shapely.geometry import Point  # noqa: E402

from calendars.ical import CalendarEvent, FeedInfo, stable_uid  # noqa: E402
from calendars.ical_write import event_chunk, write_feed  # noqa: E402

CPH = ZoneInfo("Europe/Copenhagen")
KINDS = ("concert", "festival", "parade", "sport", "demonstration", "meeting", "match")
T0 = datetime(2025, 6, 1, tzinfo=CPH)
STAMP = datetime(2025, 5, 20, 8, tzinfo=UTC)


def plain_events(n: int, seed: int = 7) -> list[CalendarEvent]:
    """Events over 18 months; one in ten a nightly series that crosses a DST night."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        start = T0 + timedelta(days=rnd.randrange(540), hours=rnd.randrange(8, 20))
        start = start.replace(tzinfo=None).replace(tzinfo=CPH)
        recurring = i % 10 == 0
        if recurring:
            start = datetime(2025, 10, 20 + i % 5, 0, 0, tzinfo=CPH)
        end = start + timedelta(hours=5 if recurring else rnd.randrange(1, 6))
        out.append(
            CalendarEvent(
                uid=stable_uid(f"bench-{i}"),
                title=f"Arrangement nr. {i} på Rådhuspladsen, København",
                description=f"Forventet fremmøde: {rnd.randrange(100, 50000)}.\nKontakt: vagtcentralen.",
                start=start,
                end=end,
                rrule="FREQ=DAILY;COUNT=10" if recurring else None,
                status=("CONFIRMED", "TENTATIVE", "CANCELLED")[i % 3],
                location="København Kommune",
                geo=(55.6761 + rnd.random() / 50, 12.5683 + rnd.random() / 50),
                url=f"https://overblik.example/map?event={i}",
                categories=(KINDS[i % len(KINDS)],),
                organiser="Københavns Kommune",
                classification="PUBLIC",
                sequence=i % 4,
                last_modified=STAMP,
            )
        )
    return out


def naive(events: list[CalendarEvent]) -> bytes:
    """The obvious icalendar code: aware datetimes, add_missing_timezones(), no DST overrides."""
    cal = Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", "-//naive//EN")
    for ev in events:
        comp = Event()
        comp.add("UID", ev.uid)
        comp.add("DTSTAMP", ev.last_modified)
        comp.add("DTSTART", ev.start)
        comp.add("DTEND", ev.end)
        if ev.rrule:
            comp.add("RRULE", dict(p.split("=") for p in ev.rrule.split(";")))
        comp.add("SUMMARY", ev.title)
        comp.add("DESCRIPTION", ev.description)
        comp.add("LOCATION", ev.location)
        comp.add("GEO", ev.geo)
        comp.add("URL", ev.url)
        comp.add("CATEGORIES", list(ev.categories))
        comp.add("STATUS", ev.status)
        comp.add("SEQUENCE", ev.sequence)
        cal.add_component(comp)
    cal.add_missing_timezones()
    return cal.to_ical()


def best(fn: Callable[[], object], repeat: int, before: Callable[[], None] | None = None) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        if before:
            before()
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def bench_serializer(events: list[CalendarEvent], repeat: int) -> None:
    """Each repeat runs baseline and ours back to back, so both see the same machine load."""
    info = FeedInfo(name="Overblik – bench")
    changed = [*events[1:], CalendarEvent(**{**events[0].__dict__, "title": "Ændret titel"})]
    runs: dict[str, list[float]] = {"naive": [], "cold": [], "warm": [], "one": []}
    data_naive, ours = b"", b""
    for _ in range(repeat):
        t = time.perf_counter()
        data_naive = naive(events)
        runs["naive"].append(time.perf_counter() - t)
        event_chunk.cache_clear()
        t = time.perf_counter()
        ours = write_feed(events, info).data
        runs["cold"].append(time.perf_counter() - t)
        t = time.perf_counter()
        write_feed(events, info)
        runs["warm"].append(time.perf_counter() - t)
        t = time.perf_counter()
        write_feed(changed, info)
        runs["one"].append(time.perf_counter() - t)
    t_naive, t_cold, t_warm, t_one = (min(runs[k]) for k in ("naive", "cold", "warm", "one"))
    print(f"serializer, {len(events)} events (best of {repeat}, baseline and ours interleaved)")
    print(f"  naive icalendar + add_missing_timezones  {t_naive:8.3f} s  {len(data_naive):>10,} bytes")
    print(
        f"  ours, cold (empty per-event cache)       {t_cold:8.3f} s  {len(ours):>10,} bytes"
        f"   ratio naive/ours {t_naive / t_cold:7.2f}x"
    )
    print(
        f"  ours, warm (same events again)           {t_warm:8.3f} s"
        f"                    ratio naive/ours {t_naive / t_warm:7.2f}x"
    )
    print(
        f"  ours, one event changed                  {t_one:8.3f} s"
        f"                    ratio naive/ours {t_naive / t_one:7.2f}x"
    )
    print(
        f"  bytes ours/naive {len(ours) / len(data_naive):.2f}; per byte, cold ours/naive "
        f"{(t_cold / len(ours)) / (t_naive / len(data_naive)):.2f} (ours adds DST-night overrides, "
        "GEO/URL/ORGANIZER/CLASS, LAST-MODIFIED and RRULE VTIMEZONEs)"
    )


def _store(app, events: list[CalendarEvent]) -> None:  # type: ignore[no-untyped-def]
    from app.models import Event as Row

    rows = []
    for i, ev in enumerate(events):
        lat, lon = ev.geo  # type: ignore[misc]
        s, e = ev.start.astimezone(UTC), ev.end.astimezone(UTC)
        span_end = e + timedelta(days=10) if ev.rrule else e
        rows.append(
            Row(
                id=f"00000000-0000-4000-8000-{i:012d}",
                title=ev.title,
                kind=ev.categories[0],
                status="confirmed",
                classification="public",
                organiser=ev.organiser,
                description=ev.description,
                geometry=Point(lon, lat),
                buffer_m=None,
                starts_at=s,
                ends_at=e,
                timezone="Europe/Copenhagen",
                rrule=ev.rrule,
                exdates=[],
                officers_required=0,
                municipalities=["0101"],
                municipality_codes=",0101,",
                span_start=s,
                span_end=span_end,
                min_lon=lon,
                max_lon=lon,
                min_lat=lat,
                max_lat=lat,
                version=1,
                sequence=0,
                created_at=STAMP,
                updated_at=STAMP,
            )
        )
    with app.extensions["overblik_db"].transaction() as session:
        session.add_all(rows)


def bench_http(events: list[CalendarEvent], repeat: int) -> None:
    from app import create_app
    from app.migrate import upgrade

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
                "SECRET_KEY": "bench",
                "FEEDS_NOW": "2025-06-01T12:00:00+02:00",
                "PUBLIC_BASE_URL": "https://overblik.example",
            }
        )
        upgrade(app.extensions["overblik_db"].engine)
        _store(app, events)
        client = app.test_client()
        path = "/feeds/events.ics?from=2025-05-01&to=2026-12-01"
        first = client.get(path)
        assert first.status_code == 200
        tag = first.headers["ETag"]
        runs: dict[str, list[float]] = {"cold": [], "warm": [], "304": [], "304sel": []}
        full = first
        for _ in range(repeat):  # interleaved, so every variant sees the same machine load
            event_chunk.cache_clear()
            t = time.perf_counter()
            full = client.get(path)
            runs["cold"].append(time.perf_counter() - t)
            t = time.perf_counter()
            client.get(path)
            runs["warm"].append(time.perf_counter() - t)
            t = time.perf_counter()
            r304 = client.get(path, headers={"If-None-Match": tag})
            runs["304"].append(time.perf_counter() - t)
            assert r304.status_code == 304
            app.extensions.pop("overblik_feed_validators", None)
            t = time.perf_counter()
            client.get(path, headers={"If-None-Match": tag})
            runs["304sel"].append(time.perf_counter() - t)
        app.extensions["overblik_db"].engine.dispose()
    t_full, t_warm, t_304, t_sel = (min(runs[k]) for k in ("cold", "warm", "304", "304sel"))
    print(f"HTTP GET {path} on SQLite with {len(events)} events (best of {repeat}, interleaved)")
    print(
        f"  200, full render, cold cache   {t_full:8.3f} s  {len(full.data):>10,} bytes"
        f"  (truncated: {full.headers.get('X-Overblik-Feed-Truncated', 'no')})"
    )
    print(f"  200, full render, warm cache   {t_warm:8.3f} s")
    print(
        f"  304, validators cached         {t_304:8.3f} s           0 bytes"
        f"   ratio full/304 {t_full / t_304:8.1f}x (warm {t_warm / t_304:8.1f}x)"
    )
    print(
        f"  304, validators recomputed     {t_sel:8.3f} s           0 bytes"
        f"   ratio full/304 {t_full / t_sel:8.1f}x (warm {t_warm / t_sel:8.1f}x)"
        "  (first request after a write: selection + digest, no rendering)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-http", action="store_true")
    args = parser.parse_args()
    events = plain_events(args.events)
    bench_serializer(events, args.repeat)
    if not args.skip_http:
        bench_http(events, args.repeat)


if __name__ == "__main__":
    main()
