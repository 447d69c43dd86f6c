"""Area facts for a zone, measured in EPSG:25832: area, perimeter, municipalities and districts touched.

"Touched" uses the same rule as an event's derived municipalities (geo.areas.AreaSet.touching), so a
zone and an event over the same ground name the same municipalities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shapely.geometry.base import BaseGeometry

from geo.areas import AreaSet
from geo.crs import to_metric


@dataclass(frozen=True)
class AreaFacts:
    area_m2: float
    perimeter_m: float
    municipalities: tuple[str, ...]
    city_districts: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"area_m2": round(self.area_m2, 1), "perimeter_m": round(self.perimeter_m, 1),
                "municipalities": list(self.municipalities), "city_districts": list(self.city_districts)}


def area_facts(geom_wgs84: BaseGeometry, municipalities: AreaSet | None = None,
               districts: AreaSet | None = None) -> AreaFacts:
    """Facts for a WGS84 polygon, reprojected once to EPSG:25832; reference areas are plain input."""
    metric = to_metric(geom_wgs84)
    return AreaFacts(
        metric.area, metric.length,
        tuple(municipalities.touching(metric)) if municipalities else (),
        tuple(districts.touching(metric)) if districts else (),
    )
