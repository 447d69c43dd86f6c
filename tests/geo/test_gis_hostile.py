"""Hostile and broken uploads: each is refused as a whole with a message naming what is wrong."""

from __future__ import annotations

import io
import zipfile

import pytest

from geo.errors import GisFileError
from geo.gis_files import ImportLimits
from geo.gis_import import read_gis, read_gis_path
from tests.bad_inputs.hostile import KML_LAUGHS as LAUGHS
from tests.bad_inputs.hostile import KML_XXE as XXE
from tests.geo.gis_builders import frame, to_bytes, zip_bytes, zones_frame

VRT = b"""<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/etc/passwd</SrcDataSource>
</OGRVRTLayer></OGRVRTDataSource>"""


def refused(data: bytes, **kwargs) -> GisFileError:
    with pytest.raises(GisFileError) as err:
        read_gis(data, **kwargs)
    return err.value


@pytest.mark.parametrize("data", [b"", b"  \n\t "])
def test_empty_file(data: bytes) -> None:
    assert refused(data).reason == "empty"
    assert "empty" in refused(data).message


def test_file_without_features_is_empty() -> None:
    err = refused(b'{"type": "FeatureCollection", "features": []}')
    assert err.reason == "empty" and "no features" in err.message


def test_unknown_format_names_what_we_accept() -> None:
    err = refused(b"NAVN;WKT\nx;POLYGON((0 0,1 0,1 1,0 0))")
    assert err.reason == "unsupported" and "GeoJSON, GeoPackage, zipped Shapefile, KML or KMZ" in err.message


def test_bare_shp_asks_for_a_zip() -> None:
    shp = zipfile.ZipFile(io.BytesIO(to_bytes(zones_frame(), "shp"))).read("zoner.shp")
    assert "must be uploaded as one .zip" in refused(shp).message


def test_file_over_the_limit_says_the_limit() -> None:
    data = to_bytes(zones_frame(), "geojson")
    err = refused(data, limits=ImportLimits(max_bytes=len(data) - 1))
    assert err.reason == "too_large"
    assert "the limit is" in err.message and "OVERBLIK_ZONE_IMPORT_MAX_BYTES" in err.message


def test_the_default_limit_is_200_mb_and_checked_before_reading(tmp_path) -> None:
    assert ImportLimits().max_bytes == 200 * 1024 * 1024
    big = tmp_path / "big.geojson"
    with big.open("wb") as fh:  # sparse: 200 MB + 1 byte on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024 + 1)
    with pytest.raises(GisFileError) as err:
        read_gis_path(big)
    assert err.value.reason == "too_large" and "200.0 MB; the limit is 200 MB" in err.value.message


def test_too_many_features() -> None:
    err = refused(to_bytes(zones_frame(), "gpkg"), limits=ImportLimits(max_features=1))
    assert err.reason == "too_large" and "2 features; the limit is 1" in err.message


def test_zip_without_shp() -> None:
    members = {"zoner.dbf": b"x", "zoner.prj": b"x"}
    assert "Shapefile parts but no .shp" in refused(zip_bytes(members)).message
    assert "holds no .shp" in refused(zip_bytes({"readme.txt": b"hej"})).message


def test_shp_without_its_dbf() -> None:
    data = to_bytes(zones_frame(), "shp", drop=(".dbf",))
    assert "zoner.shp comes without its .dbf file" in refused(data).message


def test_several_shapefiles_in_one_zip() -> None:
    one = zipfile.ZipFile(io.BytesIO(to_bytes(zones_frame(), "shp")))
    members = {f"{d}/{n}": one.read(n) for d in ("a", "b") for n in one.namelist()}
    err = refused(zip_bytes(members))
    assert err.reason == "layer" and "several Shapefiles" in err.message


def test_shapefile_in_a_folder_inside_the_zip_is_fine() -> None:
    one = zipfile.ZipFile(io.BytesIO(to_bytes(zones_frame("EPSG:25832"), "shp")))
    members = {f"eksport/{n}": one.read(n) for n in one.namelist()}
    members["__MACOSX/eksport/._zoner.shp"] = b"junk"
    assert len(read_gis(zip_bytes(members)).records) == 2


@pytest.mark.parametrize("name", ["../zoner.shp", "/etc/zoner.shp", "a/../../zoner.shp", "C:/zoner.shp",
                                  "a\\..\\zoner.shp"])
def test_path_traversal_in_member_names(name: str) -> None:
    err = refused(zip_bytes({name: b"\x00\x00\x27\x0a"}))
    assert err.reason == "unsafe" and repr(name) in err.message


def test_zip_bomb_by_size_is_refused_before_unpacking() -> None:
    data = zip_bytes({"bomb.geojson": b" " * (3 * 1024 * 1024)})
    assert len(data) < 100_000
    err = refused(data, limits=ImportLimits(max_uncompressed_bytes=1024 * 1024))
    assert err.reason == "unsafe" and "would unpack to 3 MB; the limit is 1 MB" in err.message


def test_zip_bomb_by_member_count() -> None:
    data = zip_bytes({f"f{i}.txt": b"" for i in range(30)})
    err = refused(data, limits=ImportLimits(max_members=20))
    assert err.reason == "unsafe" and "30 members; the limit is 20" in err.message


def test_broken_zip() -> None:
    data = to_bytes(zones_frame(), "shp")
    assert refused(data[: len(data) // 2]).reason == "unreadable"


@pytest.mark.parametrize("xml", [XXE, LAUGHS], ids=["external-entity", "billion-laughs"])
def test_kml_with_a_dtd_or_entities(xml: bytes) -> None:
    err = refused(xml)
    assert err.reason == "unsafe" and "must not contain a DTD or entity declarations" in err.message


def test_kmz_with_a_hostile_doc_kml() -> None:
    err = refused(zip_bytes({"doc.kml": XXE}))
    assert err.reason == "unsafe" and err.where == "file:doc.kml"


def test_xml_that_is_not_kml_is_refused() -> None:
    err = refused(VRT)
    assert err.reason == "unsupported" and "expected <kml>" in err.message


def test_xml_that_is_not_well_formed() -> None:
    assert refused(b"<kml><Placemark></kml>").reason == "unreadable"


def test_sqlite_header_with_garbage_is_unreadable() -> None:
    err = refused(b"SQLite format 3\x00" + b"\x01" * 2000)
    assert err.reason == "unreadable" and "gpkg" in err.message


def test_geojson_that_is_not_json_is_unreadable() -> None:
    assert refused(b'{"type": "FeatureCollection", "features": [').reason == "unreadable"


def test_a_non_zone_file_is_all_rejected_not_half_taken() -> None:
    from shapely import LineString

    result = read_gis(to_bytes(frame([LineString([(12.5, 55.6), (12.6, 55.7)])], NAVN=["rute"]), "gpkg"))
    assert result.records == [] and result.rejected[0].index == 0
