"""Area facts for a zone, measured in EPSG:25832: area, perimeter, municipalities and districts touched."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from geo.crs import to_metric

MIN_SHARED_M2 = 1.0  # slivers from different digitisations along a shared border do not count as touching


@dataclass(frozen=True)
class ReferenceArea:
    """A municipality or city district as plain input: code, name and WGS84 geometry."""

    code: str
    name: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class AreaFacts:
    area_m2: float
    perimeter_m: float
    municipalities: tuple[str, ...]
    city_districts: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"area_m2": round(self.area_m2, 1), "perimeter_m": round(self.perimeter_m, 1),
                "municipalities": list(self.municipalities), "city_districts": list(self.city_districts)}


def touched(geom_metric: BaseGeometry, areas: Sequence[ReferenceArea]) -> tuple[str, ...]:
    """Codes of the areas sharing at least MIN_SHARED_M2 with `geom_metric` (EPSG:25832), in code order."""
    if not areas:
        return ()
    shapely.prepare(geom_metric)
    hits = []
    for area in areas:
        ref = to_metric(area.geometry)
        if geom_metric.intersects(ref) and geom_metric.intersection(ref).area >= MIN_SHARED_M2:
            hits.append(area.code)
    return tuple(sorted(hits))


def area_facts(geom_wgs84: BaseGeometry, municipalities: Sequence[ReferenceArea] = (),
               districts: Sequence[ReferenceArea] = ()) -> AreaFacts:
    """Facts for a WGS84 polygon, reprojected once to EPSG:25832."""
    metric = to_metric(geom_wgs84)
    return AreaFacts(metric.area, metric.length, touched(metric, municipalities), touched(metric, districts))
