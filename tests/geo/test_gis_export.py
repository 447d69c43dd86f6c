"""Export to GeoJSON, GeoPackage, CSV (WKT) and KML, and the round trip import → export → import."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pyogrio
import pytest
import shapely
from shapely import LineString, Point

from geo.geojson import EVENT_TYPES
from geo.gis_export import FORMATS, ExportRecord, export
from geo.gis_import import read_gis
from tests.geo.gis_builders import CRSS, INDRE_BY, VESTERBRO, hausdorff_m, to_bytes, zones_frame

HOURS = [{"days": ["fri", "sat"], "start": "23:00", "end": "05:00"}]


def as_export(result) -> list[ExportRecord]:
    return [ExportRecord(f"z-{r.index}", r.name or "", r.geometry, r.properties) for r in result.records]


@pytest.mark.parametrize("crs", CRSS)
@pytest.mark.parametrize("src_fmt", ["shp", "gpkg", "geojson"])
@pytest.mark.parametrize("out_fmt", ["geojson", "gpkg", "kml"])
def test_round_trip_keeps_geometry_within_half_a_metre_and_attributes(crs, src_fmt, out_fmt) -> None:
    first = read_gis(to_bytes(zones_frame(crs), src_fmt))
    again = read_gis(export(as_export(first), out_fmt, layer="zoner"))
    assert [r.name for r in again.records] == ["Indre By", "Vesterbro"]
    for before, after, original in zip(first.records, again.records, (INDRE_BY, VESTERBRO), strict=True):
        assert hausdorff_m(after.geometry, before.geometry) < 0.5
        assert hausdorff_m(after.geometry, original) < 0.5
        expected = {"id": f"z-{before.index}", **before.properties}
        if out_fmt == "kml":  # KML carries attributes as text
            expected = {k: None if v is None else str(v) for k, v in expected.items()}
        assert after.properties == expected


def test_nested_values_survive_geojson_and_become_json_text_elsewhere() -> None:
    rec = ExportRecord("z1", "Indre By", INDRE_BY, {"active_hours": HOURS, "valid_until": date(2026, 5, 31)})
    doc = json.loads(export([rec], "geojson"))
    props = doc["features"][0]["properties"]
    assert doc["features"][0]["id"] == "z1"
    assert props["active_hours"] == HOURS and props["valid_until"] == "2026-05-31"
    again = read_gis(export([rec], "gpkg")).records[0].properties
    assert json.loads(again["active_hours"]) == HOURS and again["valid_until"] == "2026-05-31"


def test_csv_has_wkt_geometry_and_every_attribute() -> None:
    recs = [ExportRecord("z1", "Indre By", INDRE_BY, {"kind": "nightlife", "active_hours": HOURS}),
            ExportRecord("z2", "Vesterbro, Kødbyen", VESTERBRO, {"kind": "nightlife"})]
    rows = list(csv.DictReader(io.StringIO(export(recs, "csv").decode("utf-8"))))
    assert [r["name"] for r in rows] == ["Indre By", "Vesterbro, Kødbyen"]
    assert list(rows[0]) == ["WKT", "id", "name", "kind", "active_hours"]
    assert shapely.from_wkt(rows[0]["WKT"]).equals_exact(INDRE_BY, 1e-9)
    assert json.loads(rows[0]["active_hours"]) == HOURS and rows[1]["active_hours"] == ""


@pytest.mark.parametrize("fmt", ["gpkg", "kml", "geojson"])
def test_events_of_mixed_geometry_types_export_together(fmt) -> None:
    route = LineString([(12.534, 55.6786), (12.5683, 55.6759)])
    recs = [ExportRecord("e1", "Pride", route, {"attendance": 300000}),
            ExportRecord("e2", "Koncert", Point(12.57, 55.68), {"attendance": 500}),
            ExportRecord("e3", "Festival", INDRE_BY, {"attendance": None})]
    result = read_gis(export(recs, fmt), allowed=EVENT_TYPES)
    assert [r.geometry.geom_type for r in result.records] == ["LineString", "Point", "Polygon"]
    assert [r.name for r in result.records] == ["Pride", "Koncert", "Festival"]


def test_mixed_value_types_in_one_column_are_written_as_text() -> None:
    recs = [ExportRecord("a", "a", INDRE_BY, {"nr": 3}), ExportRecord("b", "b", VESTERBRO, {"nr": "3b"})]
    assert [r.properties["nr"] for r in read_gis(export(recs, "gpkg")).records] == ["3", "3b"]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_empty_export_is_a_valid_empty_file(fmt, tmp_path) -> None:
    data = export([], fmt)
    assert data
    if fmt == "geojson":
        assert json.loads(data) == {"type": "FeatureCollection", "features": []}
    else:
        path = tmp_path / f"empty.{fmt}"
        path.write_bytes(data)
        assert len(pyogrio.read_dataframe(path)) == 0


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="expected one of geojson, gpkg, csv, kml"):
        export([], "shp")
