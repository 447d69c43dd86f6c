"""Area facts in EPSG:25832: area, perimeter and which municipalities / districts a zone touches."""

from __future__ import annotations

import pytest
from shapely import box

from geo.area_facts import area_facts
from geo.areas import AreaSet
from geo.crs import to_wgs84

# Reference squares built in metres (EPSG:25832): west and east of x = 725 000, one district in the west
MUNICIPALITIES = AreaSet.from_wgs84([
    ("0101", "København", to_wgs84(box(724_000, 6_175_000, 725_000, 6_176_000))),
    ("0147", "Frederiksberg", to_wgs84(box(725_000, 6_175_000, 726_000, 6_176_000))),
])
DISTRICTS = AreaSet.from_wgs84([("1", "Indre By", to_wgs84(box(724_500, 6_175_000, 725_000, 6_175_500)))])


def test_area_and_perimeter_are_metric() -> None:
    zone = to_wgs84(box(724_100, 6_175_100, 724_300, 6_175_200))  # 200 m x 100 m
    facts = area_facts(zone)
    assert facts.area_m2 == pytest.approx(20_000, abs=0.5)
    assert facts.perimeter_m == pytest.approx(600, abs=0.01)
    assert facts.municipalities == () and facts.city_districts == ()


def test_a_zone_across_the_border_touches_both() -> None:
    zone = to_wgs84(box(724_900, 6_175_100, 725_100, 6_175_200))
    facts = area_facts(zone, MUNICIPALITIES, DISTRICTS)
    assert facts.municipalities == ("0101", "0147")
    assert facts.city_districts == ("1",)
    shown = facts.as_dict()
    assert shown["area_m2"] == pytest.approx(20_000, abs=0.5)
    assert shown["municipalities"] == ["0101", "0147"] and shown["city_districts"] == ["1"]


def test_a_zone_inside_one_municipality_and_outside_the_district() -> None:
    zone = to_wgs84(box(725_200, 6_175_600, 725_400, 6_175_700))
    facts = area_facts(zone, MUNICIPALITIES, DISTRICTS)
    assert facts.municipalities == ("0147",) and facts.city_districts == ()
