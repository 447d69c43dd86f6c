"""Coordinate reference systems: store in WGS84 (EPSG:4326), measure in ETRS89 / UTM 32N (EPSG:25832)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

WGS84 = "EPSG:4326"
METRIC = "EPSG:25832"


@lru_cache(maxsize=32)
def transformer(src: str, dst: str) -> Transformer:
    """A cached lon/lat-ordered transformer from `src` to `dst`."""
    return Transformer.from_crs(src, dst, always_xy=True)


def reproject(geom: BaseGeometry, src: str, dst: str) -> BaseGeometry:
    """Reproject `geom` from CRS `src` to CRS `dst` (vectorised over all coordinates)."""
    if src == dst:
        return geom
    t = transformer(src, dst)

    def _xy(coords: np.ndarray) -> np.ndarray:
        x, y = t.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, _xy)


def to_metric(geom: BaseGeometry) -> BaseGeometry:
    """WGS84 (EPSG:4326) → EPSG:25832, for lengths, areas and buffers in metres."""
    return reproject(geom, WGS84, METRIC)


def to_wgs84(geom: BaseGeometry) -> BaseGeometry:
    """EPSG:25832 → WGS84 (EPSG:4326), for storage and GeoJSON."""
    return reproject(geom, METRIC, WGS84)
