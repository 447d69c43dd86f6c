"""The packaged geodata and the common rules for all seed features (keys, geometry, provenance)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from app.seed import files
from geo.crs import to_metric
from geo.geojson import EVENT_TYPES, ZONE_TYPES, parse_geometry

SEED_DIR = Path(files.__file__).resolve().parent


@pytest.mark.parametrize("name", files.GEO_FILES)
def test_geo_layer_is_valid_feature_collection(name: str) -> None:
    data = files.geo_file(name)
    assert data["type"] == "FeatureCollection"
    assert data["features"], name
    for feat in data["features"]:
        parse_geometry(feat["geometry"], allowed=EVENT_TYPES)
        assert feat["properties"]["name"] and feat["properties"]["source"]


def test_unknown_geo_layer_is_refused() -> None:
    with pytest.raises(KeyError, match="unknown seed geodata file"):
        files.geo_file("../shared/data/venues")


def test_seed_files_live_inside_the_package() -> None:
    root = Path(str(files.seed_dir())).resolve()
    assert root == SEED_DIR
    for name in files.GEO_FILES:
        assert (root / "geo" / f"{name}.geojson").is_file()
    for extra in ("geo/LICENSES.md", "geo/README.md", "ATTRIBUTION.md", "zones.json", "events_2025.json"):
        assert (root / extra).is_file(), extra
    loader = (SEED_DIR / "files.py").read_text(encoding="utf-8")
    assert "shared" not in loader and ".." not in loader


def test_attribution_names_both_licensors_and_proxies() -> None:
    text = files.attribution()
    for needle in ("Københavns Kommune", "CC BY 4.0", "DAGI", "SDFI", "approximate", "tilnærmet"):
        assert needle in text


def test_municipalities_are_the_four_of_the_district() -> None:
    codes = {f["properties"]["kommunekode"] for f in files.geo_file("municipalities")["features"]}
    assert codes == {"0101", "0147", "0155", "0185"}
    district = files.geo_file("police_district")["features"]
    assert len(district) == 1 and district[0]["properties"]["politikreds_nr"] == 11


def test_seed_keys_are_unique_slugs_across_both_files(
    events: list[dict[str, Any]], zones: list[dict[str, Any]]
) -> None:
    keys = [f["properties"]["seed_key"] for f in events + zones]
    assert len(keys) == len(set(keys))
    for key in keys:
        assert key == key.lower() and key.isascii() and " " not in key, key


def _features(events: list[dict[str, Any]], zones: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [("event", f) for f in events] + [("zone", f) for f in zones]


def test_every_geometry_is_valid(events: list[dict[str, Any]], zones: list[dict[str, Any]]) -> None:
    for what, feat in _features(events, zones):
        allowed = EVENT_TYPES if what == "event" else ZONE_TYPES
        geom = parse_geometry(feat["geometry"], allowed=allowed)
        assert geom.is_valid and not geom.is_empty, feat["properties"]["seed_key"]


def test_every_geometry_lies_in_the_district(
    events: list[dict[str, Any]], zones: list[dict[str, Any]], district_metric: BaseGeometry
) -> None:
    outside = []
    for _, feat in _features(events, zones):
        geom = to_metric(shape(feat["geometry"]))
        if not district_metric.covers(geom):
            outside.append(feat["properties"]["seed_key"])
    assert outside == []


def test_the_district_check_would_catch_a_stray_geometry(district_metric: BaseGeometry) -> None:
    malmo = to_metric(shape({"type": "Point", "coordinates": [13.0038, 55.6050]}))
    swapped = to_metric(shape({"type": "Point", "coordinates": [55.6761, 12.5683]}))
    assert not district_metric.covers(malmo)
    assert not district_metric.covers(swapped)


def test_proxies_are_marked(events: list[dict[str, Any]], zones: list[dict[str, Any]]) -> None:
    for _, feat in _features(events, zones):
        props = feat["properties"]
        source = props.get("geometry_source") or props["source"]
        if "hand-placed" in source or "clipped" in source or "buffer" in source:
            assert props["proxy"] is True, props["seed_key"]
    for feat in zones:
        assert feat["properties"]["proxy"] is True  # no zone boundary in the pack is official


def test_event_sources_name_a_packaged_feature(events: list[dict[str, Any]]) -> None:
    for feat in events:
        src = feat["properties"]["geometry_source"]
        if src.startswith("hand-placed"):
            continue
        layer, _, rest = src.partition(".geojson#")
        name = rest.split(" (clipped")[0]
        names = {f["properties"]["name"] for f in files.geo_file(layer)["features"]}
        assert name in names, src
