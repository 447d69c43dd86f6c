"""Read zones from GIS files (GeoJSON, GeoPackage, zipped Shapefile, KML/KMZ) into plain WGS84 records.

pyogrio (GDAL 3.12, KML and LIBKML drivers present) does the reading; this module decides the CRS,
checks each feature and proposes repairs. Decisions, documented for users:
- Z and M values are dropped with a note: a zone is a 2-D area; heights and measures mean nothing to it
  (Z = 0 everywhere, as Google Earth writes KML, is dropped without a note).
- A file that declares a CRS must agree with an explicitly given one; a Shapefile without .prj (or a
  GeoPackage without an SRS) needs the CRS given. GeoJSON is WGS84 by RFC 7946 unless a CRS is given.
  KML is always WGS84.
- Invalid polygons are rejected with their index and a repair proposal (shapely make_valid and the area
  change in EPSG:25832); with `repair=True` the proposal is taken and noted on the record.
"""

from __future__ import annotations

import math
import tempfile
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from geo.crs import METRIC, WGS84, reproject
from geo.errors import GisFileError
from geo.geojson import MAX_VERTICES, ZONE_TYPES, to_geojson
from geo.gis_files import Dataset, ImportLimits, check_size, stage

NAME_FIELDS = ("name", "Name", "NAME", "navn", "Navn", "NAVN")
KML_BOOKKEEPING = ("timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude", "visibility",
                   "drawOrder", "icon", "snippet")


@dataclass(frozen=True)
class RepairProposal:
    """A valid stand-in for an invalid polygon, with what it costs in area (EPSG:25832 m²)."""

    geometry: BaseGeometry
    area_before_m2: float
    area_after_m2: float
    method: str = "make_valid"

    @property
    def area_change_m2(self) -> float:
        return self.area_after_m2 - self.area_before_m2

    def as_dict(self) -> dict[str, Any]:
        return {"method": self.method, "geometry": to_geojson(self.geometry),
                "area_before_m2": round(self.area_before_m2, 1),
                "area_after_m2": round(self.area_after_m2, 1),
                "area_change_m2": round(self.area_change_m2, 1)}


@dataclass(frozen=True)
class ImportedRecord:
    """One accepted feature: WGS84 2-D polygon geometry, its name and remaining attributes."""

    index: int
    name: str | None
    geometry: BaseGeometry
    properties: dict[str, Any]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RejectedRecord:
    index: int
    reason: str
    repair: RepairProposal | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"index": self.index, "reason": self.reason}
        if self.repair is not None:
            out["repair"] = self.repair.as_dict()
        return out


@dataclass
class GisImport:
    """What a file yielded: records, rejections (by 0-based feature index), the CRS used, notes."""

    fmt: str
    source_crs: str
    records: list[ImportedRecord] = field(default_factory=list)
    rejected: list[RejectedRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    name_field: str | None = None


def read_gis_path(path: str | Path, **kwargs: Any) -> GisImport:
    """`read_gis` for a file on disk; the size limit is checked before anything is read."""
    path = Path(path)
    check_size(path.stat().st_size, kwargs.get("limits") or ImportLimits())
    return read_gis(path.read_bytes(), **kwargs)


def read_gis(data: bytes, *, crs: str | None = None, name_field: str | None = None,
             allowed: tuple[str, ...] = ZONE_TYPES, repair: bool = False,
             limits: ImportLimits | None = None) -> GisImport:
    """Read `data` (any supported format, sniffed from content) into WGS84 records, or raise GisFileError."""
    limits = limits or ImportLimits()
    given = _parse_crs(crs) if crs else None
    with tempfile.TemporaryDirectory(prefix="overblik-gis-") as tmp:
        ds = stage(data, Path(tmp), limits)
        frame, notes = _read_frame(ds)
    if len(frame) == 0:
        raise GisFileError("the file contains no features", "empty")
    if len(frame) > limits.max_features:
        raise GisFileError(f"the file has {len(frame)} features; the limit is {limits.max_features}",
                           "too_large")
    src = _source_crs(ds, frame.crs, given)
    result = GisImport(ds.fmt, src, notes=notes)
    name_col = _name_column(list(frame.columns), name_field, frame.geometry.name)
    result.fields = [str(c) for c in frame.columns if c != frame.geometry.name]
    result.name_field = name_col
    _fill(result, frame, name_col, allowed, repair)
    _summarise(result, frame)
    return result


def _parse_crs(value: str) -> CRS:
    try:
        return CRS.from_user_input(value)
    except CRSError as exc:
        raise GisFileError(f"{value!r} is not a known CRS (try EPSG:25832)", "crs", "crs") from exc


def _read_frame(ds: Dataset) -> tuple[Any, list[str]]:
    """All layers concatenated (KML folders become layers), with GDAL's warnings turned into notes."""
    frames: list[Any] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            layers = [str(name) for name, _ in pyogrio.list_layers(ds.path)]
            _check_layers(layers, ds.fmt)
            frames = [pyogrio.read_dataframe(ds.path, layer=lyr, datetime_as_string=True) for lyr in layers]
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.CRSError,
                pyogrio.errors.FieldError, pyogrio.errors.GeometryError) as exc:
            raise GisFileError(f"the {ds.fmt} file cannot be read: {exc}", "unreadable") from exc
    notes = list(dict.fromkeys(n for n in (_gdal_note(str(w.message)) for w in caught) if n))
    if len(frames) == 1:
        return frames[0], notes
    non_empty = [f for f in frames if len(f)]
    if not non_empty:
        return frames[0], notes
    return pd.concat(non_empty, ignore_index=True), notes


def _check_layers(layers: list[str], fmt: str) -> None:
    if not layers:
        raise GisFileError("the file contains no layers", "empty")
    if len(layers) > 1 and fmt not in ("kml", "kmz"):
        raise GisFileError(f"the file holds several layers ({', '.join(layers)}); upload one", "layer")


def _gdal_note(message: str) -> str | None:
    if "Measured (M)" in message:
        return "measured (M) values were dropped: zones are 2-D areas"
    if "as JSON; leaving as string" in message:
        return None  # a GeoJSON property mixing types is read as text, which is what we want
    return f"GDAL: {message}"


def _source_crs(ds: Dataset, file_crs: CRS | None, given: CRS | None) -> str:
    """The CRS to reproject from, as a string pyproj understands (EPSG code when there is one)."""
    if ds.fmt in ("kml", "kmz"):
        if given is not None and not given.equals(CRS.from_user_input(WGS84)):
            raise GisFileError("KML is always WGS84 (EPSG:4326); do not give another CRS", "crs", "crs")
        return WGS84
    if ds.fmt == "shapefile" and not ds.has_prj:
        file_crs = None
    if ds.fmt == "geojson" and given is not None:
        file_crs = None  # RFC 7946 fixes WGS84, GDAL reports it even when absent: the given CRS wins
    if file_crs is None and given is None:
        what = "the Shapefile has no .prj file" if ds.fmt == "shapefile" else "the file declares no CRS"
        raise GisFileError(f"{what}; give its CRS (e.g. crs=EPSG:25832)", "crs", "crs")
    if file_crs is not None and given is not None and not file_crs.equals(given, ignore_axis_order=True):
        raise GisFileError(
            f"the file declares {_crs_name(file_crs)} but {_crs_name(given)} was given", "crs", "crs")
    chosen = file_crs if file_crs is not None else given
    assert chosen is not None
    epsg = chosen.to_epsg()
    return f"EPSG:{epsg}" if epsg else chosen.to_wkt()


def _crs_name(crs: CRS) -> str:
    epsg = crs.to_epsg()
    return f"EPSG:{epsg}" if epsg else crs.name


def _name_column(columns: list[str], name_field: str | None, geom_col: str) -> str | None:
    fields = [c for c in columns if c != geom_col]
    if name_field is not None:
        folded = [c for c in fields if c.casefold() == name_field.casefold()]
        if name_field not in fields and len(folded) == 1:
            return folded[0]  # DBF upper-cases field names; KML's <name> is read as "Name"
        if name_field not in fields:
            raise GisFileError(
                f"the file has no field {name_field!r}; fields are: {', '.join(fields) or '(none)'}",
                "field", "name_field")
        return name_field
    return next((c for c in NAME_FIELDS if c in fields), None)


def _fill(result: GisImport, frame: Any, name_col: str | None, allowed: tuple[str, ...],
          repair: bool) -> None:
    geom_col = frame.geometry.name
    drop = {geom_col, name_col}
    if result.fmt in ("kml", "kmz"):
        drop.update(KML_BOOKKEEPING)
        drop.add("id")  # the Placemark's XML anchor; an attribute named id is read as id2
    columns = [c for c in frame.columns if c not in drop]
    rename = {"id2": "id"} if result.fmt in ("kml", "kmz") and "id2" in columns else {}
    geoms = frame.geometry.values
    for i, row in enumerate(frame.itertuples(index=False, name=None)):
        values = dict(zip(frame.columns, row, strict=True))
        props = {rename.get(c, c): _plain(values[c]) for c in columns}
        if result.fmt in ("kml", "kmz") and props.get("description") in (None, ""):
            props.pop("description", None)
        name = _plain(values[name_col]) if name_col else None
        outcome = _check_feature(i, geoms[i], result.source_crs, allowed, repair)
        if isinstance(outcome, RejectedRecord):
            result.rejected.append(outcome)
            continue
        geom, notes = outcome
        result.records.append(ImportedRecord(i, None if name is None else str(name), geom, props, notes))


def _check_feature(i: int, geom: BaseGeometry | None, src: str, allowed: tuple[str, ...],
                   repair: bool) -> RejectedRecord | tuple[BaseGeometry, tuple[str, ...]]:
    if geom is None or geom.is_empty:
        return RejectedRecord(i, "feature has no geometry")
    if geom.geom_type not in allowed:
        return RejectedRecord(i, f"geometry type {geom.geom_type} is not allowed; expected "
                                 f"{' or '.join(allowed)}")
    notes: list[str] = []
    if geom.has_z and np.any(shapely.get_coordinates(geom, include_z=True)[:, 2] != 0):
        notes.append("Z values dropped")
    flat = reproject(shapely.force_2d(geom), src, WGS84)
    if shapely.get_num_coordinates(flat) > MAX_VERTICES:
        return RejectedRecord(i, f"geometry has more than {MAX_VERTICES} vertices")
    minx, miny, maxx, maxy = flat.bounds
    if not all(math.isfinite(v) for v in flat.bounds) or minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        return RejectedRecord(i, f"coordinates fall outside longitude/latitude when read as {src[:40]}; "
                                 "is the CRS right?")
    if flat.is_valid:
        return flat, tuple(notes)
    reason = f"invalid polygon: {explain_validity(flat)}"
    proposal = propose_repair(flat)
    if repair and proposal is not None:
        notes.append(f"repaired with make_valid; area changed by {proposal.area_change_m2:.1f} m²")
        return proposal.geometry, tuple(notes)
    return RejectedRecord(i, reason, proposal)


def propose_repair(geom_wgs84: BaseGeometry) -> RepairProposal | None:
    """make_valid, keeping only the polygonal parts; None when nothing polygonal survives."""
    fixed = shapely.make_valid(geom_wgs84)
    polys = [g for g in getattr(fixed, "geoms", [fixed]) if g.geom_type in ("Polygon", "MultiPolygon")]
    if not polys:
        return None
    merged = shapely.union_all(polys)
    if merged.is_empty or merged.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    before = abs(reproject(geom_wgs84, WGS84, METRIC).area)
    after = reproject(merged, WGS84, METRIC).area
    return RepairProposal(merged, before, after)


def _plain(value: Any) -> Any:
    """A JSON-safe Python value: numpy scalars unboxed, NaN/NaT as None, dates and times as ISO text."""
    if value is None or value.__class__.__name__ == "NaTType":
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def _summarise(result: GisImport, frame: Any) -> None:
    types = frame.geometry.geom_type.value_counts(dropna=True)
    if len(types) > 1 and any(t not in ("Polygon", "MultiPolygon") for t in types.index):
        parts = ", ".join(f"{t} ({n})" for t, n in types.items())
        result.notes.append(f"mixed geometry types: {parts}")
    if any(r.notes and "Z values dropped" in r.notes for r in result.records):
        result.notes.append("Z (height) values were dropped: zones are 2-D areas")
