"""The event registry over HTTP, on SQLite and PostGIS."""

from __future__ import annotations

from flask import Flask

from tests.factories import auth_headers, event_feature


def _create(app: Flask, **props):  # type: ignore[no-untyped-def]
    c = app.test_client()
    r = c.post("/api/v1/events", json=event_feature(**props), headers=auth_headers(app, "planner"))
    assert r.status_code == 201, r.json
    return r


def test_create_returns_feature_with_server_fields(db_app: Flask) -> None:
    r = _create(db_app)
    body = r.get_json()
    assert body["type"] == "Feature" and len(body["id"]) == 36
    assert body["properties"]["version"] == 1
    assert body["properties"]["municipalities"] == ["0101"]
    assert r.headers["ETag"] == '"1"'
    assert r.headers["Location"].endswith(body["id"])
    got = db_app.test_client().get(r.headers["Location"])
    assert got.status_code == 200
    assert got.get_json()["properties"]["starts_at"] == "2025-06-05T20:00:00+02:00"


def test_times_are_given_back_in_the_events_zone_whatever_offset_came_in(db_app: Flask) -> None:
    r = _create(db_app, starts_at="2025-06-05T18:00:00Z", ends_at="2025-06-05T21:00:00+00:00")
    props = r.get_json()["properties"]
    assert props["starts_at"] == "2025-06-05T20:00:00+02:00"
    assert props["ends_at"] == "2025-06-05T23:00:00+02:00"


def test_municipalities_follow_the_footprint_across_a_border(db_app: Flask) -> None:
    route = {"type": "LineString", "coordinates": [[12.5340, 55.6786], [12.5683, 55.6759]]}
    c = db_app.test_client()
    r = c.post("/api/v1/events", json=event_feature(route, kind="parade"), headers=auth_headers(db_app, "planner"))
    assert r.get_json()["properties"]["municipalities"] == ["0101", "0147"]
    kastrup = {"type": "Point", "coordinates": [12.6200, 55.6300]}
    r = c.post("/api/v1/events", json=event_feature(kastrup), headers=auth_headers(db_app, "planner"))
    assert r.get_json()["properties"]["municipalities"] == ["0185"]


def test_list_filters_by_time_kind_municipality_status_and_bbox(db_app: Flask) -> None:
    a = _create(db_app, title="A").get_json()["id"]
    b = _create(db_app, title="B", kind="concert", starts_at="2025-07-01T18:00:00+02:00",
                ends_at="2025-07-01T23:00:00+02:00").get_json()["id"]
    c = db_app.test_client()

    def ids(query: str) -> set[str]:
        r = c.get(f"/api/v1/events?{query}")
        assert r.status_code == 200, r.get_json()
        return {f["id"] for f in r.get_json()["features"]}

    assert ids("from=2025-06-01&to=2025-06-30") == {a}
    assert ids("from=2025-06-05T23:00:00%2B02:00&to=2025-06-06") == set()  # half-open: touching is out
    assert ids("kind=concert") == {b}
    assert ids("kind=festival,concert") == {a, b}
    assert ids("municipality=0101") == {a, b}
    assert ids("municipality=0185") == set()
    assert ids("status=planned") == {a, b}
    assert ids("bbox=12.55,55.67,12.56,55.68") == {a, b}
    assert ids("bbox=12.60,55.60,12.61,55.61") == set()


def test_recurring_event_is_listed_only_when_an_occurrence_overlaps(db_app: Flask) -> None:
    eid = _create(db_app, rrule="FREQ=WEEKLY;COUNT=3").get_json()["id"]
    c = db_app.test_client()
    assert [f["id"] for f in c.get("/api/v1/events?from=2025-06-12&to=2025-06-13").get_json()["features"]] == [eid]
    assert c.get("/api/v1/events?from=2025-06-08&to=2025-06-11").get_json()["features"] == []


def test_pagination_links_walk_the_whole_list(db_app: Flask) -> None:
    made = {_create(db_app, title=f"E{i}").get_json()["id"] for i in range(5)}
    c, seen, url = db_app.test_client(), set(), "/api/v1/events?limit=2"
    while url:
        body = c.get(url).get_json()
        assert len(body["features"]) <= 2
        seen |= {f["id"] for f in body["features"]}
        url = body["links"]["next"]
    assert seen == made


def test_update_needs_the_current_version(db_app: Flask) -> None:
    eid = _create(db_app).get_json()["id"]
    c, h = db_app.test_client(), auth_headers(db_app, "planner")
    patch = {"type": "Feature", "properties": {"attendance": 8000}}
    r = c.patch(f"/api/v1/events/{eid}", json=patch, headers=h)
    assert r.status_code == 428 and r.get_json()["error"]["field"] == "If-Match"
    r = c.patch(f"/api/v1/events/{eid}", json=patch, headers=h | {"If-Match": '"1"'})
    assert r.status_code == 200 and r.headers["ETag"] == '"2"'
    assert r.get_json()["properties"]["attendance"] == 8000
    assert r.get_json()["properties"]["sequence"] == 0  # attendance is not a change of time/place/status
    r = c.patch(f"/api/v1/events/{eid}", json=patch | {"properties": {"attendance": 1}},
                headers=h | {"If-Match": '"1"'})
    assert r.status_code == 412
    r = c.patch(f"/api/v1/events/{eid}", json=patch, headers=h | {"If-Match": 'W/"2"'})
    assert r.status_code == 412  # strong comparison: a weak tag never matches
    assert c.get(f"/api/v1/events/{eid}").get_json()["properties"]["attendance"] == 8000


def test_moving_an_event_raises_its_sequence_and_rederives_municipalities(db_app: Flask) -> None:
    eid = _create(db_app).get_json()["id"]
    c, h = db_app.test_client(), auth_headers(db_app, "planner") | {"If-Match": '"1"'}
    frb = {"type": "Point", "coordinates": [12.5310, 55.6790]}
    r = c.patch(f"/api/v1/events/{eid}", json={"type": "Feature", "geometry": frb}, headers=h)
    props = r.get_json()["properties"]
    assert props["sequence"] == 1 and props["version"] == 2
    assert props["municipalities"] == ["0147"]


def test_cancel_keeps_the_event(db_app: Flask) -> None:
    eid = _create(db_app).get_json()["id"]
    c, h = db_app.test_client(), auth_headers(db_app, "planner") | {"If-Match": '"1"'}
    r = c.patch(f"/api/v1/events/{eid}", json={"type": "Feature", "properties": {"status": "cancelled"}},
                headers=h)
    assert r.get_json()["properties"]["status"] == "cancelled"
    listed = c.get("/api/v1/events?status=cancelled").get_json()["features"]
    assert [f["id"] for f in listed] == [eid]


def test_delete_is_for_admins_and_needs_if_match(db_app: Flask) -> None:
    eid = _create(db_app).get_json()["id"]
    c = db_app.test_client()
    assert c.delete(f"/api/v1/events/{eid}", headers=auth_headers(db_app, "planner") | {"If-Match": '"1"'}
                    ).status_code == 403
    admin = auth_headers(db_app, "admin")
    assert c.delete(f"/api/v1/events/{eid}", headers=admin).status_code == 428
    assert c.delete(f"/api/v1/events/{eid}", headers=admin | {"If-Match": '"1"'}).status_code == 204
    assert c.get(f"/api/v1/events/{eid}").status_code == 404


def test_classification_hides_events_from_those_who_may_not_see_them(db_app: Flask) -> None:
    internal = _create(db_app, classification="internal").get_json()["id"]
    restricted = _create(db_app, classification="restricted").get_json()["id"]
    c = db_app.test_client()
    assert c.get(f"/api/v1/events/{internal}").status_code == 404
    assert c.get(f"/api/v1/events/{internal}", headers=auth_headers(db_app, "viewer")).status_code == 200
    assert c.get(f"/api/v1/events/{restricted}", headers=auth_headers(db_app, "viewer")).status_code == 404
    assert c.get(f"/api/v1/events/{restricted}", headers=auth_headers(db_app, "planner")).status_code == 200
    assert c.get("/api/v1/events").get_json()["features"] == []


def test_writes_need_a_planner(db_app: Flask) -> None:
    c = db_app.test_client()
    assert c.post("/api/v1/events", json=event_feature()).status_code == 401
    r = c.post("/api/v1/events", json=event_feature(), headers=auth_headers(db_app, "viewer"))
    assert r.status_code == 403
    r = c.post("/api/v1/events", json=event_feature(), headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401
    assert c.get("/api/v1/events", headers=auth_headers(db_app, "admin")).get_json()["features"] == []


def test_every_write_is_audited(db_app: Flask) -> None:
    from sqlalchemy import select

    from app.models import AuditEntry

    eid = _create(db_app).get_json()["id"]
    db_app.test_client().patch(f"/api/v1/events/{eid}", json={"type": "Feature", "properties": {"title": "Ny"}},
                               headers=auth_headers(db_app, "planner") | {"If-Match": '"1"'})
    with db_app.extensions["overblik_db"].transaction() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == eid).order_by(AuditEntry.id)).all()
        assert [r.action for r in rows] == ["create", "update"]
        assert rows[1].before["properties"]["title"] == "Gadefest på Vesterbrogade"
        assert rows[1].after["properties"]["title"] == "Ny"
        assert rows[0].actor.startswith("planner")


def test_healthz_reports_the_backend(db_app: Flask) -> None:
    body = db_app.test_client().get("/healthz").get_json()
    assert body["status"] == "ok" and body["database"]["ok"] is True
    if body["database"]["backend"] == "postgresql":
        assert body["postgis"]["available"] is True and body["postgis"]["version"]
    else:
        assert body["postgis"]["required"] is False


def test_openapi_describes_every_route(app: Flask) -> None:
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    routes = {str(r.rule).replace("<event_id>", "{id}").replace("<zone_id>", "{id}")
              for r in app.url_map.iter_rules() if str(r.rule).startswith(("/api/", "/healthz"))}
    routes = {r for r in routes if "<" not in r}
    assert routes <= set(spec["paths"]), routes - set(spec["paths"])
