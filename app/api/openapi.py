"""The OpenAPI 3.1 description of the API, kept next to the code it describes.

Other modules add their paths with `add_paths({...})` at import time.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from app.models import CLASSIFICATIONS, KINDS, STATUSES, ZONE_KINDS

ERROR = {"$ref": "#/components/schemas/Error"}
DT = {"type": "string", "format": "date-time"}


def _err(desc: str) -> dict[str, Any]:
    return {"description": desc, "content": {"application/json": {"schema": ERROR}}}


ERRORS = {"400": _err("Malformed request"), "401": _err("Sign-in required"),
          "403": _err("Role too low"), "404": _err("Not found"), "422": _err("Invalid field")}
WRITE_ERRORS = ERRORS | {"409": _err("Conflict"), "412": _err("Stale If-Match"),
                         "413": _err("Body too large"), "428": _err("If-Match missing")}


def _q(name: str, desc: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": desc,
            "schema": schema or {"type": "string"}}


ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 36}}
IF_MATCH = {"name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"},
            "description": 'The ETag read before ("3"); 412 when stale, 428 when missing'}


def _json(schema: dict[str, Any], desc: str = "OK") -> dict[str, Any]:
    return {"description": desc, "content": {"application/json": {"schema": schema}}}


def _geo(schema_name: str, desc: str = "OK") -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{schema_name}"}
    return {"description": desc, "content": {"application/geo+json": {"schema": ref},
                                             "application/json": {"schema": ref}}}


EVENT_PROPS = {
    "type": "object", "required": ["title", "kind", "starts_at", "ends_at"],
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": 200},
        "kind": {"type": "string", "enum": list(KINDS)},
        "status": {"type": "string", "enum": list(STATUSES)},
        "classification": {"type": "string", "enum": list(CLASSIFICATIONS)},
        "organiser": {"type": ["string", "null"], "maxLength": 200},
        "description": {"type": ["string", "null"], "maxLength": 5000},
        "starts_at": DT, "ends_at": DT,
        "setup_starts_at": {"type": ["string", "null"], "format": "date-time"},
        "teardown_ends_at": {"type": ["string", "null"], "format": "date-time"},
        "timezone": {"type": "string"}, "rrule": {"type": ["string", "null"]},
        "exdates": {"type": "array", "items": DT},
        "buffer_m": {"type": ["number", "null"], "minimum": 0, "maximum": 5000},
        "attendance": {"type": ["integer", "null"], "minimum": 0},
        "officers_required": {"type": "integer", "minimum": 0},
        "allow_outside_district": {"type": "boolean"},
    },
}
ZONE_PROPS = {
    "type": "object", "required": ["name", "kind"],
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 200},
        "kind": {"type": "string", "enum": list(ZONE_KINDS)},
        "valid_from": {"type": ["string", "null"], "format": "date"},
        "valid_until": {"type": ["string", "null"], "format": "date"},
        "active_hours": {"type": "array", "items": {"$ref": "#/components/schemas/HoursWindow"}},
        "active_hours_exceptions": {"type": "object", "additionalProperties": {
            "type": "array", "items": {"$ref": "#/components/schemas/HoursWindow"}}},
        "event_id": {"type": ["string", "null"]}, "source": {"type": ["string", "null"]},
        "notes": {"type": ["string", "null"]}, "proxy": {"type": "boolean"},
        "area_m2": {"type": "number", "readOnly": True, "description": "EPSG:25832"},
        "perimeter_m": {"type": "number", "readOnly": True, "description": "EPSG:25832"},
        "municipalities": {"type": "array", "items": {"type": "string"}, "readOnly": True},
        "city_districts": {"type": "array", "items": {"type": "string"}, "readOnly": True,
                           "description": "Names of the city districts (bydele) the zone touches"},
    },
}
GEOMETRY = {"type": "object", "required": ["type", "coordinates"],
            "properties": {"type": {"type": "string", "enum": ["Point", "LineString", "Polygon",
                                                                "MultiPolygon"]},
                           "coordinates": {"type": "array"}}}


def _feature(props: dict[str, Any], nullable_geometry: bool = False) -> dict[str, Any]:
    geom = {"oneOf": [GEOMETRY, {"type": "null"}]} if nullable_geometry else GEOMETRY
    return {"type": "object", "required": ["type", "geometry", "properties"],
            "properties": {"type": {"const": "Feature"}, "id": {"type": "string"}, "geometry": geom,
                           "properties": props}}


def _collection(item: str) -> dict[str, Any]:
    return {"type": "object", "required": ["type", "features"],
            "properties": {"type": {"const": "FeatureCollection"},
                           "features": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
                           "links": {"type": "object"}}}


EXPIRING = _q("expiring_within", "ISO 8601 duration (P60D, P8W, P2M, P1Y): zones whose designation ends "
               "between today and today + duration (inclusive local dates), soonest first")
EVENT_FILTERS = [
    _q("from", "Overlap with [from, to): ISO 8601 with offset, or a date (local midnight)"),
    _q("to", "End of the window (exclusive)"),
    _q("kind", "Comma-separated kinds", {"type": "string"}),
    _q("status", "Comma-separated statuses"), _q("classification", "Comma-separated classifications"),
    _q("municipality", "Municipality code: 0101, 0147, 0155, 0185"),
    _q("zone", "Zone id: events whose footprint intersects it"),
    _q("bbox", "minLon,minLat,maxLon,maxLat (WGS84)"),
    _q("limit", "Page size", {"type": "integer", "minimum": 1, "maximum": 1000}),
    _q("page", "Page number", {"type": "integer", "minimum": 1}),
]

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Overblik API", "version": "1.0.0",
             "description": "Events, zones, conflicts and feeds for the Copenhagen Police district. "
                            "GeoJSON in WGS84 (lon, lat); times ISO 8601 with offset; half-open windows."},
    "servers": [{"url": "/"}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "field": {"type": ["string", "null"]}}}}},
            "HoursWindow": {"type": "object", "required": ["start", "end"], "properties": {
                "days": {"type": "array", "items": {"type": "string",
                                                    "enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}},
                "start": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"},
                "end": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}}},
            "EventFeature": _feature(EVENT_PROPS, nullable_geometry=True),
            "EventInput": _feature(EVENT_PROPS),
            "EventPatch": {"type": "object", "required": ["type"], "properties": {
                "type": {"const": "Feature"}, "geometry": {"oneOf": [GEOMETRY, {"type": "null"}]},
                "properties": {"type": "object"}}},
            "ZoneFeature": _feature(ZONE_PROPS),
            "EventCollection": _collection("EventFeature"),
            "ZoneCollection": _collection("ZoneFeature"),
        },
    },
    "security": [{}, {"bearer": []}],
    "paths": {
        "/healthz": {"get": {"summary": "Database and PostGIS status", "security": [],
                             "responses": {"200": _json({"type": "object"}), "503": _json({"type": "object"})}}},
        "/api/v1/openapi.json": {"get": {"summary": "This description", "security": [],
                                         "responses": {"200": _json({"type": "object"})}}},
        "/api/v1/events": {
            "get": {"summary": "List events (FeatureCollection, paginated)", "parameters": EVENT_FILTERS,
                    "responses": {"200": _geo("EventCollection"), **ERRORS}},
            "post": {"summary": "Create an event (planner)",
                     "requestBody": {"required": True, "content": {"application/json": {
                         "schema": {"$ref": "#/components/schemas/EventInput"}}}},
                     "responses": {"201": _geo("EventFeature", "Created"), **WRITE_ERRORS}},
        },
        "/api/v1/events/{id}": {
            "parameters": [ID],
            "get": {"summary": "One event", "responses": {"200": _geo("EventFeature"), **ERRORS}},
            "patch": {"summary": "Change an event (planner); status=cancelled cancels it",
                      "parameters": [IF_MATCH],
                      "requestBody": {"required": True, "content": {"application/json": {
                          "schema": {"$ref": "#/components/schemas/EventPatch"}}}},
                      "responses": {"200": _geo("EventFeature"), **WRITE_ERRORS}},
            "delete": {"summary": "Delete an event (admin)", "parameters": [IF_MATCH],
                       "responses": {"204": {"description": "Deleted"}, **WRITE_ERRORS}},
        },
        "/api/v1/zones": {
            "get": {"summary": "List zones", "parameters": [
                _q("kind", "Comma-separated zone kinds"), EXPIRING,
                _q("limit", "Page size", {"type": "integer", "minimum": 1, "maximum": 1000}),
                _q("page", "Page number", {"type": "integer", "minimum": 1})],
                "responses": {"200": _geo("ZoneCollection"), **ERRORS}},
            "post": {"summary": "Create a zone (planner)",
                     "requestBody": {"required": True, "content": {"application/json": {
                         "schema": {"$ref": "#/components/schemas/ZoneFeature"}}}},
                     "responses": {"201": _geo("ZoneFeature", "Created"), **WRITE_ERRORS}},
        },
        "/api/v1/zones/{id}": {
            "parameters": [ID],
            "get": {"summary": "One zone", "responses": {"200": _geo("ZoneFeature"), **ERRORS}},
            "patch": {"summary": "Change a zone (planner)", "parameters": [IF_MATCH],
                      "requestBody": {"required": True, "content": {"application/json": {
                          "schema": {"$ref": "#/components/schemas/EventPatch"}}}},
                      "responses": {"200": _geo("ZoneFeature"), **WRITE_ERRORS}},
            "delete": {"summary": "Delete a zone (admin)", "parameters": [IF_MATCH],
                       "responses": {"204": {"description": "Deleted"}, **WRITE_ERRORS}},
        },
    },
}


IMPORT_OPTS = [
    _q("kind", "Zone kind of every feature (required)", {"type": "string", "enum": list(ZONE_KINDS)}),
    _q("name_field", "Attribute holding the zone name (default: name/Name/NAVN…)"),
    _q("crs", "CRS of the file when it declares none (e.g. EPSG:25832); must agree when it does"),
    _q("source", "Where the zones come from (default: the file name); removal is limited to it"),
    _q("valid_from", "Designation start (date) for the imported zones"),
    _q("valid_until", "Designation end (date, inclusive)"),
    _q("active_hours", 'JSON list of windows, e.g. [{"start": "00:00", "end": "05:00"}]'),
    _q("dry_run", "true: report what would change, store nothing", {"type": "boolean"}),
    _q("partial", "true: store the valid features even when some are rejected", {"type": "boolean"}),
    _q("repair", "true: take the proposed make_valid repair for invalid polygons", {"type": "boolean"}),
]
IMPORT_REPORT = {"type": "object", "required": ["created", "updated", "unchanged", "rejected"], "properties": {
    "dry_run": {"type": "boolean"}, "applied": {"type": "boolean"},
    "created": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"},
    "removed": {"type": "integer"},
    "rejected": {"type": "array", "items": {"type": "object", "required": ["index", "reason"], "properties": {
        "index": {"type": "integer", "minimum": 0}, "reason": {"type": "string"},
        "repair": {"type": "object", "description": "make_valid proposal: geometry and area change (m²)"}}}},
    "items": {"type": "object"}, "notes": {"type": "array", "items": {"type": "string"}},
    "format": {"type": "string"}, "source_crs": {"type": "string"},
    "conflicts": {"type": ["object", "null"]}}}
EXPORT_FMT = {"name": "fmt", "in": "path", "required": True,
              "schema": {"type": "string", "enum": ["geojson", "gpkg", "csv", "kml"]}}
EXPORT_BODY = {"description": "The file (attachment)", "content": {
    t: {"schema": {"type": "string", "format": "binary"}} for t in
    ("application/geo+json", "application/geopackage+sqlite3", "text/csv",
     "application/vnd.google-earth.kml+xml")}}
SPEC["paths"].update({
    "/api/v1/zones/import": {"post": {
        "summary": "Import zones from a GIS file (planner): GeoJSON, GeoPackage, zipped Shapefile, KML/KMZ",
        "parameters": IMPORT_OPTS,
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"}}}}}},
        "responses": {"200": _json(IMPORT_REPORT, "The import report (dry run or applied)"),
                      **WRITE_ERRORS, "413": _err("File over OVERBLIK_ZONE_IMPORT_MAX_BYTES (200 MB)"),
                      "422": _err("Unreadable or unsafe file, bad CRS, or rejected features (nothing stored)")}}},
    "/api/v1/export/events.{fmt}": {"get": {
        "summary": "Export events as GeoJSON, GeoPackage, CSV (WKT) or KML; filters as the list",
        "parameters": [EXPORT_FMT, *[p for p in EVENT_FILTERS if p["name"] not in ("limit", "page")]],
        "responses": {"200": EXPORT_BODY, **ERRORS}}},
    "/api/v1/export/zones.{fmt}": {"get": {
        "summary": "Export zones as GeoJSON, GeoPackage, CSV (WKT) or KML; filters as the list",
        "parameters": [EXPORT_FMT, _q("kind", "Comma-separated zone kinds"), EXPIRING],
        "responses": {"200": EXPORT_BODY, **ERRORS}}},
})


def add_paths(paths: dict[str, Any]) -> None:
    """Let another module describe its endpoints here."""
    SPEC["paths"].update(paths)


def spec() -> dict[str, Any]:
    return deepcopy(SPEC)
