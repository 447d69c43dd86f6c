"""Zones over HTTP: designation period, active hours, If-Match, bad input."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.factories import auth_headers, zone_feature


def test_zone_round_trip(db_app: Flask) -> None:
    c, h = db_app.test_client(), auth_headers(db_app, "planner")
    r = c.post("/api/v1/zones", json=zone_feature(active_hours_exceptions={
        "2025-12-31": [{"days": ["wed"], "start": "18:00", "end": "24:00"}]}), headers=h)
    assert r.status_code == 201, r.get_json()
    props = r.get_json()["properties"]
    assert props["active_hours"][0] == {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                                        "start": "00:00", "end": "05:00"}
    assert props["active_hours_exceptions"]["2025-12-31"][0]["end"] == "24:00"
    assert props["valid_until"] == "2026-05-31" and props["municipalities"] == ["0101"]
    zid = r.get_json()["id"]
    r = c.patch(f"/api/v1/zones/{zid}", json={"type": "Feature", "properties": {"valid_until": "2027-05-31"}},
                headers=h | {"If-Match": '"1"'})
    assert r.status_code == 200 and r.get_json()["properties"]["valid_until"] == "2027-05-31"
    assert r.headers["ETag"] == '"2"'
    listed = c.get("/api/v1/zones?kind=nightlife").get_json()["features"]
    assert [f["id"] for f in listed] == [zid]
    assert c.get("/api/v1/zones?kind=sub").get_json()["features"] == []


@pytest.mark.parametrize(("props", "field", "words"), [
    ({"kind": "disco"}, "properties.kind", "nightlife"),
    ({"valid_from": "2025-31-12"}, "properties.valid_from", "YYYY-MM-DD"),
    ({"valid_from": "2026-01-01", "valid_until": "2025-01-01"}, "properties.valid_until", "on or after"),
    ({"active_hours": [{"days": ["mon"], "start": "05:00", "end": "05:00"}]}, "properties.active_hours[0].end",
     "differ"),
    ({"active_hours": [{"days": ["funday"], "start": "01:00", "end": "05:00"}]},
     "properties.active_hours[0].days", "mon"),
    ({"active_hours": [{"start": "25:00", "end": "05:00"}]}, "properties.active_hours[0].start", "HH:MM"),
    ({"event_id": "nope"}, "properties.event_id", "no event"),
])
def test_bad_zone_is_refused(app: Flask, props: dict, field: str, words: str) -> None:
    r = app.test_client().post("/api/v1/zones", json=zone_feature(**props), headers=auth_headers(app, "planner"))
    assert r.status_code == 422
    assert r.get_json()["error"]["field"] == field and words in r.get_json()["error"]["message"]
    assert app.test_client().get("/api/v1/zones").get_json()["features"] == []


def test_zone_must_be_a_polygon(app: Flask) -> None:
    body = zone_feature({"type": "LineString", "coordinates": [[12.55, 55.67], [12.56, 55.68]]})
    r = app.test_client().post("/api/v1/zones", json=body, headers=auth_headers(app, "planner"))
    assert r.status_code == 422 and r.get_json()["error"]["field"] == "geometry.type"


def test_zone_delete_is_admin_only(app: Flask) -> None:
    c = app.test_client()
    zid = c.post("/api/v1/zones", json=zone_feature(), headers=auth_headers(app, "planner")).get_json()["id"]
    assert c.delete(f"/api/v1/zones/{zid}", headers=auth_headers(app, "planner") | {"If-Match": '"1"'}
                    ).status_code == 403
    assert c.delete(f"/api/v1/zones/{zid}", headers=auth_headers(app, "admin") | {"If-Match": '"1"'}
                    ).status_code == 204
    assert c.get(f"/api/v1/zones/{zid}").status_code == 404


def test_changing_a_zone_reports_the_conflicts_it_adds_and_removes(seeded_app: Flask) -> None:
    c, h = seeded_app.test_client(), auth_headers(seeded_app, "planner")
    zones = c.get("/api/v1/zones?kind=nightlife", headers=h).get_json()["features"]
    vesterbro = next(z for z in zones if z["properties"]["name"] == "Nattelivszone Vesterbrogade")
    etag = c.get(f"/api/v1/zones/{vesterbro['id']}", headers=h).headers["ETag"]
    # Ending the designation before June 2025 removes Distortion's night-time clash with the zone...
    r = c.patch(f"/api/v1/zones/{vesterbro['id']}", json={"type": "Feature", "properties": {
        "valid_until": "2025-05-31"}}, headers=h | {"If-Match": etag})
    assert r.status_code == 200, r.get_json()
    removed = r.get_json()["properties"]["conflicts"]["removed"]
    assert any("Distortion" in p["title"] for cf in removed for p in cf["parties"])
    assert r.get_json()["properties"]["conflicts"]["added"] == []
    # ...and extending it again brings the clash back.
    r = c.patch(f"/api/v1/zones/{vesterbro['id']}", json={"type": "Feature", "properties": {
        "valid_until": "2026-05-31"}}, headers=h | {"If-Match": r.headers["ETag"]})
    added = r.get_json()["properties"]["conflicts"]["added"]
    assert {cf["key"] for cf in added} == {cf["key"] for cf in removed}
