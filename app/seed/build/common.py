"""Helpers for the seed generator: local times with the right offset, features from the copied layers."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import shapely
from shapely.geometry import LineString, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

from geo.crs import to_metric, to_wgs84

TZ_NAME = "Europe/Copenhagen"
TZ = ZoneInfo(TZ_NAME)
SEED_DIR = Path(__file__).resolve().parent.parent
GEO_DIR = SEED_DIR / "geo"
HAND = "hand-placed by Overblik (own sketch, no source geometry)"
ALL_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def local(text: str) -> str:
    """'2025-05-01 09:00' (Copenhagen wall clock) → ISO 8601 with that day's offset (+02:00 in CEST)."""
    naive = datetime.strptime(text, "%Y-%m-%d %H:%M")
    return naive.replace(tzinfo=TZ).isoformat()


def day(text: str) -> str:
    return date.fromisoformat(text).isoformat()


def layer(name: str) -> list[dict[str, Any]]:
    with open(GEO_DIR / f"{name}.geojson", encoding="utf-8") as fh:
        return list(json.load(fh)["features"])


def feature(name: str, title: str) -> dict[str, Any]:
    """The feature called `title` in layer `name` (fails loudly when missing)."""
    for feat in layer(name):
        if feat["properties"]["name"] == title:
            return feat
    raise KeyError(f"{title!r} not in {name}.geojson")


def geom_of(name: str, title: str) -> BaseGeometry:
    return shape(feature(name, title)["geometry"])


def district() -> BaseGeometry:
    return shape(layer("police_district")[0]["geometry"])


def line(*lonlat: tuple[float, float]) -> LineString:
    return LineString(lonlat)


def polygon(*lonlat: tuple[float, float]) -> Polygon:
    return Polygon(lonlat)


def point(lon: float, lat: float) -> Point:
    return Point(lon, lat)


def buffer_m(geom: BaseGeometry, metres: float) -> BaseGeometry:
    """Buffer by `metres` measured in EPSG:25832, back in WGS84."""
    return to_wgs84(to_metric(geom).buffer(metres, quad_segs=8))


def clip_to_district(geom: BaseGeometry) -> BaseGeometry:
    """Intersection with the police district, keeping polygons only (EPSG:4326 in and out)."""
    cut = geom.intersection(district())
    parts = [g for g in getattr(cut, "geoms", [cut]) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def rounded(geom: BaseGeometry) -> dict[str, Any]:
    """GeoJSON geometry with 6-decimal coordinates (~0.1 m), made valid again if rounding broke it."""
    snapped = shapely.set_precision(geom, 1e-6)
    if not snapped.is_valid:
        snapped = shapely.make_valid(snapped)
    gj = json.loads(json.dumps(mapping(snapped)))
    return _round(gj)


def _round(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, 6)
    if isinstance(obj, list | tuple):
        return [_round(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    return obj


def collection(features: list[dict[str, Any]], meta: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "metadata": meta, "features": features}


def write(path: Path, data: dict[str, Any]) -> None:
    """Readable JSON: one feature per block, properties indented, geometry on one line."""
    head = {k: v for k, v in data.items() if k != "features"}
    parts = [json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "features": [\n']
    feats = []
    for feat in data["features"]:
        props = json.dumps(feat["properties"], ensure_ascii=False, indent=1).replace("\n", "\n   ")
        geom = json.dumps(feat["geometry"], separators=(",", ":"))
        feats.append(f'  {{"type": "Feature",\n   "properties": {props},\n   "geometry": {geom}}}')
    parts.append(",\n".join(feats) + "\n ]\n}\n")
    text = "".join(parts)
    json.loads(text)
    path.write_text(text, encoding="utf-8")
