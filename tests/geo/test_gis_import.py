"""Reading zones from real files produced here with geopandas, in several CRSs and formats."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
import shapely
from pyogrio.raw import write as raw_write
from shapely import Point, Polygon

from geo.errors import GisFileError
from geo.gis_import import read_gis, read_gis_path
from tests.geo.gis_builders import (
    BOW_TIE,
    CRSS,
    INDRE_BY,
    VESTERBRO,
    frame,
    hausdorff_m,
    to_bytes,
    zones_frame,
)


@pytest.mark.parametrize("crs", CRSS)
@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "shp"])
def test_any_crs_is_reprojected_to_wgs84_and_attributes_kept(crs: str, fmt: str) -> None:
    result = read_gis(to_bytes(zones_frame(crs), fmt))
    assert result.source_crs == crs
    assert [r.name for r in result.records] == ["Indre By", "Vesterbro"]
    assert hausdorff_m(result.records[0].geometry, INDRE_BY) < 0.5
    assert hausdorff_m(result.records[1].geometry, VESTERBRO) < 0.5
    assert result.records[0].properties == {"nr": 1, "note": "Kødbyen, Halmtorvet"}
    assert result.records[1].properties["note"] is None
    assert result.rejected == []


@pytest.mark.parametrize("fmt", ["kml", "kmz"])
def test_kml_and_kmz_are_read_as_wgs84(fmt: str) -> None:
    result = read_gis(to_bytes(zones_frame(), fmt))
    assert result.fmt == fmt and result.source_crs == "EPSG:4326"
    assert [r.name for r in result.records] == ["Indre By", "Vesterbro"]
    assert hausdorff_m(result.records[0].geometry, INDRE_BY) < 0.5
    assert result.records[0].properties["note"] == "Kødbyen, Halmtorvet"


def test_kml_folders_are_all_read_with_a_running_index() -> None:
    kml = b"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Folder><name>Nord</name><Placemark><name>A</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
12.55,55.68,0 12.56,55.68,0 12.56,55.69,0 12.55,55.68,0</coordinates></LinearRing></outerBoundaryIs></Polygon>
</Placemark></Folder>
<Folder><name>Syd</name><Placemark><name>B</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
12.55,55.66,0 12.56,55.66,0 12.56,55.67,0 12.55,55.66,0</coordinates></LinearRing></outerBoundaryIs></Polygon>
</Placemark></Folder></Document></kml>"""
    result = read_gis(kml)
    assert [(r.index, r.name) for r in result.records] == [(0, "A"), (1, "B")]
    assert result.notes == []  # Z = 0 everywhere, as Google Earth writes it, is no news


def test_name_field_is_chosen_or_its_absence_named() -> None:
    data = to_bytes(zones_frame(), "gpkg")
    assert [r.name for r in read_gis(data, name_field="note").records] == ["Kødbyen, Halmtorvet", None]
    with pytest.raises(GisFileError) as err:
        read_gis(data, name_field="NAME")
    assert err.value.where == "name_field"
    assert "'NAME'" in err.value.message and "NAVN" in err.value.message


def test_shapefile_without_prj_needs_the_crs() -> None:
    data = to_bytes(zones_frame("EPSG:25832"), "shp", drop=(".prj",))
    with pytest.raises(GisFileError) as err:
        read_gis(data)
    assert err.value.reason == "crs" and ".prj" in err.value.message
    result = read_gis(data, crs="EPSG:25832")
    assert hausdorff_m(result.records[0].geometry, INDRE_BY) < 0.5


def test_a_given_crs_contradicting_the_file_is_an_error() -> None:
    with pytest.raises(GisFileError) as err:
        read_gis(to_bytes(zones_frame("EPSG:25832"), "shp"), crs="EPSG:3857")
    assert "EPSG:25832" in err.value.message and "EPSG:3857" in err.value.message
    with pytest.raises(GisFileError, match="not a known CRS"):
        read_gis(to_bytes(zones_frame(), "gpkg"), crs="EPSG:999999")
    with pytest.raises(GisFileError, match="KML is always WGS84"):
        read_gis(to_bytes(zones_frame(), "kml"), crs="EPSG:25832")


def test_geojson_in_metres_needs_the_crs_given() -> None:
    data = json.dumps(zones_frame("EPSG:25832").__geo_interface__).encode()  # no crs member
    assert b'"crs"' not in data
    wrong = read_gis(data)
    assert wrong.records == []
    assert [r.index for r in wrong.rejected] == [0, 1]
    assert "is the CRS right?" in wrong.rejected[0].reason
    right = read_gis(data, crs="EPSG:25832")
    assert hausdorff_m(right.records[1].geometry, VESTERBRO) < 0.5


def test_geojson_with_a_legacy_crs_member_is_honoured() -> None:
    data = zones_frame("EPSG:25832").to_json().encode()
    assert b"EPSG::25832" in data
    result = read_gis(data)
    assert result.source_crs == "EPSG:25832"
    assert hausdorff_m(result.records[0].geometry, INDRE_BY) < 0.5


def test_mixed_geometry_types_reject_the_odd_ones_by_index() -> None:
    gdf = frame([INDRE_BY, Point(12.57, 55.68), VESTERBRO, None], NAVN=["a", "b", "c", "d"])
    result = read_gis(to_bytes(gdf, "geojson"))
    assert [r.name for r in result.records] == ["a", "c"]
    assert [(r.index, r.reason) for r in result.rejected] == [
        (1, "geometry type Point is not allowed; expected Polygon or MultiPolygon"),
        (3, "feature has no geometry"),
    ]
    assert any(n.startswith("mixed geometry types") and "Point (1)" in n for n in result.notes)


def test_z_values_are_dropped_with_a_note() -> None:
    z = shapely.force_3d(INDRE_BY, 12.5)
    result = read_gis(to_bytes(frame([z], NAVN=["3d"]), "gpkg"))
    rec = result.records[0]
    assert not rec.geometry.has_z
    assert rec.notes == ("Z values dropped",)
    assert any("Z (height)" in n for n in result.notes)
    assert hausdorff_m(rec.geometry, INDRE_BY) < 0.5


def test_measured_values_are_dropped_with_a_note(tmp_path) -> None:
    m = shapely.from_wkt("POLYGON M ((12.55 55.66 1, 12.56 55.66 2, 12.56 55.67 3, 12.55 55.66 1))")
    path = tmp_path / "m.gpkg"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # GDAL remarks that the layer type is declared without M
        raw_write(path, np.array([shapely.to_wkb(m, flavor="iso")], dtype=object),
                  [np.array(["målt"], dtype=object)], ["NAVN"], geometry_type="Polygon", crs="EPSG:4326",
                  driver="GPKG")
    result = read_gis_path(path)
    assert result.records[0].name == "målt"
    assert not shapely.has_m(result.records[0].geometry)
    assert "measured (M) values were dropped: zones are 2-D areas" in result.notes


def test_invalid_polygon_is_rejected_with_index_and_a_repair_proposal() -> None:
    data = to_bytes(frame([INDRE_BY, BOW_TIE], NAVN=["ok", "sløjfe"]), "geojson")
    result = read_gis(data)
    assert [r.name for r in result.records] == ["ok"]
    (bad,) = result.rejected
    assert bad.index == 1 and "Self-intersection" in bad.reason
    assert bad.repair is not None and bad.repair.geometry.is_valid
    assert bad.repair.geometry.geom_type == "MultiPolygon"
    # the bow-tie's signed area cancels to ~0; the repair covers both triangles (~ half the bbox)
    assert bad.repair.area_after_m2 > 300_000 and bad.repair.area_change_m2 > 300_000
    shown = bad.as_dict()
    assert shown["index"] == 1 and shown["repair"]["geometry"]["type"] == "MultiPolygon"
    repaired = read_gis(data, repair=True)
    assert [r.name for r in repaired.records] == ["ok", "sløjfe"]
    assert repaired.records[1].notes[0].startswith("repaired with make_valid; area changed by")
    assert repaired.rejected == []


def test_several_layers_need_one(tmp_path) -> None:
    target = tmp_path / "two.gpkg"
    zones_frame().to_file(target, driver="GPKG", layer="a")
    zones_frame().to_file(target, driver="GPKG", layer="b")
    with pytest.raises(GisFileError) as err:
        read_gis(target.read_bytes())
    assert err.value.reason == "layer" and "a, b" in err.value.message


def test_polygon_fixture_is_what_we_think() -> None:
    assert isinstance(INDRE_BY, Polygon) and INDRE_BY.is_valid and not BOW_TIE.is_valid
