"""/api/v1/conflicts: check a candidate, list conflicts in a window, decide on one, suggest alternatives;
/api/v1/capacity: the hourly officer load. Conflicts need sign-in; decisions need a planner."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Response, current_app, jsonify, request, url_for

from app.api import bp
from app.api.openapi import ERRORS, WRITE_ERRORS, _json, _q, add_paths
from app.api.request_body import json_body
from app.auth import current_actor
from app.conflicts import RULES
from app.extensions import database
from app.models import Event
from app.registry import conflicts as uc
from app.registry.errors import BadRequest
from app.registry.filters import parse_choices, parse_instant, parse_int

LIST_PARAMS = {"from", "to", "rule", "municipality", "event", "status", "limit", "page"}


def capacity() -> int:
    return int(current_app.config["CAPACITY_OFFICERS"])


def _window(args: dict[str, str], allowed: set[str]) -> tuple[datetime, datetime]:
    unknown = sorted(set(args) - allowed)
    if unknown:
        raise BadRequest(f"unknown query parameter {unknown[0]!r}; known: {', '.join(sorted(allowed))}",
                         unknown[0])
    for name in ("from", "to"):
        if name not in args:
            raise BadRequest(f"{name}: a window needs both from and to (at most 731 days apart)", name)
    start, end = parse_instant(args["from"], "from"), parse_instant(args["to"], "to")
    if end.timestamp() <= start.timestamp():
        raise BadRequest("to: must be after from", "to")
    return start, end


@bp.post("/conflicts/check")
def check_conflicts() -> Response:
    payload = json_body()
    with database().transaction() as session:
        found = uc.check_feature(session, payload, current_actor(), capacity())
    return jsonify({"conflicts": found})


@bp.get("/conflicts")
def list_conflicts_view() -> Response:
    args = request.args.to_dict()
    window = _window(args, LIST_PARAMS)
    rules = parse_choices(args["rule"], RULES, "rule") if "rule" in args else None
    status = parse_choices(args["status"], uc.DECISION_STATUSES, "status") if "status" in args else None
    municipality = args.get("municipality")
    if municipality is not None:
        from app.reference import MUNICIPALITY_NAMES

        municipality = parse_choices(municipality, tuple(MUNICIPALITY_NAMES), "municipality")[0]
    limit = parse_int(args["limit"], "limit", 1, 1000) if "limit" in args else 200
    page = parse_int(args["page"], "page", 1, 1_000_000) if "page" in args else 1
    with database().transaction() as session:
        found = uc.list_conflicts(session, current_actor(), window, capacity(), rules=rules,
                                  municipality=municipality, event_id=args.get("event"), status=status)
    chunk = found[(page - 1) * limit: page * limit]
    more = len(found) > page * limit
    links = {"self": request.full_path.rstrip("?"),
             "next": url_for("api.list_conflicts_view", **(args | {"page": str(page + 1), "limit": str(limit)}))
             if more else None}
    return jsonify({"conflicts": chunk, "links": links, "total": len(found), "page": page, "limit": limit})


@bp.post("/conflicts/<key>/decision")
def decide_conflict(key: str) -> tuple[Response, int]:
    body = json_body()
    with database().transaction() as session:
        out = uc.decide(session, key, body, current_actor(), capacity())
    return jsonify(out), 201


@bp.post("/conflicts/suggest")
def suggest_view() -> Response:
    body = json_body()
    with database().transaction() as session:
        return jsonify(uc.suggest_for(session, body, current_actor(), capacity()))


@bp.get("/capacity")
def capacity_view() -> Response:
    window = _window(request.args.to_dict(), {"from", "to"})
    with database().transaction() as session:
        return jsonify(uc.capacity_load(session, current_actor(), window, capacity()))


def event_conflicts(session: Any, event: Event) -> list[dict[str, Any]] | None:
    """For the events API: the conflicts a stored event has now (null for anonymous readers: conflicts
    need sign-in)."""
    actor = current_actor()
    if actor.role == "anonymous":
        return None
    return uc.conflicts_of_event(session, event, actor, capacity())


# -- OpenAPI ----------------------------------------------------------------------------------------

WINDOW = {"type": "object", "properties": {"start": {"type": "string"}, "end": {"type": "string"}}}
PARTY = {"type": "object", "properties": {"type": {"enum": ["event", "zone"]}, "id": {"type": ["string", "null"]},
                                          "title": {"type": "string"}, "kind": {"type": "string"}}}
CONFLICT = {"type": "object", "required": ["key", "rule", "severity", "parties", "window", "message"],
            "properties": {
                "key": {"type": "string"}, "rule": {"enum": list(RULES)},
                "severity": {"enum": ["low", "medium", "high"]}, "parties": {"type": "array", "items": PARTY},
                "window": WINDOW, "window_local": WINDOW, "windows": {"type": "array", "items": WINDOW},
                "overlap_area_m2": {"type": "number"}, "distance_m": {"type": "number"},
                "crossings": {"type": "array", "items": {"type": "object"}},
                "peak_officers": {"type": "integer"}, "capacity": {"type": "integer"},
                "message": {"type": "object", "properties": {"da": {"type": "string"}, "en": {"type": "string"}}},
                "decision": {"type": ["object", "null"]}}}
CONFLICTS = {"type": "object", "properties": {"conflicts": {"type": "array", "items": CONFLICT}}}
FEATURE = {"type": "object", "description": "A GeoJSON Feature as for POST /api/v1/events"}
WINDOW_PARAMS = [_q("from", "Start (ISO 8601 with offset, or a date = local midnight); required"),
                 _q("to", "End, after from; the window is capped at 731 days; required")]

add_paths({
    "/api/v1/conflicts/check": {"post": {
        "summary": "Conflicts a candidate event would have (nothing is stored)", "tags": ["conflicts"],
        "requestBody": {"required": True, "content": {"application/json": {"schema": FEATURE}}},
        "responses": {"200": _json(CONFLICTS), **ERRORS}}},
    "/api/v1/conflicts": {"get": {
        "summary": "Conflicts in a window", "tags": ["conflicts"],
        "parameters": [*WINDOW_PARAMS, _q("rule", f"Comma-separated: {', '.join(RULES)}"),
                       _q("municipality", "Municipality code, e.g. 0101"), _q("event", "Event id"),
                       _q("status", "Decision status: open, acknowledged, waived, resolved"),
                       _q("limit", "Page size (1–1000)"), _q("page", "Page number from 1")],
        "responses": {"200": _json(CONFLICTS), **ERRORS}}},
    "/api/v1/conflicts/{key}/decision": {"post": {
        "summary": "Decide on a conflict (acknowledged, waived, resolved) with a note", "tags": ["conflicts"],
        "parameters": [{"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["decision", "note"],
            "properties": {"decision": {"enum": ["acknowledged", "waived", "resolved"]},
                           "note": {"type": "string", "minLength": 1}}}}}},
        "responses": {"201": _json(CONFLICT, "Created"), **WRITE_ERRORS}}},
    "/api/v1/conflicts/suggest": {"post": {
        "summary": "Nearest conflict-free windows of the same length, and venue shifts", "tags": ["conflicts"],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["feature", "from", "to"],
            "properties": {"feature": FEATURE, "from": {"type": "string"}, "to": {"type": "string"},
                           "shift_m": {"type": "number"}, "limit": {"type": "integer"}}}}}},
        "responses": {"200": _json({"type": "object"}), **ERRORS}}},
    "/api/v1/capacity": {"get": {
        "summary": "Hourly officer load against the configured capacity", "tags": ["conflicts"],
        "parameters": WINDOW_PARAMS,
        "responses": {"200": _json({"type": "object", "properties": {
            "capacity": {"type": "integer"}, "hours": {"type": "array", "items": {"type": "object"}}}}),
            **ERRORS}}},
})
