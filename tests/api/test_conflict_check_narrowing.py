"""What the database hands the conflict check: long spans that began weeks before the candidate are found
(they come from their own index), and zone writes reach the next check although zone records are cached."""

from __future__ import annotations

from flask import Flask

from tests.factories import auth_headers, event_feature, zone_feature

PROBE = {"title": "Probe", "starts_at": "2025-06-05T21:00:00+02:00", "ends_at": "2025-06-05T22:00:00+02:00"}


def _store(app: Flask, feature: dict) -> dict:
    r = app.test_client().post("/api/v1/events", json=feature, headers=auth_headers(app, "planner"))
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def _check(app: Flask, role: str = "planner", **props: object) -> list[dict]:
    r = app.test_client().post("/api/v1/conflicts/check", json=event_feature(**(PROBE | props)),
                               headers=auth_headers(app, role))
    assert r.status_code == 200, r.get_json()
    return r.get_json()["conflicts"]


def _titles(conflicts: list[dict]) -> set[str]:
    return {p["title"] for c in conflicts for p in c["parties"]} - {"Probe"}


def test_check_finds_events_whose_span_began_long_before(db_app: Flask) -> None:
    _store(db_app, event_feature(title="Weekly market", starts_at="2025-04-17T20:00:00+02:00",
                                 ends_at="2025-04-17T23:00:00+02:00", rrule="FREQ=WEEKLY;COUNT=8"))
    _store(db_app, event_feature(title="Ten-day festival", starts_at="2025-05-27T12:00:00+02:00",
                                 ends_at="2025-06-06T12:00:00+02:00"))
    _store(db_app, event_feature(title="Seven days exactly", setup_starts_at="2025-05-29T22:00:00+02:00",
                                 starts_at="2025-06-05T18:00:00+02:00", ends_at="2025-06-05T22:00:00+02:00"))
    _store(db_app, event_feature(title="Seven days and a second", setup_starts_at="2025-05-29T21:59:59+02:00",
                                 starts_at="2025-06-05T18:00:00+02:00", ends_at="2025-06-05T22:00:00+02:00"))
    _store(db_app, event_feature(title="Last week", starts_at="2025-05-29T20:00:00+02:00",
                                 ends_at="2025-05-29T23:00:00+02:00"))
    found = _check(db_app)
    assert {c["rule"] for c in found} == {"event_overlap"}
    assert _titles(found) == {"Weekly market", "Ten-day festival", "Seven days exactly", "Seven days and a second"}


def test_zone_writes_reach_the_next_check(db_app: Flask) -> None:
    h = auth_headers(db_app, "planner")
    c = db_app.test_client()
    r = c.post("/api/v1/zones", json=zone_feature(name="Vesterbrogade", active_hours=[]), headers=h)
    assert r.status_code == 201, r.get_json()
    zone = r.get_json()
    assert [x["rule"] for x in _check(db_app)] == ["zone_active"]
    night = [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "05:00"}]
    r = c.patch(f"/api/v1/zones/{zone['id']}", json={"type": "Feature", "properties": {"active_hours": night}},
                headers=h | {"If-Match": r.headers["ETag"]})
    assert r.status_code == 200, r.get_json()
    assert _check(db_app) == []
    assert [x["rule"] for x in _check(db_app, ends_at="2025-06-06T01:00:00+02:00")] == ["zone_active"]
    admin = auth_headers(db_app, "admin")
    r = c.delete(f"/api/v1/zones/{zone['id']}", headers=admin | {"If-Match": r.headers["ETag"]})
    assert r.status_code == 204, r.get_data(as_text=True)
    assert _check(db_app, ends_at="2025-06-06T01:00:00+02:00") == []


def test_a_temporary_zone_turns_restricted_with_its_event(db_app: Flask) -> None:
    h = auth_headers(db_app, "planner")
    c = db_app.test_client()
    far = {"type": "Point", "coordinates": [12.6300, 55.6300]}
    event = _store(db_app, event_feature(far, title="Visit", starts_at="2025-06-05T08:00:00+02:00",
                                         ends_at="2025-06-05T23:00:00+02:00"))
    r = c.post("/api/v1/zones", json=zone_feature(name="Perimeter", kind="security_perimeter", active_hours=[],
                                                 event_id=event["id"]), headers=h)
    assert r.status_code == 201, r.get_json()
    [seen] = _check(db_app, role="viewer")
    assert {p["title"] for p in seen["parties"]} == {"Probe", "Perimeter"}
    restricted = {"type": "Feature", "properties": {"classification": "restricted"}}
    r = c.patch(f"/api/v1/events/{event['id']}", json=restricted,
                headers=h | {"If-Match": f'"{event["properties"]["version"]}"'})
    assert r.status_code == 200, r.get_json()
    [hidden] = _check(db_app, role="viewer")
    assert {p["title"] for p in hidden["parties"]} == {"Probe", "Restricted zone"}
