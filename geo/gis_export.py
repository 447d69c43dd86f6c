"""Write plain records (WGS84 geometry + attributes) as GeoJSON, GeoPackage, CSV with WKT or KML.

GeoJSON is written directly (RFC 7946, nested values kept); the other formats go through pyogrio/GDAL,
which cannot hold nested values, so lists and dicts become JSON text and dates ISO 8601 text.
KML carries attributes as text (ExtendedData), so numbers come back as strings from a KML.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from io import BytesIO
from typing import Any

import geopandas as gpd
import pyogrio
import shapely
from shapely.geometry.base import BaseGeometry

from geo.crs import WGS84
from geo.geojson import to_geojson

FORMATS: dict[str, str] = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "csv": "text/csv; charset=utf-8",
    "kml": "application/vnd.google-earth.kml+xml",
}


@dataclass(frozen=True)
class ExportRecord:
    """One feature to write: an id, a name, WGS84 geometry and flat or nested attributes."""

    id: str | None
    name: str
    geometry: BaseGeometry | None
    properties: dict[str, Any] = field(default_factory=dict)


def export(records: Iterable[ExportRecord], fmt: str, layer: str = "features") -> bytes:
    """The records as bytes in `fmt` (one of FORMATS); an empty iterable gives a valid empty file."""
    rows = list(records)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "geojson":
        return _geojson(rows)
    return _gdal(rows, fmt, layer)


def _geojson(rows: list[ExportRecord]) -> bytes:
    features = [
        {"type": "Feature", "id": r.id, "geometry": None if r.geometry is None else to_geojson(r.geometry),
         "properties": {"id": r.id, "name": r.name, **{k: _jsonable(v) for k, v in r.properties.items()}}}
        for r in rows
    ]
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _flat(value: Any) -> Any:
    """A value a GDAL field can hold: scalars as they are, nested values as JSON text."""
    value = _jsonable(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _columns(rows: list[ExportRecord]) -> dict[str, list[Any]]:
    keys: dict[str, None] = {"id": None, "name": None}
    for r in rows:
        keys.update(dict.fromkeys(k for k in r.properties if k not in ("id", "name")))
    cols: dict[str, list[Any]] = {k: [] for k in keys}
    for r in rows:
        cols["id"].append(r.id)
        cols["name"].append(r.name)
        for k in list(keys)[2:]:
            cols[k].append(_flat(r.properties.get(k)))
    return {k: _uniform(v) for k, v in cols.items()}


def _uniform(values: list[Any]) -> list[Any]:
    """GDAL fields have one type: a column mixing types (ints and text, say) is written as text."""
    kinds = {type(v) for v in values if v is not None}
    if kinds <= {int, float} or len(kinds) <= 1:
        return values
    return [None if v is None else str(v) for v in values]


def _gdal(rows: list[ExportRecord], fmt: str, layer: str) -> bytes:
    geoms = [None if r.geometry is None else shapely.force_2d(r.geometry) for r in rows]
    frame = gpd.GeoDataFrame(_columns(rows), geometry=geoms, crs=WGS84)
    buf = BytesIO()
    if fmt == "gpkg":
        pyogrio.write_dataframe(frame, buf, driver="GPKG", layer=layer, geometry_type="Unknown",
                                promote_to_multi=False)
    elif fmt == "kml":
        pyogrio.write_dataframe(frame, buf, driver="KML", layer=layer, dataset_options={"NameField": "name"})
    else:
        pyogrio.write_dataframe(frame, buf, driver="CSV", layer=layer,
                                layer_options={"GEOMETRY": "AS_WKT", "CREATE_CSVT": "NO"})
    return buf.getvalue()
