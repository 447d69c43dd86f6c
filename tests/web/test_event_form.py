"""The event form: drawn geometry + local times in, an event stored (or a clear message and nothing)."""

from __future__ import annotations

import json
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.models import Event

VESTERBRO = {"type": "Polygon", "coordinates": [[[12.5580, 55.6725], [12.5620, 55.6725], [12.5620, 55.6740],
                                                 [12.5580, 55.6740], [12.5580, 55.6725]]]}
BOW_TIE = {"type": "Polygon", "coordinates": [[[12.5580, 55.6725], [12.5620, 55.6740], [12.5620, 55.6725],
                                               [12.5580, 55.6740], [12.5580, 55.6725]]]}


def _form(**overrides: str) -> dict[str, str]:
    base = {"title": "Natkoncert på Vesterbrogade", "kind": "concert", "status": "planned",
            "classification": "public", "organiser": "Vega", "starts_at": "2025-06-05T22:00",
            "ends_at": "2025-06-06T02:00", "attendance": "3000", "officers_required": "25", "buffer_m": "",
            "geometry": json.dumps(VESTERBRO)}
    return base | overrides


def _count(app: Flask) -> int:
    with app.extensions["overblik_db"].transaction() as session:
        return int(session.scalar(select(func.count()).select_from(Event)) or 0)


def test_saving_the_form_stores_the_event_in_local_time(seeded_app: Flask, planner: FlaskClient) -> None:
    resp = planner.post("/events/new", data=_form())
    assert resp.status_code == 303
    event_id = resp.headers["Location"].split("/events/")[1].split("?")[0]
    stored = planner.get(f"/api/v1/events/{event_id}").get_json()
    assert stored["properties"]["starts_at"] == "2025-06-05T22:00:00+02:00"
    assert stored["properties"]["ends_at"] == "2025-06-06T02:00:00+02:00"
    assert stored["properties"]["officers_required"] == 25
    assert stored["geometry"]["type"] == "Polygon"
    page = planner.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Gemt." in page and "Natkoncert på Vesterbrogade" in page


def test_self_intersecting_polygon_gets_a_message_and_nothing_is_saved(seeded_app: Flask,
                                                                       planner: FlaskClient) -> None:
    before = _count(seeded_app)
    resp = planner.post("/events/new", data=_form(geometry=json.dumps(BOW_TIE)))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Arrangementet blev ikke gemt." in html and "Den tegnede geometri er ugyldig" in html
    assert 'value="Natkoncert på Vesterbrogade"' in html  # what was typed is kept
    assert _count(seeded_app) == before


def test_missing_drawing_and_bad_times_are_named(seeded_app: Flask, planner: FlaskClient) -> None:
    before = _count(seeded_app)
    no_geom = planner.post("/events/new", data=_form(geometry=""))
    assert no_geom.status_code == 422 and "draw the event" in no_geom.get_data(as_text=True)
    backwards = planner.post("/events/new", data=_form(ends_at="2025-06-05T21:00"))
    assert backwards.status_code == 422 and "(ends_at)" in backwards.get_data(as_text=True)
    garbage = planner.post("/events/new", data=_form(starts_at="i morgen"))
    assert garbage.status_code == 422 and "YYYY-MM-DDTHH:MM" in garbage.get_data(as_text=True)
    assert _count(seeded_app) == before


def test_anonymous_cannot_save_and_is_told_to_sign_in(seeded_app: Flask, web: FlaskClient) -> None:
    before = _count(seeded_app)
    page = web.get("/events/new").get_data(as_text=True)
    assert "Log ind som planlægger" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None  # the page hands anonymous visitors a token too: the refusal is about the role
    resp = web.post("/events/new", data=_form(csrf_token=token.group(1)))
    assert resp.status_code == 401
    assert _count(seeded_app) == before


def test_editing_changes_the_event_and_keeps_its_geometry(seeded_app: Flask, planner: FlaskClient) -> None:
    created = planner.post("/events/new", data=_form())
    event_id = created.headers["Location"].split("/events/")[1].split("?")[0]
    form_html = planner.get(f"/events/{event_id}/edit").get_data(as_text=True)
    assert 'value="2025-06-05T22:00"' in form_html and 'name="if_match" value="&#34;1&#34;"' in form_html
    resp = planner.post(f"/events/{event_id}/edit",
                        data=_form(title="Natkoncert (flyttet)", if_match='"1"', geometry=""))
    assert resp.status_code == 303
    stored = planner.get(f"/api/v1/events/{event_id}").get_json()
    assert stored["properties"]["title"] == "Natkoncert (flyttet)" and stored["properties"]["version"] == 2
    assert stored["geometry"]["type"] == "Polygon"
    stale = planner.post(f"/events/{event_id}/edit", data=_form(if_match='"1"'))
    assert stale.status_code == 412
