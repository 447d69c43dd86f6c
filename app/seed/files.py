"""Read the seed files packaged with the service (importlib.resources: works from a checkout or a wheel)."""

from __future__ import annotations

import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

GEO_FILES = (
    "municipalities",
    "police_district",
    "city_districts",
    "nightlife_zones",
    "housing_areas",
    "vulnerable_areas",
    "venues",
    "routes",
)
ZONES_FILE = "zones.json"
EVENTS_FILE = "events_2025.json"


def seed_dir() -> Traversable:
    """The `app/seed` package directory as a resource tree."""
    return files(__package__ or "app.seed")


def _read_json(res: Traversable) -> dict[str, Any]:
    with res.open("r", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def geo_file(name: str) -> dict[str, Any]:
    """One copied geodata layer as a GeoJSON FeatureCollection, e.g. `geo_file("municipalities")`."""
    stem = name.removesuffix(".geojson")
    if stem not in GEO_FILES:
        raise KeyError(f"unknown seed geodata file {name!r}; known: {', '.join(GEO_FILES)}")
    return _read_json(seed_dir() / "geo" / f"{stem}.geojson")


def zones() -> dict[str, Any]:
    """The zones to seed (FeatureCollection; properties per the zone contract plus `seed_key`)."""
    return _read_json(seed_dir() / ZONES_FILE)


def events() -> dict[str, Any]:
    """The district's 2025 events to seed (FeatureCollection; event properties plus `seed_key`)."""
    return _read_json(seed_dir() / EVENTS_FILE)


def attribution() -> str:
    """The attribution text (Markdown) to show with maps and exports."""
    return (seed_dir() / "ATTRIBUTION.md").read_text(encoding="utf-8")
