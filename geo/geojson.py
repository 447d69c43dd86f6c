"""GeoJSON geometry in and out, validated at the edge (RFC 7946, lon/lat order, WGS84)."""

from __future__ import annotations

import math
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from geo.errors import GeometryError

EVENT_TYPES = ("Point", "LineString", "Polygon", "MultiPolygon")
ZONE_TYPES = ("Polygon", "MultiPolygon")
MAX_VERTICES = 100_000


def parse_geometry(obj: Any, allowed: tuple[str, ...] = EVENT_TYPES) -> BaseGeometry:
    """Turn a GeoJSON geometry object into a valid shapely geometry, or raise GeometryError saying where."""
    if not isinstance(obj, dict):
        raise GeometryError("geometry must be a GeoJSON geometry object", "geometry")
    gtype = obj.get("type")
    if gtype not in allowed:
        raise GeometryError(
            f"unsupported geometry type {gtype!r}; expected one of {', '.join(allowed)}", "geometry.type"
        )
    coords = obj.get("coordinates")
    if not isinstance(coords, list) or not coords:
        raise GeometryError("geometry.coordinates must be a non-empty array", "geometry.coordinates")
    _check_positions(coords, "geometry.coordinates")
    _check_rings(gtype, coords)
    try:
        geom = shape(obj)
    except (ValueError, TypeError, AttributeError, IndexError) as exc:
        raise GeometryError(f"coordinates do not form a {gtype}: {exc}", "geometry.coordinates") from exc
    if shapely.get_num_coordinates(geom) > MAX_VERTICES:
        raise GeometryError(f"geometry has more than {MAX_VERTICES} vertices", "geometry.coordinates")
    check_valid(geom)
    return geom


def check_valid(geom: BaseGeometry) -> None:
    """Raise GeometryError naming the location when `geom` is empty or invalid (e.g. a bow-tie polygon)."""
    if geom.is_empty:
        raise GeometryError("geometry is empty", "geometry")
    if isinstance(geom, shapely.LineString) and geom.length == 0:
        raise GeometryError("line has zero length", "geometry.coordinates")
    if not geom.is_valid:
        raise GeometryError(f"invalid geometry: {explain_validity(geom)}", "geometry.coordinates")


def _check_rings(gtype: str, coords: list[Any]) -> None:
    """RFC 7946 §3.1.6: a linear ring has at least four positions and its first and last are equal
    (shapely would close an open ring silently, storing a shape the sender did not draw)."""
    polygons = [coords] if gtype == "Polygon" else coords if gtype == "MultiPolygon" else []
    for p, rings in enumerate(polygons):
        base = "geometry.coordinates" + (f"[{p}]" if gtype == "MultiPolygon" else "")
        for r, ring in enumerate(rings if isinstance(rings, list) else []):
            where = f"{base}[{r}]"
            if not isinstance(ring, list) or len(ring) < 4:
                raise GeometryError("a polygon ring needs at least 4 positions (the last repeating the first)",
                                    where)
            if [float(c) for c in ring[0][:2]] != [float(c) for c in ring[-1][:2]]:
                raise GeometryError(f"ring is not closed: it starts at {ring[0][:2]} but ends at {ring[-1][:2]}; "
                                    "repeat the first position at the end", where)


def _check_positions(coords: Any, where: str) -> None:
    """Every position is [lon, lat] (optionally with z) of finite numbers within range."""
    if isinstance(coords, list) and coords and all(isinstance(c, (int, float)) for c in coords):
        _check_position(coords, where)
        return
    if not isinstance(coords, list):
        raise GeometryError("coordinates must be nested arrays of numbers", where)
    for i, part in enumerate(coords):
        _check_positions(part, f"{where}[{i}]")


def _check_position(pos: list[Any], where: str) -> None:
    if len(pos) < 2 or len(pos) > 3 or any(isinstance(c, bool) for c in pos):
        raise GeometryError("a position must be [longitude, latitude]", where)
    lon, lat = float(pos[0]), float(pos[1])
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise GeometryError("coordinates must be finite numbers", where)
    if not -180 <= lon <= 180 or not -90 <= lat <= 90:
        raise GeometryError(f"position ({lon}, {lat}) is outside longitude/latitude range", where)


def to_geojson(geom: BaseGeometry) -> dict[str, Any]:
    """A shapely geometry as a GeoJSON geometry dict (2-D, lists not tuples)."""
    return _listify(mapping(shapely.force_2d(geom)))


def _listify(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        return [_listify(o) for o in obj]
    if isinstance(obj, dict):
        return {k: _listify(v) for k, v in obj.items()}
    return obj
