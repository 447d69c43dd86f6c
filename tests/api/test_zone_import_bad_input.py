"""The bad-input catalogue for POST /api/v1/zones/import: status, a message naming the problem, DB unchanged."""

from __future__ import annotations

import io
import zipfile

import pytest
from flask import Flask
from shapely import Point

from tests.api.zone_upload import db_state, upload
from tests.geo.gis_builders import INDRE_BY, frame, to_bytes, zip_bytes, zones_frame
from tests.geo.test_gis_hostile import LAUGHS, XXE

SHP_MAGIC = b"\x00\x00\x27\x0a"


def _shapefile_without(ext: str) -> bytes:
    return to_bytes(zones_frame("EPSG:25832"), "shp", drop=(ext,))


CASES = [
    # (id, data, filename, form, status, code, field, words in the message)
    ("zip-without-shp", zip_bytes({"zoner.dbf": b"x", "zoner.prj": b"x"}), "z.zip", {}, 422,
     "invalid_file_unsupported", "file", "no .shp"),
    ("shp-without-prj", _shapefile_without(".prj"), "z.zip", {}, 422, "invalid_file_crs", "crs", ".prj"),
    ("shp-without-dbf", _shapefile_without(".dbf"), "z.zip", {}, 422, "invalid_file_unsupported", "file",
     "without its .dbf"),
    ("bare-shp", SHP_MAGIC + b"\x00" * 96, "z.shp", {}, 422, "invalid_file_unsupported", "file", ".zip"),
    ("empty-file", b"", "z.geojson", {}, 422, "invalid_file_empty", "file", "empty"),
    ("no-features", b'{"type": "FeatureCollection", "features": []}', "z.geojson", {}, 422,
     "invalid_file_empty", "file", "no features"),
    ("mixed-geometry-types", to_bytes(frame([INDRE_BY, Point(12.57, 55.68)], NAVN=["a", "b"]), "geojson"),
     "z.geojson", {}, 422, "rejected_records", "file", "index 1: geometry type Point is not allowed"),
    ("kml-external-entity", XXE, "z.kml", {}, 422, "invalid_file_unsafe", "file", "DTD or entity"),
    ("kml-billion-laughs", LAUGHS, "z.kml", {}, 422, "invalid_file_unsafe", "file", "DTD or entity"),
    ("kmz-external-entity", zip_bytes({"doc.kml": XXE}), "z.kmz", {}, 422, "invalid_file_unsafe",
     "file:doc.kml", "DTD or entity"),
    ("path-traversal", zip_bytes({"../../etc/zoner.shp": SHP_MAGIC}), "z.zip", {}, 422,
     "invalid_file_unsafe", "file", "unsafe path"),
    ("not-a-gis-file", b"%PDF-1.7 hello", "z.pdf", {}, 422, "invalid_file_unsupported", "file",
     "expected GeoJSON, GeoPackage, zipped Shapefile, KML or KMZ"),
    ("unknown-crs", to_bytes(zones_frame(), "geojson"), "z.geojson", {"crs": "EPSG:0"}, 422,
     "invalid_file_crs", "crs", "not a known CRS"),
    ("crs-contradicts-prj", to_bytes(zones_frame("EPSG:25832"), "shp"), "z.zip", {"crs": "EPSG:3857"}, 422,
     "invalid_file_crs", "crs", "declares EPSG:25832 but EPSG:3857"),
    ("missing-name-field", to_bytes(zones_frame(), "gpkg"), "z.gpkg", {"name_field": "TITEL"}, 422,
     "invalid_file_field", "name_field", "no field 'TITEL'"),
    ("unknown-kind", to_bytes(zones_frame(), "gpkg"), "z.gpkg", {"kind": "disco"}, 422, "invalid", "kind",
     "unknown zone kind 'disco'"),
    ("bad-active-hours", to_bytes(zones_frame(), "gpkg"), "z.gpkg", {"active_hours": "[{\"start\": \"25:00\""},
     400, "bad_request", "active_hours", "JSON list"),
    ("invalid-active-hours", to_bytes(zones_frame(), "gpkg"), "z.gpkg",
     {"active_hours": '[{"start": "05:00", "end": "05:00"}]'}, 422, "invalid", "active_hours[0].end",
     "differ"),
    ("bad-date", to_bytes(zones_frame(), "gpkg"), "z.gpkg", {"valid_until": "31/05/2026"}, 422, "invalid",
     "valid_until", "YYYY-MM-DD"),
    ("unknown-parameter", to_bytes(zones_frame(), "gpkg"), "z.gpkg", {"dryrun": "true"}, 400, "bad_request",
     "dryrun", "unknown parameter 'dryrun'"),
    ("bad-flag", to_bytes(zones_frame(), "gpkg"), "z.gpkg", {"partial": "maybe"}, 400, "bad_request",
     "partial", "true or false"),
]


@pytest.mark.parametrize("data, filename, form, status, code, field, words",
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_refused_whole(app: Flask, data, filename, form, status, code, field, words) -> None:
    before = db_state(app)
    resp = upload(app, data, filename, **form)
    body = resp.get_json()
    assert resp.status_code == status, body
    assert body["error"]["code"] == code and body["error"]["field"] == field
    assert words in body["error"]["message"]
    assert db_state(app) == before


def test_zip_bomb_is_refused_by_its_declared_size(app: Flask) -> None:
    assert app.config["ZONE_IMPORT_MAX_UNPACKED_BYTES"] == 500 * 1024 * 1024
    app.config["ZONE_IMPORT_MAX_UNPACKED_BYTES"] = 2 * 1024 * 1024  # the same check, at a cheaper size
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.geojson", b" " * (6 * 1024 * 1024))  # 6 MB of spaces, ~6 kB zipped
    before = db_state(app)
    resp = upload(app, buf.getvalue(), "bomb.zip")
    assert resp.status_code == 422
    assert "would unpack to 6 MB; the limit is 2 MB" in resp.get_json()["error"]["message"]
    assert db_state(app) == before


def test_a_file_over_the_limit_is_413_and_says_the_limit(app: Flask) -> None:
    data = to_bytes(zones_frame(), "geojson")
    app.config["ZONE_IMPORT_MAX_BYTES"] = len(data) - 10
    resp = upload(app, data)
    assert resp.status_code == 413
    body = resp.get_json()["error"]
    assert body["code"] == "invalid_file_too_large" and "OVERBLIK_ZONE_IMPORT_MAX_BYTES" in body["message"]
    assert db_state(app)[0] == 0


def test_a_body_over_the_limit_is_413_before_it_is_parsed(app: Flask) -> None:
    app.config["ZONE_IMPORT_MAX_BYTES"] = 1024  # + 64 kB of multipart allowance
    resp = upload(app, b"{" + b" " * (100 * 1024) + b"}")  # under 500 kB: the test client keeps it in memory
    assert resp.status_code == 413
    assert "the upload is larger than the limit" in resp.get_json()["error"]["message"]


def test_the_default_limit_allows_more_than_the_json_body_limit(app: Flask) -> None:
    assert app.config["ZONE_IMPORT_MAX_BYTES"] == 200 * 1024 * 1024 > app.config["MAX_CONTENT_LENGTH"]


def test_missing_file_field(app: Flask) -> None:
    from tests.factories import auth_headers

    resp = app.test_client().post("/api/v1/zones/import", data={"kind": "nightlife"},
                                  headers=auth_headers(app, "planner"), content_type="multipart/form-data")
    assert resp.status_code == 400 and resp.get_json()["error"]["field"] == "file"
    assert "multipart/form-data in the field 'file'" in resp.get_json()["error"]["message"]


def test_missing_kind(app: Flask) -> None:
    from tests.factories import auth_headers

    resp = app.test_client().post("/api/v1/zones/import", headers=auth_headers(app, "planner"),
                                  data={"file": (io.BytesIO(to_bytes(zones_frame(), "gpkg")), "z.gpkg")},
                                  content_type="multipart/form-data")
    assert resp.status_code == 400 and resp.get_json()["error"]["field"] == "kind"
