"""The district's reference areas, read once from the files shipped in app/seed/geo (never ../shared)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from shapely.geometry import shape

from geo.areas import AreaSet

MUNICIPALITY_NAMES = {"0101": "København", "0147": "Frederiksberg", "0155": "Dragør", "0185": "Tårnby"}


def seed_file(name: str) -> dict[str, Any]:
    """A GeoJSON file from the package's seed data."""
    return json.loads(resources.files("app.seed").joinpath("geo", name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def municipalities() -> AreaSet:
    feats = seed_file("municipalities.geojson")["features"]
    return AreaSet.from_wgs84([(f["properties"]["kommunekode"], f["properties"]["name"],
                                shape(f["geometry"])) for f in feats])


@lru_cache(maxsize=1)
def district() -> AreaSet:
    feats = seed_file("police_district.geojson")["features"]
    return AreaSet.from_wgs84([(str(f["properties"]["politikreds_nr"]), f["properties"]["name"],
                                shape(f["geometry"])) for f in feats])


@lru_cache(maxsize=1)
def city_districts() -> AreaSet:
    feats = seed_file("city_districts.geojson")["features"]
    return AreaSet.from_wgs84([(str(f["properties"]["bydel_nr"]), f["properties"]["name"],
                                shape(f["geometry"])) for f in feats])
