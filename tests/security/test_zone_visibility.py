"""A zone linked to an event is exactly as visible as that event (security perimeters of restricted
visits stay hidden from viewers and the public); unlinked zones are public designations."""

from __future__ import annotations

from flask import Flask

from tests.factories import auth_headers, event_feature, zone_feature


def _setup(app: Flask) -> dict[str, str]:
    c, h = app.test_client(), auth_headers(app, "planner")
    ids = {}
    for cls in ("public", "internal", "restricted"):
        eid = c.post("/api/v1/events", json=event_feature(classification=cls, title=f"Event {cls}"),
                     headers=h).get_json()["id"]
        r = c.post("/api/v1/zones", json=zone_feature(name=f"Perimeter {cls}", kind="security_perimeter",
                                                       event_id=eid), headers=h)
        assert r.status_code == 201, r.get_json()
        ids[cls] = r.get_json()["id"]
    ids["unlinked"] = c.post("/api/v1/zones", json=zone_feature(name="Natteliv"), headers=h).get_json()["id"]
    return ids


EXPECTED = {
    "anonymous": {"public", "unlinked"},
    "viewer": {"public", "internal", "unlinked"},
    "planner": {"public", "internal", "restricted", "unlinked"},
    "admin": {"public", "internal", "restricted", "unlinked"},
}


def test_zone_visibility_follows_the_linked_event(db_app: Flask) -> None:
    ids = _setup(db_app)
    c = db_app.test_client()
    for role, visible in EXPECTED.items():
        h = {} if role == "anonymous" else auth_headers(db_app, role)
        listed = {f["id"] for f in c.get("/api/v1/zones", headers=h).get_json()["features"]}
        assert listed == {ids[k] for k in visible}, role
        for key, zid in ids.items():
            r = c.get(f"/api/v1/zones/{zid}", headers=h)
            assert r.status_code == (200 if key in visible else 404), (role, key)
            if r.status_code == 404:
                body = r.get_data(as_text=True)
                assert "Perimeter" not in body and "coordinates" not in body


def test_a_hidden_zone_cannot_be_probed_through_the_event_filter(db_app: Flask) -> None:
    ids = _setup(db_app)
    c = db_app.test_client()
    r = c.get(f"/api/v1/events?zone={ids['restricted']}", headers=auth_headers(db_app, "viewer"))
    assert r.status_code == 400 and r.get_json()["error"]["message"] == f"zone: no zone with id {ids['restricted']!r}"
    r = c.get(f"/api/v1/events?zone={ids['restricted']}", headers=auth_headers(db_app, "planner"))
    assert r.status_code == 200
