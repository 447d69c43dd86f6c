"""Build real GIS files in memory with geopandas/pyogrio, for the import/export tests."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import geopandas as gpd
from shapely import Polygon
from shapely.geometry.base import BaseGeometry

from geo.crs import WGS84, reproject

# Two nightlife-zone-like polygons in central Copenhagen (WGS84) and a point
INDRE_BY = Polygon([(12.5700, 55.6790), (12.5790, 55.6790), (12.5800, 55.6830), (12.5710, 55.6840)])
VESTERBRO = Polygon([(12.5450, 55.6690), (12.5560, 55.6690), (12.5560, 55.6740), (12.5450, 55.6740)])
BOW_TIE = Polygon([(12.55, 55.66), (12.56, 55.67), (12.56, 55.66), (12.55, 55.67)])

CRSS = ("EPSG:25832", "EPSG:4326", "EPSG:3857")


def frame(geoms: list[BaseGeometry | None], crs: str = WGS84, **columns: list[Any]) -> gpd.GeoDataFrame:
    """A GeoDataFrame of WGS84 `geoms` expressed in `crs`."""
    projected = [None if g is None else reproject(g, WGS84, crs) for g in geoms]
    return gpd.GeoDataFrame(columns, geometry=projected, crs=crs)


def zones_frame(crs: str = WGS84) -> gpd.GeoDataFrame:
    return frame([INDRE_BY, VESTERBRO], crs, NAVN=["Indre By", "Vesterbro"], nr=[1, 2],
                 note=["Kødbyen, Halmtorvet", None])


def to_bytes(gdf: gpd.GeoDataFrame, fmt: str, *, drop: tuple[str, ...] = ()) -> bytes:
    """`gdf` written as geojson, gpkg, kml, kmz or shp (a zip; `drop` leaves out sidecars like ".prj")."""
    if fmt in ("geojson", "gpkg", "kml"):
        buf = io.BytesIO()
        driver = {"geojson": "GeoJSON", "gpkg": "GPKG", "kml": "KML"}[fmt]
        opts = {"dataset_options": {"NameField": "NAVN"}} if fmt == "kml" else {}
        gdf.to_file(buf, driver=driver, layer="zones", **opts)
        return buf.getvalue()
    if fmt == "kmz":
        return zip_bytes({"doc.kml": to_bytes(gdf, "kml")})
    with tempfile.TemporaryDirectory() as tmp:
        gdf.to_file(Path(tmp) / "zoner.shp")
        members = {p.name: p.read_bytes() for p in sorted(Path(tmp).iterdir()) if p.suffix not in drop}
    return zip_bytes(members)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def hausdorff_m(a: BaseGeometry, b: BaseGeometry) -> float:
    """Hausdorff distance in metres, measured in EPSG:25832."""
    return reproject(a, WGS84, "EPSG:25832").hausdorff_distance(reproject(b, WGS84, "EPSG:25832"))
