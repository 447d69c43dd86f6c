"""POST /api/v1/events/import: an .ics file (multipart field `file`, or a text/calendar body)."""

from __future__ import annotations

from flask import Response, jsonify, request

from app.api import bp
from app.api.errors import error_body
from app.api.events import settings
from app.api.openapi import ERROR, WRITE_ERRORS, _json, _q, add_paths
from app.auth import current_actor
from app.extensions import database
from app.feeds.importer import import_calendar
from app.registry.errors import BadRequest
from app.registry.filters import parse_choices

FLAGS = ("true", "false")


def _flag(name: str) -> bool:
    value = request.args.get(name)
    return value is not None and parse_choices(value, FLAGS, name)[0] == "true"


def _upload() -> bytes:
    if request.files:
        upload = request.files.get("file")
        if upload is None:
            raise BadRequest("send the calendar as the multipart field 'file'", "file")
        try:
            return upload.read()
        finally:
            upload.close()
    if request.mimetype == "text/calendar":
        return request.get_data()
    raise BadRequest("send an .ics file as multipart/form-data (field 'file') or as a text/calendar body", "file")


@bp.post("/events/import")
def import_events() -> tuple[Response, int]:
    """Upsert by UID; 200 with the report, or 422 with it when rejected VEVENTs kept anything from being stored."""
    actor = current_actor()
    actor.require("planner")
    unknown = sorted(set(request.args) - {"partial", "dry_run"})
    if unknown:
        raise BadRequest(f"unknown query parameter {unknown[0]!r}; known: dry_run, partial", unknown[0])
    partial, dry_run = _flag("partial"), _flag("dry_run")
    data = _upload()
    with database().transaction() as session:
        report = import_calendar(session, data, actor, settings(), partial=partial, dry_run=dry_run)
    body = report.as_json()
    if report.rejected and not partial and not dry_run:
        n = len(report.rejected)
        body |= error_body(
            "import_rejected",
            f"{n} event(s) were rejected, so nothing was stored; fix them or send ?partial=true to store the others",
            "file",
        )
        return jsonify(body), 422
    return jsonify(body), 200


REPORT = {
    "type": "object",
    "required": ["created", "updated", "unchanged", "rejected"],
    "properties": {
        "created": {"type": "integer"},
        "updated": {"type": "integer"},
        "unchanged": {"type": "integer"},
        "rejected": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["index", "reason"],
                "properties": {
                    "index": {"type": "integer", "minimum": 0},
                    "reason": {"type": "string"},
                    "uid": {"type": ["string", "null"]},
                },
            },
        },
        "drafts": {"type": "array", "items": {"type": "string"}},
        "stored": {"type": "boolean"},
        "dry_run": {"type": "boolean"},
    },
}
add_paths(
    {
        "/api/v1/events/import": {
            "post": {
                "summary": "Import an .ics file (planner): upsert by UID; all or nothing unless partial=true",
                "parameters": [
                    _q("partial", "Store the good events even when some are rejected", {"enum": ["true", "false"]}),
                    _q("dry_run", "Report only, store nothing", {"enum": ["true", "false"]}),
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file"],
                                "properties": {"file": {"type": "string", "format": "binary"}},
                            }
                        },
                        "text/calendar": {"schema": {"type": "string"}},
                    },
                },
                "responses": {
                    "200": _json(REPORT, "The import report"),
                    **WRITE_ERRORS,
                    "422": _json({"anyOf": [REPORT, ERROR]}, "Rejected events (the report) or an unreadable file"),
                },
            }
        }
    }
)
