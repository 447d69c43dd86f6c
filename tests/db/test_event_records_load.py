"""Stored events → engine records in bulk (app.registry.event_records) equal records built one by one from
the ORM, on SQLite and on PostGIS, with and without the footprint cache."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import select

from app.models import Event
from app.registry.conflicts import event_record
from app.registry.event_records import load_event_records

WINDOW = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))


def _fields(e) -> tuple:
    return (e.id, e.title, e.kind, e.status, e.classification, e.buffer_m, e.timezone, e.rrule, e.officers_required,
            e.municipalities, e.starts_at, e.ends_at, e.setup_starts_at, e.teardown_ends_at,
            tuple(d.timestamp() for d in e.exdates), e.spans, e.index_row, e.is_route, e.party)


def test_bulk_records_equal_orm_records(seeded_db_app: Flask) -> None:
    with seeded_db_app.extensions["overblik_db"].transaction() as session:
        stored = session.scalars(select(Event).where(Event.status != "cancelled", Event.geometry.is_not(None)))
        expected = {e.id: event_record(e) for e in stored}
        cache: dict = {}
        cold = load_event_records(session, *WINDOW)
        filled = load_event_records(session, *WINDOW, footprints=cache)
        again = load_event_records(session, *WINDOW, footprints=cache)
    assert len(expected) >= 20 and {r.id for r in cold} == set(expected)
    assert len(cache) == len(expected)
    for records in (cold, filled, again):
        for r in records:
            one = expected[r.id]
            assert _fields(r) == _fields(one)
            assert r.geometry.equals_exact(one.geometry, 1e-12)
            assert r.footprint.equals_exact(one.footprint, 1e-6)
    held = {id(fp) for fp in cache.values()}
    assert all(id(r.footprint) in held for r in again)  # reused from the cache, not rebuilt


def test_bbox_narrows_but_keeps_events_that_need_officers(seeded_db_app: Flask) -> None:
    far = (10.0, 50.0, 10.001, 50.001)  # nowhere near Copenhagen
    with seeded_db_app.extensions["overblik_db"].transaction() as session:
        near = load_event_records(session, *WINDOW, bbox=far)
        all_ = load_event_records(session, *WINDOW)
    assert near and all(r.officers_required > 0 for r in near)
    assert {r.id for r in near} == {r.id for r in all_ if r.officers_required > 0}


def test_footprint_cache_follows_the_stored_geometry_not_just_the_version(seeded_db_app: Flask) -> None:
    """A footprint cached for (id, version) must not stand in for another geometry stored under the same
    version (as after a rolled-back transaction that had cached its own)."""
    import shapely
    from sqlalchemy import update

    from geo.footprint import footprint_metric

    cache: dict = {}
    with seeded_db_app.extensions["overblik_db"].transaction() as session:
        first = load_event_records(session, *WINDOW, footprints=cache)
        target = next(r for r in first if r.geometry.geom_type == "Polygon")
        moved = shapely.affinity.translate(target.geometry, 0.01, 0.0)
        session.execute(update(Event.__table__).where(Event.__table__.c.id == target.id)
                        .values(geometry=moved))
        again = {r.id: r for r in load_event_records(session, *WINDOW, footprints=cache)}
        session.rollback()
    assert again[target.id].footprint.equals_exact(footprint_metric(moved, target.buffer_m), 1e-6)
    assert not again[target.id].footprint.equals_exact(target.footprint, 1e-6)
