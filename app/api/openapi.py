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
                _q("kind", "Comma-separated zone kinds"),
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


def add_paths(paths: dict[str, Any]) -> None:
    """Let another module describe its endpoints here."""
    SPEC["paths"].update(paths)


def spec() -> dict[str, Any]:
    return deepcopy(SPEC)
