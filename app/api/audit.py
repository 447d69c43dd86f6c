"""GET /api/v1/audit: the append-only trail of every write, for admins."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request, url_for

from app.api import bp
from app.api.openapi import ERRORS, _json, _q, add_paths
from app.auth import current_actor
from app.extensions import database
from app.registry.audit_queries import ENTITIES, audit_filter, entry_json, list_audit


@bp.get("/audit")
def list_audit_view() -> Response:
    actor = current_actor()
    actor.require("admin")
    args = request.args.to_dict()
    f = audit_filter(args)
    with database().transaction() as session:
        rows, more = list_audit(session, f, actor)
        entries = [entry_json(e) for e in rows]
    nxt = url_for("api.list_audit_view", **(args | {"page": str(f.page + 1), "limit": str(f.limit)})) \
        if more else None
    resp = jsonify({"entries": entries, "links": {"next": nxt}, "page": f.page, "limit": f.limit})
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


ENTRY: dict[str, Any] = {
    "type": "object", "required": ["id", "at", "actor", "action", "entity", "entity_id"],
    "properties": {"id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"},
                   "actor": {"type": "string"}, "action": {"type": "string"},
                   "entity": {"type": "string"}, "entity_id": {"type": "string"},
                   "before": {"type": ["object", "null"]}, "after": {"type": ["object", "null"]}}}

add_paths({"/api/v1/audit": {"get": {
    "summary": "The audit trail, newest first (admin)",
    "parameters": [
        _q("entity", "Record type", {"type": "string", "enum": list(ENTITIES)}),
        _q("id", "Record id", {"type": "string", "minLength": 1, "maxLength": 100}),
        _q("actor", "Who made the change", {"type": "string", "minLength": 1, "maxLength": 100}),
        _q("action", "create, update, delete, set_role, revoke, …", {"type": "string", "minLength": 1,
                                                                    "maxLength": 100}),
        _q("from", "Entries at or after (ISO 8601 with offset, or a date)"),
        _q("to", "Entries before (exclusive)"),
        _q("limit", "Page size", {"type": "integer", "minimum": 1, "maximum": 1000}),
        _q("page", "Page number", {"type": "integer", "minimum": 1}),
    ],
    "responses": {"200": _json({"type": "object", "required": ["entries", "links"], "properties": {
        "entries": {"type": "array", "items": ENTRY}, "links": {"type": "object"},
        "page": {"type": "integer"}, "limit": {"type": "integer"}}}), **ERRORS}}}})
