"""Reference areas (municipalities, the police district, city districts) and what a footprint touches."""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry

from geo.crs import to_metric


@dataclass(frozen=True)
class Area:
    """A named reference polygon, kept in EPSG:25832 for exact, metric tests."""

    code: str
    name: str
    metric: BaseGeometry


class AreaSet:
    """A set of reference areas with a prepared STRtree-free lookup (few, large polygons)."""

    def __init__(self, areas: list[Area]) -> None:
        self.areas = areas
        for a in areas:
            shapely.prepare(a.metric)

    @classmethod
    def from_wgs84(cls, items: list[tuple[str, str, BaseGeometry]]) -> AreaSet:
        return cls([Area(code, name, to_metric(g)) for code, name, g in items])

    def touching(self, footprint_metric: BaseGeometry) -> list[str]:
        """Codes of the areas the footprint intersects, in the set's order."""
        return [a.code for a in self.areas if a.metric.intersects(footprint_metric)]

    def name(self, code: str) -> str | None:
        return next((a.name for a in self.areas if a.code == code), None)

    def intersects_any(self, footprint_metric: BaseGeometry) -> bool:
        """Whether the footprint touches at least one area."""
        return any(a.metric.intersects(footprint_metric) for a in self.areas)
