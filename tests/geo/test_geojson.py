"""GeoJSON validation and the metric footprint."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from geo.crs import to_metric, to_wgs84
from geo.errors import GeometryError
from geo.footprint import footprint_metric
from geo.geojson import parse_geometry, to_geojson


def test_round_trip_keeps_coordinates() -> None:
    obj = {"type": "LineString", "coordinates": [[12.534, 55.6786], [12.5683, 55.6759]]}
    assert to_geojson(parse_geometry(obj)) == obj


def test_bowtie_names_the_self_intersection() -> None:
    bow = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    with pytest.raises(GeometryError, match=r"Self-intersection\[0.5 0.5\]"):
        parse_geometry(bow)


@pytest.mark.parametrize("coords", [[181, 55], [12, 91], [float("nan"), 55], [12], [12, 55, 1, 2], [True, 55]])
def test_bad_positions(coords: list) -> None:
    with pytest.raises(GeometryError):
        parse_geometry({"type": "Point", "coordinates": coords})


def test_point_footprint_is_a_50_m_disc_in_utm32() -> None:
    fp = footprint_metric(Point(12.5683, 55.6761))
    assert fp.area == pytest.approx(3.1365 * 50 * 50, rel=0.01)


def test_metric_round_trip_is_sub_millimetre() -> None:
    p = Point(12.5683, 55.6761)
    back = to_wgs84(to_metric(p))
    assert to_metric(back).distance(to_metric(p)) < 0.001
