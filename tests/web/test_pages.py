"""The planner's and officer's pages: Danish first, English on request, escaped, friendly errors."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import auth_headers, event_feature

PAGES = ["/", "/calendar", "/calendar?view=week&date=2025-06-05", "/map", "/map?at=2025-06-05T23:30",
         "/zones", "/officer", "/events/new"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_in_danish_and_load_nothing_from_elsewhere(web: FlaskClient, url: str) -> None:
    resp = web.get(url)
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert '<html lang="da">' in html
    assert "Kalender" in html and "Nu og nær" in html
    resources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert resources and not [r for r in resources if re.match(r"(https?:)?//", r)]


def test_english_switch_is_remembered(web: FlaskClient) -> None:
    html = web.get("/calendar?date=2025-06-05&lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html and "June 2025" in html and "New event" in html
    again = web.get("/zones").get_data(as_text=True)
    assert "Active hours" in again
    back = web.get("/zones?lang=da").get_data(as_text=True)
    assert "Aktive tider" in back


def test_month_calendar_lists_seeded_events_on_their_days(web: FlaskClient) -> None:
    html = web.get("/calendar?date=2025-06-05").get_data(as_text=True)
    day = html.split('data-date="2025-06-09"')[1].split("</td>")[0]
    assert "Royal Run" in day and "12:00" not in day.split("Royal Run")[0][-40:]
    assert "Juni 2025" in html


def test_week_calendar_shows_an_event_on_every_day_it_touches(web: FlaskClient) -> None:
    html = web.get("/calendar?view=week&date=2025-06-05").get_data(as_text=True)
    for d in ("2025-06-05", "2025-06-06"):
        cell = html.split(f'data-date="{d}"')[1].split("</td>")[0]
        assert "Distortion: gadefest på Vesterbro" in cell


def test_bad_calendar_date_is_a_clear_400(web: FlaskClient) -> None:
    resp = web.get("/calendar?date=5/6/2025")
    assert resp.status_code == 400 and "YYYY-MM-DD" in resp.get_data(as_text=True)


def test_bad_at_says_the_expected_format(web: FlaskClient) -> None:
    resp = web.get("/map?at=tomorrow")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "YYYY-MM-DDTHH:MM" in html and "2025-06-05T23:30" in html


def test_unknown_event_is_a_friendly_404_page(web: FlaskClient) -> None:
    for url in ("/events/00000000-0000-0000-0000-000000000000", "/map?event=nope",
                "/events/nope/edit"):
        resp = web.get(url)
        html = resp.get_data(as_text=True)
        assert resp.status_code == 404, url
        assert "Arrangementet findes ikke" in html and 'href="/calendar"' in html


def test_unknown_page_is_html_but_unknown_api_path_stays_json(web: FlaskClient) -> None:
    page = web.get("/no-such-page")
    assert page.status_code == 404 and "Siden findes ikke" in page.get_data(as_text=True)
    api = web.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.get_json()["error"]["code"] == "not_found"


def _store(app: Flask, **props) -> str:
    client = app.test_client()
    resp = client.post("/api/v1/events", json=event_feature(**props), headers=auth_headers(app, "planner"))
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["id"]


EVIL = "<script>alert('x')</script> & `${1}`"


def test_script_in_a_title_is_text_everywhere(seeded_app: Flask, web: FlaskClient) -> None:
    event_id = _store(seeded_app, title=EVIL, organiser="<b>org</b>")
    for url in ("/calendar?date=2025-06-05", "/calendar?view=week&date=2025-06-05", f"/events/{event_id}",
                f"/map?event={event_id}", "/map?at=2025-06-05T21:00", f"/events/{event_id}/edit", "/"):
        html = web.get(url).get_data(as_text=True)
        assert "<script>alert" not in html, url
        assert "<b>org</b>" not in html, url
    page = web.get(f"/events/{event_id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_event_page_shows_details_map_and_history(seeded_app: Flask, web: FlaskClient) -> None:
    event_id = _store(seeded_app, title="Koncert i Tivoli", attendance=12000)
    html = web.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Koncert i Tivoli" in html and "05.06.2025 20:00" in html and "12000" in html
    assert "ovb-map-config" in html and f"ovb-id-{event_id}" in html
    assert "oprettet" in html  # history: created


def test_map_focus_highlights_the_event_and_starts_at_its_time(seeded_app: Flask, web: FlaskClient) -> None:
    event_id = _store(seeded_app)
    html = web.get(f"/map?event={event_id}").get_data(as_text=True)
    assert "ovb-focus" in html
    assert 'value="2025-06-05T20:00"' in html


def test_inline_scripts_carry_the_request_nonce(web: FlaskClient) -> None:
    html = web.get("/map").get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    executable = [attrs for attrs in inline if "application/json" not in attrs]
    assert executable and all('nonce="' in attrs for attrs in executable)
    assert 'onclick=' not in html and 'onload=' not in html


def test_zones_page_lists_hours_and_proxy_boundaries(web: FlaskClient) -> None:
    html = web.get("/zones").get_data(as_text=True)
    assert "Nattelivszone Vesterbrogade" in html
    assert "alle dage 00:00–05:00" in html
    assert "omtrentlig grænse" in html


def test_dashboard_chart_has_a_bar_per_week_and_the_capacity_line(web: FlaskClient) -> None:
    html = web.get("/?from=2025-06-02").get_data(as_text=True)
    assert html.count('<rect class="bar') == 8
    assert 'class="capacity-line"' in html and "kapacitet 400" in html


def test_map_shows_the_data_attribution_from_the_licences(web: FlaskClient) -> None:
    html = web.get("/map").get_data(as_text=True)
    assert "Indeholder data fra Københavns Kommune" in html and "CC BY 4.0" in html
    assert "Styrelsen for Dataforsyning og Infrastruktur (SDFI), DAGI 2014" in html


def test_tile_layer_comes_from_config(seeded_app: Flask) -> None:
    seeded_app.config.update(TILE_URL="/tiles/{z}/{x}/{y}.png", TILE_ATTRIBUTION="© test tiles")
    html = seeded_app.test_client().get("/map").get_data(as_text=True)
    assert "/tiles/{z}/{x}/{y}.png" in html and "test tiles" in html and "L.tileLayer" in html
