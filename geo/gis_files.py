"""GIS upload safety: size limits, format sniffing, safe unzipping and hostile-XML screening.

Everything here works on bytes and a private temporary directory; nothing a file names outside that
directory is ever touched. The content decides the format (not the file name), so a file cannot smuggle
in a GDAL driver we did not mean to use (a VRT posing as GeoJSON, say).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from geo.errors import GisFileError

MB = 1024 * 1024
SHP_MAGIC = b"\x00\x00\x27\x0a"
SQLITE_MAGIC = b"SQLite format 3\x00"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
FORMAT_NAMES = "GeoJSON, GeoPackage, zipped Shapefile, KML or KMZ"


@dataclass(frozen=True)
class ImportLimits:
    """Upload limits; the app sets max_bytes from OVERBLIK_ZONE_IMPORT_MAX_BYTES (default 200 MB)."""

    max_bytes: int = 200 * MB
    max_uncompressed_bytes: int = 500 * MB
    max_members: int = 200
    max_features: int = 20_000


@dataclass(frozen=True)
class Dataset:
    """A file ready for pyogrio: its path inside our temporary directory and what it is."""

    path: Path
    fmt: str  # geojson, gpkg, shapefile, kml, kmz
    has_prj: bool = True


def check_size(size: int, limits: ImportLimits) -> None:
    if size == 0:
        raise GisFileError("the file is empty", "empty")
    if size > limits.max_bytes:
        raise GisFileError(
            f"the file is {size / MB:.1f} MB; the limit is {limits.max_bytes / MB:.0f} MB "
            "(OVERBLIK_ZONE_IMPORT_MAX_BYTES)",
            "too_large",
        )


def sniff(data: bytes) -> str:
    """The format by content: zip, gpkg, geojson, xml — or a clear error naming what we accept."""
    head = data[:64]
    if head.startswith(ZIP_MAGICS):
        return "zip"
    if head.startswith(SQLITE_MAGIC):
        return "gpkg"
    if head.startswith(SHP_MAGIC):
        raise GisFileError(
            "a Shapefile must be uploaded as one .zip holding its .shp, .shx, .dbf and .prj", "unsupported"
        )
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        return "geojson"
    if text.startswith(b"<"):
        return "xml"
    if not text:
        raise GisFileError("the file is empty", "empty")
    raise GisFileError(f"unrecognised file format; expected {FORMAT_NAMES}", "unsupported")


def check_kml(data: bytes, where: str = "file") -> None:
    """Reject XML with a DTD or entities (XXE, billion laughs) and anything whose root is not <kml>."""
    try:
        root = safe_fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise GisFileError(
            f"KML must not contain a DTD or entity declarations ({type(exc).__name__})", "unsafe", where
        ) from exc
    except ParseError as exc:
        raise GisFileError(f"the KML is not well-formed XML: {exc}", "unreadable", where) from exc
    if not str(root.tag).rsplit("}", 1)[-1] == "kml":
        raise GisFileError(f"XML root element is <{root.tag}>, expected <kml>", "unsupported", where)


def stage(data: bytes, workdir: Path, limits: ImportLimits) -> Dataset:
    """Check `data` and put the dataset to read into `workdir` (a fresh private temporary directory)."""
    check_size(len(data), limits)
    kind = sniff(data)
    if kind == "zip":
        return _stage_zip(data, workdir, limits)
    if kind == "xml":
        check_kml(data)
        kind = "kml"
    path = workdir / f"upload.{kind}"
    path.write_bytes(data)
    return Dataset(path, kind)


def _safe_name(name: str) -> PurePosixPath:
    """The member's relative path, or an error when it would escape the directory (path traversal)."""
    p = PurePosixPath(name)
    if (
        "\\" in name
        or name.startswith("/")
        or ".." in p.parts
        or (p.parts and ":" in p.parts[0])
        or "\x00" in name
    ):
        raise GisFileError(f"zip member {name!r} has an unsafe path (absolute or '..')", "unsafe")
    return p


def _members(zf: zipfile.ZipFile, limits: ImportLimits) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise GisFileError(f"the zip holds {len(infos)} members; the limit is {limits.max_members}", "unsafe")
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise GisFileError(
            f"the zip would unpack to {total / MB:.0f} MB; the limit is "
            f"{limits.max_uncompressed_bytes / MB:.0f} MB",
            "unsafe",
        )
    out = []
    for info in infos:
        rel = _safe_name(info.filename)
        if info.is_dir() or rel.parts[0] == "__MACOSX" or rel.name.startswith("._"):
            continue
        if info.flag_bits & 0x1:
            raise GisFileError(f"zip member {info.filename!r} is encrypted", "unsupported")
        out.append((info, rel))
    return out


def _extract(zf: zipfile.ZipFile, members: list[tuple[zipfile.ZipInfo, PurePosixPath]],
             workdir: Path, limits: ImportLimits) -> list[Path]:
    """Unpack with a running byte count, so a member lying about its size cannot exceed the limit."""
    written, paths = 0, []
    for info, rel in members:
        target = workdir.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(info) as src, target.open("wb") as dst:
            while chunk := src.read(1 << 20):
                written += len(chunk)
                if written > limits.max_uncompressed_bytes:
                    raise GisFileError("the zip unpacks to more than the limit (zip bomb?)", "unsafe")
                dst.write(chunk)
        paths.append(target)
    return paths


def _stage_zip(data: bytes, workdir: Path, limits: ImportLimits) -> Dataset:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            paths = _extract(zf, _members(zf, limits), workdir / "zip", limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise GisFileError(f"the zip cannot be read: {exc}", "unreadable") from exc
    by_ext: dict[str, list[Path]] = {}
    for p in paths:
        by_ext.setdefault(p.suffix.lower(), []).append(p)
    if ".shp" in by_ext:
        return _shapefile(by_ext[".shp"], paths)
    for ext, fmt in ((".kml", "kmz"), (".gpkg", "gpkg"), (".geojson", "geojson"), (".json", "geojson")):
        if ext in by_ext:
            return _single(by_ext[ext], fmt)
    if any(p.suffix.lower() in (".dbf", ".shx", ".prj") for p in paths):
        raise GisFileError("the zip has Shapefile parts but no .shp file", "unsupported")
    raise GisFileError(f"the zip holds no .shp, .kml, .gpkg or .geojson file; expected {FORMAT_NAMES}",
                       "unsupported")


def _single(candidates: list[Path], fmt: str) -> Dataset:
    if len(candidates) > 1 and fmt != "kmz":
        names = ", ".join(sorted(p.name for p in candidates))
        raise GisFileError(f"the zip holds several datasets ({names}); upload one", "layer")
    path = candidates[0]
    if fmt == "kmz":
        doc = [p for p in candidates if p.name.lower() == "doc.kml"]
        path = doc[0] if doc else sorted(candidates)[0]
        check_kml(path.read_bytes(), f"file:{path.name}")
    elif fmt == "geojson" and sniff(path.read_bytes()[:64]) != "geojson":
        raise GisFileError(f"{path.name} is not GeoJSON", "unsupported")
    elif fmt == "gpkg" and not path.read_bytes()[:16].startswith(SQLITE_MAGIC):
        raise GisFileError(f"{path.name} is not a GeoPackage", "unsupported")
    return Dataset(path, fmt)


def _shapefile(shps: list[Path], paths: list[Path]) -> Dataset:
    if len(shps) > 1:
        names = ", ".join(sorted(p.name for p in shps))
        raise GisFileError(f"the zip holds several Shapefiles ({names}); upload one per zip", "layer")
    shp = shps[0]
    siblings = {p.suffix.lower() for p in paths if p.parent == shp.parent and p.stem == shp.stem}
    missing = [ext for ext in (".shx", ".dbf") if ext not in siblings]
    if missing:
        raise GisFileError(f"{shp.name} comes without its {' and '.join(missing)} file", "unsupported")
    if not shp.read_bytes()[:4] == SHP_MAGIC:
        raise GisFileError(f"{shp.name} is not a Shapefile", "unsupported")
    return Dataset(shp, "shapefile", has_prj=".prj" in siblings)
