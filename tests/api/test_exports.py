"""GET /api/v1/export/{events,zones}.<fmt> and GET /api/v1/zones?expiring_within=…, through the test client."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pyogrio
import pytest
import shapely
from flask import Flask

from geo.geojson import EVENT_TYPES
from geo.gis_import import read_gis
from tests.factories import auth_headers, event_feature, zone_feature

ROUTE = {"type": "LineString", "coordinates": [[12.5340, 55.6786], [12.5683, 55.6759]]}


def _post(app: Flask, path: str, body: dict) -> dict:
    resp = app.test_client().post(path, json=body, headers=auth_headers(app, "planner"))
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def _events(app: Flask) -> None:
    _post(app, "/api/v1/events", event_feature(title="Gadefest"))
    _post(app, "/api/v1/events", event_feature(ROUTE, title="Pride", kind="parade", attendance=300000))
    _post(app, "/api/v1/events", event_feature(title="Statsbesøg", kind="state_visit",
                                               classification="restricted"))


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "kml"])
def test_events_export_in_each_format_with_geometry_and_attributes(db_app: Flask, fmt: str) -> None:
    _events(db_app)
    resp = db_app.test_client().get(f"/api/v1/export/events.{fmt}", headers=auth_headers(db_app, "planner"))
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"].startswith('attachment; filename="overblik-events-')
    result = read_gis(resp.data, allowed=EVENT_TYPES, name_field="name")
    by_name = {r.name: r for r in result.records}
    assert set(by_name) == {"Gadefest", "Pride", "Statsbesøg"}
    assert by_name["Pride"].geometry.geom_type == "LineString"
    assert shapely.get_coordinates(by_name["Pride"].geometry)[0] == pytest.approx([12.5340, 55.6786])
    assert str(by_name["Pride"].properties["attendance"]) == "300000"
    assert by_name["Pride"].properties["starts_at"] == "2025-06-05T20:00:00+02:00"


def test_events_export_is_filtered_like_the_list_and_hides_what_the_reader_may_not_see(app: Flask) -> None:
    _events(app)
    client = app.test_client()
    anon = json.loads(client.get("/api/v1/export/events.geojson").data)
    assert {f["properties"]["name"] for f in anon["features"]} == {"Gadefest", "Pride"}
    parades = json.loads(client.get("/api/v1/export/events.geojson?kind=parade").data)
    assert [f["properties"]["name"] for f in parades["features"]] == ["Pride"]
    none = json.loads(client.get("/api/v1/export/events.geojson?from=2026-01-01").data)
    assert none["features"] == []


def test_csv_export_carries_wkt(app: Flask) -> None:
    _events(app)
    resp = app.test_client().get("/api/v1/export/events.csv?kind=parade")
    assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"
    (row,) = list(csv.DictReader(io.StringIO(resp.data.decode("utf-8"))))
    assert row["name"] == "Pride" and shapely.from_wkt(row["WKT"]).geom_type == "LineString"


def test_zones_export_filters_by_kind_and_expiry(app: Flask, tmp_path) -> None:
    app.config["TODAY"] = "2026-04-15"
    _post(app, "/api/v1/zones", zone_feature(name="Snart", valid_until="2026-05-31"))
    _post(app, "/api/v1/zones", zone_feature(name="Senere", valid_until="2027-05-31"))
    _post(app, "/api/v1/zones", zone_feature(name="SUB", kind="sub", valid_from=None, valid_until=None))
    client = app.test_client()
    names = lambda q: [f["properties"]["name"] for f in json.loads(client.get(f"/api/v1/export/zones.geojson{q}").data)["features"]]  # noqa: E501, E731
    assert names("") == ["Senere", "Snart", "SUB"]
    assert names("?kind=sub") == ["SUB"]
    assert names("?expiring_within=P60D") == ["Snart"]
    gpkg = client.get("/api/v1/export/zones.gpkg?kind=nightlife").data
    (tmp_path / "z.gpkg").write_bytes(gpkg)
    frame = pyogrio.read_dataframe(tmp_path / "z.gpkg")
    assert sorted(frame["name"]) == ["Senere", "Snart"]
    assert {"valid_until", "area_m2", "city_districts", "active_hours"} <= set(frame.columns)


@pytest.mark.parametrize("path, status, field", [
    ("/api/v1/export/events.shp", 404, "format"),
    ("/api/v1/export/events.geojson?kind=rave", 400, "kind"),
    ("/api/v1/export/events.geojson?limit=5", 400, "limit"),
    ("/api/v1/export/zones.kml?expiring_within=60", 400, "expiring_within"),
    ("/api/v1/export/zones.kml?bbox=1,2,3,4", 400, "bbox"),
])
def test_bad_export_requests_name_the_problem(app: Flask, path: str, status: int, field: str) -> None:
    resp = app.test_client().get(path)
    assert resp.status_code == status and resp.get_json()["error"]["field"] == field


def test_expiring_within_selects_designations_ending_soon(app: Flask) -> None:
    app.config["TODAY"] = "2026-04-15"
    today = date(2026, 4, 15)
    for name, until in [("i dag", today), ("om 60 dage", today + timedelta(days=60)),
                        ("om 61 dage", today + timedelta(days=61)), ("i går", today - timedelta(days=1))]:
        _post(app, "/api/v1/zones", zone_feature(name=name, valid_from="2024-01-01", valid_until=str(until)))
    _post(app, "/api/v1/zones", zone_feature(name="uden slut", valid_until=None))
    client = app.test_client()

    def names(q: str) -> list[str]:
        resp = client.get(f"/api/v1/zones?{q}")
        assert resp.status_code == 200, resp.get_json()
        return [f["properties"]["name"] for f in resp.get_json()["features"]]

    assert names("expiring_within=P60D") == ["i dag", "om 60 dage"]
    assert names("expiring_within=P2M") == ["i dag", "om 60 dage", "om 61 dage"]  # 15 Apr → 15 Jun
    assert names("expiring_within=P0D") == ["i dag"]
    assert names("expiring_within=P60D&kind=sub") == []


@pytest.mark.parametrize("value", ["60", "P", "P60", "-P60D", "PT5H", "P60DX", "P999Y", ""])
def test_bad_durations_are_400_naming_the_parameter(app: Flask, value: str) -> None:
    resp = app.test_client().get(f"/api/v1/zones?expiring_within={value}")
    assert resp.status_code == 400
    err = resp.get_json()["error"]
    assert err["field"] == "expiring_within" and "expiring_within" in err["message"]


def test_seeded_nightlife_zones_show_up_60_days_before_31_may(seeded_app: Flask) -> None:
    seeded_app.config["TODAY"] = "2026-04-15"
    body = seeded_app.test_client().get("/api/v1/zones?expiring_within=P60D").get_json()
    names = [f["properties"]["name"] for f in body["features"]]
    assert len(names) == 4 and all(n.startswith("Nattelivszone") for n in names)
    assert {f["properties"]["valid_until"] for f in body["features"]} == {"2026-05-31"}
    seeded_app.config["TODAY"] = "2026-03-01"
    assert seeded_app.test_client().get("/api/v1/zones?expiring_within=P60D").get_json()["features"] == []


def test_zone_representation_carries_area_facts(app: Flask) -> None:
    zone = _post(app, "/api/v1/zones", zone_feature())
    props = zone["properties"]
    assert props["municipalities"] == ["0101"]
    assert "Vesterbro-Kongens Enghave" in props["city_districts"]
    # the factory's square: 0.004° x 0.0015° at 55.67° N ≈ 251 m x 167 m
    assert 38_000 < props["area_m2"] < 46_000 and 780 < props["perimeter_m"] < 880
