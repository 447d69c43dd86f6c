"""A zone's area facts for its API representation: area and perimeter (m², m in EPSG:25832), districts."""

from __future__ import annotations

from typing import Any

from shapely.geometry.base import BaseGeometry

from app import reference
from geo.area_facts import area_facts


def zone_area_facts(geom: BaseGeometry) -> dict[str, Any]:
    """`area_m2`, `perimeter_m` and `city_districts` (names; København's ten bydele).

    `municipalities` (codes) is stored with the zone by the registry under the same touching rule.
    """
    districts = reference.city_districts()
    facts = area_facts(geom, None, districts)
    return {"area_m2": round(facts.area_m2, 1), "perimeter_m": round(facts.perimeter_m, 1),
            "city_districts": [districts.name(code) or code for code in facts.city_districts]}
