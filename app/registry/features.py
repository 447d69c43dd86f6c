"""Reading GeoJSON Features sent by clients: the shape of the request before its fields."""

from __future__ import annotations

from typing import Any

from shapely.geometry.base import BaseGeometry

from app.registry.errors import BadRequest, Invalid
from geo.errors import GeometryError
from geo.geojson import EVENT_TYPES, parse_geometry


def feature_parts(payload: Any, require_geometry: bool = True) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """Split a Feature into (geometry dict or None, properties); 400 when it is not a Feature."""
    if not isinstance(payload, dict):
        raise BadRequest("request body must be a GeoJSON Feature object", "body")
    if payload.get("type") != "Feature":
        raise BadRequest('request body must be a GeoJSON Feature ("type": "Feature")', "type")
    props = payload.get("properties")
    if props is None:
        props = {}
    if not isinstance(props, dict):
        raise BadRequest("properties must be an object", "properties")
    geometry = payload.get("geometry")
    _check_crs(payload.get("crs"), "crs")
    if isinstance(geometry, dict):
        _check_crs(geometry.get("crs"), "geometry.crs")
    if geometry is None and require_geometry:
        raise Invalid("geometry is required", "geometry")
    return geometry, props


WGS84_NAMES = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4326",
               "urn:ogc:def:crs:EPSG::4326", "OGC:CRS84"}


def _check_crs(crs: Any, where: str) -> None:
    """RFC 7946 GeoJSON is WGS84 lon/lat; a legacy `crs` member naming anything else would make us read
    metres as degrees, so it is refused rather than ignored."""
    if crs is None:
        return
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) and isinstance(
        crs.get("properties"), dict) else None
    if name not in WGS84_NAMES:
        raise Invalid(f"{where}: GeoJSON must be WGS84 longitude/latitude (RFC 7946); {name or crs!r} is not "
                      "accepted — reproject to EPSG:4326 first, or import the file through /api/v1/zones/import "
                      "with ?crs=", where)


def read_geometry(obj: dict[str, Any], allowed: tuple[str, ...] = EVENT_TYPES) -> BaseGeometry:
    """A valid shapely geometry, or Invalid naming where it fails (e.g. a self-intersection point)."""
    try:
        return parse_geometry(obj, allowed)
    except GeometryError as exc:
        raise Invalid(exc.message, exc.where or "geometry") from None


def merge_patch(current: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """A PATCH's properties over the stored ones: unset stored values drop out unless the patch names them."""
    merged = {k: v for k, v in current.items() if v is not None or k in patch}
    merged.update(patch)
    return merged
