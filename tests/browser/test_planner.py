"""The planner in a real browser: draw an event, see its conflict before saving, find it, scrub time."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from app.models import Event, Zone
from tests.browser.conftest import screenshot
from tests.factories import auth_headers, event_feature

pytestmark = pytest.mark.browser


def _zone(app: Flask, name: str) -> Zone:
    with app.extensions["overblik_db"].transaction() as session:
        return session.scalars(select(Zone).where(Zone.name == name)).one()


def _count(app: Flask) -> int:
    with app.extensions["overblik_db"].transaction() as session:
        return int(session.scalar(select(func.count()).select_from(Event)) or 0)


def _map_ready(page) -> dict:  # type: ignore[no-untyped-def]
    page.wait_for_selector("body[data-map-ready='1']")
    return page.evaluate("JSON.parse(document.getElementById('ovb-map-config').textContent)")


def _draw(page, cfg: dict, lonlats: list[tuple[float, float]], tool: str = "polygon") -> None:  # type: ignore[no-untyped-def]
    """Draw with Leaflet.draw's tool by clicking the map at the given coordinates (then close the ring)."""
    centre = [sum(p[1] for p in lonlats) / len(lonlats), sum(p[0] for p in lonlats) / len(lonlats)]
    page.evaluate("([name, c]) => window[name].setView(c, 17, {animate: false})", [cfg["map"], centre])
    box = page.locator(f"#{cfg['map']}").bounding_box()
    page.click(f".leaflet-draw-draw-{tool}")
    points = lonlats + ([lonlats[0]] if tool == "polygon" else [])
    for lon, lat in points:
        xy = page.evaluate("([name, ll]) => { const p = window[name].latLngToContainerPoint(ll); return [p.x, p.y]; }",
                           [cfg["map"], [lat, lon]])
        page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
        page.wait_for_timeout(120)


def _square_in(zone: Zone, half: float = 0.00025) -> list[tuple[float, float]]:
    p = zone.geometry.representative_point()
    return [(p.x - half, p.y - half / 2), (p.x + half, p.y - half / 2), (p.x + half, p.y + half / 2),
            (p.x - half, p.y + half / 2)]


def test_drawn_night_event_over_vesterbrogade_shows_its_conflict_before_saving(watched) -> None:  # type: ignore[no-untyped-def]
    page, live, _ = watched
    zone = _zone(live.app, "Nattelivszone Vesterbrogade")
    before = _count(live.app)
    page.goto(f"{live.url}/events/new?starts_at=2025-06-06T00:30&ends_at=2025-06-06T03:00")
    page.fill("#title", "Natkoncert <i>Vesterbro</i>")
    page.fill("#starts_at", "2025-06-06T00:30")
    page.fill("#ends_at", "2025-06-06T03:00")
    page.fill("#officers_required", "10")
    cfg = _map_ready(page)
    assert page.locator(f"path.ovb-id-{zone.id}").count() == 1  # the zone is shown: active at 00:30
    _draw(page, cfg, _square_in(zone))
    conflict = page.locator("#live-conflicts li[data-rule='zone_active']").filter(has_text="Vesterbrogade")
    conflict.first.wait_for(timeout=10_000)
    assert "Aktiv zone" in conflict.first.inner_text()
    assert _count(live.app) == before  # checked, nothing stored yet
    screenshot(page, "event-form-live-conflict")
    page.click("#save")
    page.wait_for_url("**/events/*?saved=1")
    assert page.inner_text("h1") == "Natkoncert <i>Vesterbro</i>"
    assert page.locator("#conflicts li[data-rule='zone_active']").count() >= 1
    screenshot(page, "event-page")
    page.goto(f"{live.url}/calendar?view=week&date=2025-06-06")
    cell = page.locator("td[data-date='2025-06-06']")
    assert "Natkoncert <i>Vesterbro</i>" in cell.inner_text()
    screenshot(page, "calendar-week")
    assert _count(live.app) == before + 1


def test_time_slider_hides_the_zone_outside_its_hours(watched) -> None:  # type: ignore[no-untyped-def]
    page, live, _ = watched
    zone = _zone(live.app, "Nattelivszone Vesterbrogade")
    page.goto(f"{live.url}/map?at=2025-06-06T01:00")
    _map_ready(page)
    shape = page.locator(f"path.ovb-id-{zone.id}")
    assert shape.count() == 1
    screenshot(page, "map-night")
    page.focus("#ovb-time")
    for _ in range(44):  # 15-minute steps: 01:00 -> 12:00
        page.keyboard.press("ArrowRight")
    assert shape.count() == 0
    assert page.get_attribute("#ovb-time-label", "data-at") == "2025-06-06T12:00"
    assert "at=2025-06-06T12%3A00" in page.url or "at=2025-06-06T12:00" in page.url
    screenshot(page, "map-noon")
    for _ in range(52):  # on to 01:00 the next night: active again
        page.keyboard.press("ArrowRight")
    assert shape.count() == 1


def test_self_intersecting_drawing_is_explained_and_nothing_saved(watched) -> None:  # type: ignore[no-untyped-def]
    page, live, watch = watched
    watch.allow("status of 422")  # the live check and the rejected save answer 422, as they should
    zone = _zone(live.app, "Nattelivszone Kødbyen")
    before = _count(live.app)
    page.goto(f"{live.url}/events/new")
    page.fill("#title", "Sløjfe")
    page.fill("#starts_at", "2025-06-10T18:00")
    page.fill("#ends_at", "2025-06-10T20:00")
    cfg = _map_ready(page)
    a, b, c, d = _square_in(zone)
    _draw(page, cfg, [a, c, b, d])  # a bow-tie
    page.wait_for_function("document.getElementById('geometry-error').textContent.length > 0", timeout=10_000)
    assert "ugyldig" in page.inner_text("#geometry-error")
    page.click("#save")
    page.wait_for_selector("#form-error")
    assert "Arrangementet blev ikke gemt." in page.inner_text("#form-error")
    assert page.input_value("#title") == "Sløjfe"
    screenshot(page, "event-form-invalid-geometry")
    assert _count(live.app) == before


def test_script_title_is_text_on_every_page(watched) -> None:  # type: ignore[no-untyped-def]
    page, live, _ = watched
    evil = "<script>alert('x')</script><img src=x onerror=alert(2)>"
    client = live.app.test_client()
    resp = client.post("/api/v1/events", json=event_feature(title=evil),
                       headers=auth_headers(live.app, "planner"))
    event_id = resp.get_json()["id"]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live.url}/events/{event_id}")
    assert page.inner_text("h1") == evil
    page.goto(f"{live.url}/calendar?date=2025-06-05")
    assert evil in page.inner_text("td[data-date='2025-06-05']")
    page.goto(f"{live.url}/map?event={event_id}")
    _map_ready(page)
    page.locator(f"path.ovb-id-{event_id}").first.click(force=True)
    page.wait_for_selector(".leaflet-popup-content")
    assert evil in page.inner_text(".leaflet-popup-content")
    screenshot(page, "map-event-popup")
    assert dialogs == []


def test_unknown_event_and_bad_time_are_friendly_pages(watched) -> None:  # type: ignore[no-untyped-def]
    page, live, watch = watched
    watch.allow("status of 404")
    watch.allow("status of 400")
    resp = page.goto(f"{live.url}/events/does-not-exist")
    assert resp.status == 404
    assert page.inner_text("h1") == "Arrangementet findes ikke"
    screenshot(page, "not-found")
    resp = page.goto(f"{live.url}/map?at=5.%20juni")
    assert resp.status == 400
    assert "YYYY-MM-DDTHH:MM" in page.inner_text(".error-page")
    page.goto(f"{live.url}/?from=2025-06-02")
    assert page.locator("svg.capacity-chart rect.bar").count() == 8
    screenshot(page, "dashboard")
    page.goto(f"{live.url}/calendar?date=2025-06-05")
    screenshot(page, "calendar-month")
    page.goto(f"{live.url}/zones")
    screenshot(page, "zones")


def test_editing_loads_the_stored_shape_into_the_drawing_tools(watched) -> None:  # type: ignore[no-untyped-def]
    page, live, _ = watched
    client = live.app.test_client()
    resp = client.post("/api/v1/events", json=event_feature(title="Gadefest"),
                       headers=auth_headers(live.app, "planner"))
    event_id = resp.get_json()["id"]
    page.goto(f"{live.url}/events/{event_id}/edit")
    cfg = _map_ready(page)
    assert page.evaluate("name => window[name].getLayers().length", cfg["drawnItems"]) == 1
    assert page.input_value("#starts_at") == "2025-06-05T20:00"
    page.wait_for_selector("#check-status.ok, #check-status.warn", timeout=10_000)
    page.fill("#title", "Gadefest (rettet)")
    page.click("#save")
    page.wait_for_url(f"**/events/{event_id}?saved=1")
    assert page.inner_text("h1") == "Gadefest (rettet)"
