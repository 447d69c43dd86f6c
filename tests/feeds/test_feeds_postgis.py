"""The same feed and import behaviour on PostgreSQL + PostGIS (skipped without OVERBLIK_TEST_PG_URL)."""

from __future__ import annotations

import io

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.feeds.convert import event_uid
from app.models import Event
from tests.factories import auth_headers

pytestmark = pytest.mark.postgis


def test_municipality_feed_round_trips_through_import_on_postgis(seeded_pg_app):
    app = seeded_pg_app
    app.config.update(FEEDS_NOW="2025-06-01T12:00:00+02:00", PUBLIC_BASE_URL="https://overblik.example")
    client = app.test_client()
    first = client.get("/feeds/municipality/0147.ics?from=2025-01-01&to=2026-01-01")
    assert first.status_code == 200
    with app.extensions["overblik_db"].transaction() as s:
        expected = {
            event_uid(e)
            for e in s.scalars(select(Event))
            if "0147" in e.municipalities and e.classification == "public"
        }
    assert expected and {str(v["UID"]) for v in Calendar.from_ical(first.data).walk("VEVENT")} == expected
    r = client.post(
        "/api/v1/events/import",
        data={"file": (io.BytesIO(first.data), "f.ics")},
        headers=auth_headers(app, "planner"),
        content_type="multipart/form-data",
    )
    assert r.status_code == 200 and r.get_json()["updated"] == 0 and r.get_json()["created"] == 0
    again = client.get("/feeds/municipality/0147.ics?from=2025-01-01&to=2026-01-01")
    assert again.data == first.data
    assert (
        client.get(
            "/feeds/municipality/0147.ics?from=2025-01-01&to=2026-01-01",
            headers={"If-None-Match": first.headers["ETag"]},
        ).status_code
        == 304
    )


def test_import_with_overrides_and_a_draft_on_postgis(pg_app):
    from tests.feeds.test_import import GOOD

    client = pg_app.test_client()
    r = client.post(
        "/api/v1/events/import",
        data={"file": (io.BytesIO(GOOD), "f.ics")},
        headers=auth_headers(pg_app, "planner"),
        content_type="multipart/form-data",
    )
    body = r.get_json()
    assert (body["created"], len(body["drafts"])) == (3, 1)
    again = client.post(
        "/api/v1/events/import",
        data={"file": (io.BytesIO(GOOD), "f.ics")},
        headers=auth_headers(pg_app, "planner"),
        content_type="multipart/form-data",
    ).get_json()
    assert again["unchanged"] == 3
