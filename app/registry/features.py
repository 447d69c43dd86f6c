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
    if geometry is None and require_geometry:
        raise Invalid("geometry is required", "geometry")
    return geometry, props


def read_geometry(obj: dict[str, Any], allowed: tuple[str, ...] = EVENT_TYPES) -> BaseGeometry:
    """A valid shapely geometry, or Invalid naming where it fails (e.g. a self-intersection point)."""
    try:
        return parse_geometry(obj, allowed)
    except GeometryError as exc:
        raise Invalid(exc.message, exc.where or "geometry") from None
