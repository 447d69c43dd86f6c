"""Area facts in EPSG:25832: area, perimeter and which municipalities / districts a zone touches."""

from __future__ import annotations

import pytest
from shapely import box

from geo.area_facts import ReferenceArea, area_facts
from geo.crs import to_wgs84

# Reference squares built in metres (EPSG:25832) around Copenhagen: west and east of x = 725 000
WEST = ReferenceArea("0101", "København", to_wgs84(box(724_000, 6_175_000, 725_000, 6_176_000)))
EAST = ReferenceArea("0147", "Frederiksberg", to_wgs84(box(725_000, 6_175_000, 726_000, 6_176_000)))
DISTRICTS = [ReferenceArea("indre-by", "Indre By", to_wgs84(box(724_500, 6_175_000, 725_000, 6_175_500)))]


def test_area_and_perimeter_are_metric() -> None:
    zone = to_wgs84(box(724_100, 6_175_100, 724_300, 6_175_200))  # 200 m x 100 m
    facts = area_facts(zone)
    assert facts.area_m2 == pytest.approx(20_000, abs=0.5)
    assert facts.perimeter_m == pytest.approx(600, abs=0.01)
    assert facts.municipalities == () and facts.city_districts == ()


def test_a_zone_across_the_border_touches_both() -> None:
    zone = to_wgs84(box(724_900, 6_175_100, 725_100, 6_175_200))
    facts = area_facts(zone, [EAST, WEST], DISTRICTS)
    assert facts.municipalities == ("0101", "0147")
    assert facts.city_districts == ("indre-by",)
    shown = facts.as_dict()
    assert shown["area_m2"] == pytest.approx(20_000, abs=0.5)
    assert shown["perimeter_m"] == pytest.approx(600, abs=0.1)
    assert shown["municipalities"] == ["0101", "0147"] and shown["city_districts"] == ["indre-by"]


def test_sharing_only_the_border_or_a_sliver_does_not_count() -> None:
    for east_edge in (725_000, 725_000.005):  # on the line; 5 mm over it (0.5 m², a digitising sliver)
        along = to_wgs84(box(724_800, 6_175_600, east_edge, 6_175_700))
        facts = area_facts(along, [WEST, EAST], DISTRICTS)
        assert facts.municipalities == ("0101",)
        assert facts.city_districts == ()  # north of the district
    over = to_wgs84(box(724_800, 6_175_600, 725_000.2, 6_175_700))  # 0.2 m x 100 m = 20 m² in the east
    assert area_facts(over, [WEST, EAST]).municipalities == ("0101", "0147")
