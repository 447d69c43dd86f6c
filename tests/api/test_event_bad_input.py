"""Bad input to the event registry: a clear 4xx naming the field, and nothing stored."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.factories import auth_headers, event_feature

BOWTIE = {"type": "Polygon", "coordinates": [[[12.555, 55.672], [12.565, 55.676], [12.565, 55.672],
                                              [12.555, 55.676], [12.555, 55.672]]]}
SWAPPED = {"type": "Point", "coordinates": [55.6761, 12.5683]}
AARHUS = {"type": "Point", "coordinates": [10.2039, 56.1629]}


def _with_geometry(geom: dict[str, Any]) -> dict[str, Any]:
    return event_feature(geom)


CASES: list[tuple[str, Any, int, str | None, str]] = [
    # (case, body, status, field, words the message must contain)
    ("malformed JSON", b'{"type": "Feature", "geometry": ', 400, "body", "malformed JSON at line 1"),
    ("not JSON text", b"\xff\xfe\x00garbage", 400, "body", "UTF-8"),
    ("empty body", b"", 400, "body", "empty"),
    ("a list, not a Feature", [1, 2], 400, "body", "GeoJSON Feature"),
    ("a FeatureCollection", {"type": "FeatureCollection", "features": []}, 400, "type", "Feature"),
    ("no geometry", event_feature() | {"geometry": None}, 422, "geometry", "required"),
    ("unsupported geometry type", _with_geometry({"type": "MultiPoint", "coordinates": [[12.56, 55.67]]}),
     422, "geometry.type", "unsupported geometry type"),
    ("self-intersecting polygon", _with_geometry(BOWTIE), 422, "geometry.coordinates", "Self-intersection[12.56"),
    ("longitude out of range", _with_geometry({"type": "Point", "coordinates": [212.5, 55.6]}), 422,
     "geometry.coordinates", "outside longitude/latitude range"),
    ("swapped lat/lon", _with_geometry(SWAPPED), 422, "geometry.coordinates", "swapped"),
    ("wholly outside the district", _with_geometry(AARHUS), 422, "geometry", "outside the Copenhagen Police"),
    ("string coordinates", _with_geometry({"type": "Point", "coordinates": ["12.5", "55.6"]}), 422,
     "geometry.coordinates[0]", "arrays of numbers"),
    ("naive start", event_feature(starts_at="2025-06-05T20:00:00"), 422, "properties.starts_at", "offset"),
    ("end before start", event_feature(ends_at="2025-06-05T19:00:00+02:00"), 422, "properties.ends_at",
     "after starts_at"),
    ("end equals start", event_feature(ends_at="2025-06-05T20:00:00+02:00"), 422, "properties.ends_at",
     "after starts_at"),
    ("unknown kind", event_feature(kind="rave"), 422, "properties.kind", "concert"),
    ("unknown status", event_feature(status="maybe"), 422, "properties.status", "planned"),
    ("unknown classification", event_feature(classification="secret"), 422, "properties.classification",
     "restricted"),
    ("unknown property", event_feature(colour="red"), 422, "properties.colour", "unknown property"),
    ("rrule that does not parse", event_feature(rrule="FREQ=SOMETIMES;COUNT=2"), 422, "properties.rrule",
     "does not parse"),
    ("rrule that never ends", event_feature(rrule="FREQ=DAILY"), 422, "properties.rrule", "COUNT or UNTIL"),
    ("rrule beyond the horizon", event_feature(rrule="FREQ=YEARLY;COUNT=50"), 422, "properties.rrule",
     "horizon"),
    ("negative attendance", event_feature(attendance=-5), 422, "properties.attendance", "greater than"),
    ("year 9999", event_feature(ends_at="9999-06-05T23:00:00+02:00"), 422, "properties.ends_at", "2100"),
    ("overlong title", event_feature(title="x" * 201), 422, "properties.title", "200"),
    ("line break in title", event_feature(title="Fest\r\nX-Injected: 1"), 422, "properties.title",
     "control characters"),
    ("unknown time zone", event_feature(timezone="Mars/Olympus"), 422, "properties.timezone", "unknown time zone"),
    ("setup after start", event_feature(setup_starts_at="2025-06-05T21:00:00+02:00"), 422,
     "properties.setup_starts_at", "build-up"),
]


def _count(app: Flask) -> int:
    r = app.test_client().get("/api/v1/events?limit=1000", headers=auth_headers(app, "admin"))
    return len(r.get_json()["features"])


@pytest.mark.parametrize(("case", "body", "status", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_event_is_refused_clearly(app: Flask, case: str, body: Any, status: int, field: str | None,
                                      words: str) -> None:
    headers = auth_headers(app, "planner")
    c = app.test_client()
    if isinstance(body, bytes):
        r = c.post("/api/v1/events", data=body, headers=headers | {"Content-Type": "application/json"})
    else:
        r = c.post("/api/v1/events", json=body, headers=headers)
    err = r.get_json()["error"]
    assert r.status_code == status, err
    assert err["field"] == field
    assert words in err["message"]
    assert _count(app) == 0


def test_outside_the_district_is_allowed_when_asked(app: Flask) -> None:
    body = event_feature(AARHUS, allow_outside_district=True)
    r = app.test_client().post("/api/v1/events", json=body, headers=auth_headers(app, "planner"))
    assert r.status_code == 201
    assert r.get_json()["properties"]["municipalities"] == []


def test_oversized_payload_is_413(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    body = event_feature(description="x" * 20_000)
    r = app.test_client().post("/api/v1/events", json=body, headers=auth_headers(app, "planner"))
    assert r.status_code == 413
    assert "10000 bytes" in r.get_json()["error"]["message"]
    assert _count(app) == 0


def test_a_bad_patch_changes_nothing(db_app: Flask) -> None:
    c, h = db_app.test_client(), auth_headers(db_app, "planner")
    eid = c.post("/api/v1/events", json=event_feature(), headers=h).get_json()["id"]
    r = c.patch(f"/api/v1/events/{eid}", json={"type": "Feature", "properties": {
        "title": "Ny titel", "ends_at": "2025-06-05T10:00:00+02:00"}}, headers=h | {"If-Match": '"1"'})
    assert r.status_code == 422 and r.get_json()["error"]["field"] == "properties.ends_at"
    after = c.get(f"/api/v1/events/{eid}").get_json()
    assert after["properties"]["title"] == "Gadefest på Vesterbrogade"
    assert after["properties"]["version"] == 1


@pytest.mark.parametrize(("query", "field"), [
    ("from=yesterday", "from"), ("from=2025-06-01T10:00", "from"), ("to=2025-13-01", "to"),
    ("from=2025-06-02&to=2025-06-01", "to"), ("kind=rave", "kind"), ("status=maybe", "status"),
    ("municipality=0999", "municipality"), ("bbox=1,2,3", "bbox"), ("bbox=13,56,12,55", "bbox"),
    ("limit=0", "limit"), ("limit=abc", "limit"), ("kind=concert' OR 1=1 --", "kind"), ("colour=red", "colour"),
    ("zone=00000000-0000-0000-0000-000000000000", "zone"),
])
def test_bad_filters_are_400_naming_the_parameter(app: Flask, query: str, field: str) -> None:
    r = app.test_client().get(f"/api/v1/events?{query}")
    assert r.status_code == 400
    assert r.get_json()["error"]["field"] == field


def test_unknown_event_is_404(app: Flask) -> None:
    r = app.test_client().get("/api/v1/events/does-not-exist")
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"
