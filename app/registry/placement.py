"""Where a geometry lies: derived municipalities, bbox, and the district check (swapped lat/lon hint)."""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry

from app import reference
from app.registry.errors import Invalid
from geo.crs import to_metric, to_wgs84
from geo.footprint import footprint_metric

DENMARK_BBOX = (7.5, 54.4, 15.6, 58.0)


@dataclass(frozen=True)
class Placement:
    municipalities: list[str]
    bbox: tuple[float, float, float, float]


def _in_denmark(geom: BaseGeometry) -> bool:
    minx, miny, maxx, maxy = geom.bounds
    return (DENMARK_BBOX[0] <= minx and maxx <= DENMARK_BBOX[2]
            and DENMARK_BBOX[1] <= miny and maxy <= DENMARK_BBOX[3])


def check_in_district(geom: BaseGeometry, footprint: BaseGeometry, tolerance_m: float) -> None:
    """422 when the footprint lies wholly outside the police district (with a hint for swapped axes)."""
    if reference.district().intersects_any(footprint.buffer(tolerance_m)):
        return
    swapped = shapely.transform(geom, lambda xy: xy[:, ::-1])
    if not _in_denmark(geom) and _in_denmark(swapped):
        raise Invalid("geometry lies outside Denmark; the coordinates look swapped — GeoJSON positions "
                      "are [longitude, latitude]", "geometry.coordinates")
    raise Invalid("geometry lies wholly outside the Copenhagen Police district; set "
                  "properties.allow_outside_district=true if that is intended", "geometry")


def place(geom: BaseGeometry, buffer_m: float | None, tolerance_m: float | None) -> Placement:
    """Derive municipalities (footprint ∩ the four municipality polygons) and the footprint's bbox."""
    footprint = footprint_metric(geom, buffer_m)
    if tolerance_m is not None:
        check_in_district(geom, footprint, tolerance_m)
    bbox = to_wgs84(footprint).bounds if not footprint.is_empty else geom.bounds
    return Placement(reference.municipalities().touching(footprint), tuple(bbox))  # type: ignore[arg-type]


def place_zone(geom: BaseGeometry) -> Placement:
    return Placement(reference.municipalities().touching(to_metric(geom)), tuple(geom.bounds))  # type: ignore[arg-type]
