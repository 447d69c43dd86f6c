"""An event's footprint: its geometry plus a buffer, in EPSG:25832 metres."""

from __future__ import annotations

from shapely.geometry.base import BaseGeometry

from geo.crs import to_metric

DEFAULT_BUFFER_M = {"Point": 50.0, "LineString": 15.0, "Polygon": 0.0, "MultiPolygon": 0.0}


def buffer_for(geom: BaseGeometry, buffer_m: float | None) -> float:
    """The buffer to use: the event's own, or a default by geometry type (a point needs some area)."""
    if buffer_m is not None:
        return float(buffer_m)
    return DEFAULT_BUFFER_M.get(geom.geom_type, 0.0)


def footprint_metric(geom_wgs84: BaseGeometry, buffer_m: float | None = None) -> BaseGeometry:
    """The footprint in EPSG:25832: geometry reprojected once and buffered by `buffer_m` (or the default)."""
    metric = to_metric(geom_wgs84)
    dist = buffer_for(geom_wgs84, buffer_m)
    return metric.buffer(dist, quad_segs=8) if dist > 0 else metric
