"""The district's reference areas, read once from the files shipped in app/seed/geo (packaged with the service)."""

from __future__ import annotations

from functools import lru_cache

from shapely.geometry import shape

from app.seed.files import geo_file
from geo.areas import AreaSet

MUNICIPALITY_NAMES = {"0101": "København", "0147": "Frederiksberg", "0155": "Dragør", "0185": "Tårnby"}


@lru_cache(maxsize=1)
def municipalities() -> AreaSet:
    feats = geo_file("municipalities")["features"]
    return AreaSet.from_wgs84([(f["properties"]["kommunekode"], f["properties"]["name"],
                                shape(f["geometry"])) for f in feats])


@lru_cache(maxsize=1)
def district() -> AreaSet:
    feats = geo_file("police_district")["features"]
    return AreaSet.from_wgs84([(str(f["properties"]["politikreds_nr"]), f["properties"]["name"],
                                shape(f["geometry"])) for f in feats])


@lru_cache(maxsize=1)
def city_districts() -> AreaSet:
    feats = geo_file("city_districts")["features"]
    return AreaSet.from_wgs84([(str(f["properties"]["bydel_nr"]), f["properties"]["name"],
                                shape(f["geometry"])) for f in feats])
