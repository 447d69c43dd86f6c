"""Shared loading for the seed-file tests (pure: no Flask, no database)."""

from __future__ import annotations

from typing import Any

import pytest
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from app.seed import files
from geo.crs import to_metric


@pytest.fixture(scope="session")
def events() -> list[dict[str, Any]]:
    return files.events()["features"]


@pytest.fixture(scope="session")
def zones() -> list[dict[str, Any]]:
    return files.zones()["features"]


@pytest.fixture(scope="session")
def events_by_key(events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["properties"]["seed_key"]: f for f in events}


@pytest.fixture(scope="session")
def zones_by_key(zones: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["properties"]["seed_key"]: f for f in zones}


@pytest.fixture(scope="session")
def district_metric() -> BaseGeometry:
    """The police district in EPSG:25832, widened by 100 m because DAGI 2014 is generalised."""
    geom = shape(files.geo_file("police_district")["features"][0]["geometry"])
    return to_metric(geom).buffer(100.0)
