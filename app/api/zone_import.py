"""POST /api/v1/zones/import: a GIS file (multipart field `file`) becomes zones; `dry_run=true` previews.

Options come as query parameters or form fields: kind (required), name_field, crs, source, valid_from,
valid_until, active_hours (JSON list), dry_run, partial, repair. The answer is the import report
(`created`, `updated`, `unchanged`, `removed`, `rejected`, `items`, `notes`); see app/registry/zone_import.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from app.api import bp
from app.api.errors import error_body
from app.auth import current_actor
from app.clock import today
from app.extensions import database
from app.registry.errors import BadRequest
from app.registry.zone_import import ImportOptions, ImportRejected, import_zones
from geo.errors import GisFileError
from geo.gis_files import MB, ImportLimits
from geo.gis_import import GisImport, read_gis

OPTIONS = {"kind", "name_field", "crs", "source", "valid_from", "valid_until", "active_hours", "dry_run",
           "partial", "repair"}
FLAGS = ("dry_run", "partial", "repair")
DEFAULT_MAX_BYTES = 200 * MB


def max_bytes() -> int:
    return int(current_app.config.get("ZONE_IMPORT_MAX_BYTES") or DEFAULT_MAX_BYTES)


def flag(params: dict[str, str], name: str) -> bool:
    value = params.get(name, "false").strip().lower()
    if value not in ("true", "false", "1", "0", "yes", "no"):
        raise BadRequest(f"{name}: expected true or false, not {params[name]!r}", name)
    return value in ("true", "1", "yes")


def _params() -> dict[str, str]:
    params = request.args.to_dict() | request.form.to_dict()
    unknown = sorted(set(params) - OPTIONS)
    if unknown:
        raise BadRequest(f"unknown parameter {unknown[0]!r}; known: {', '.join(sorted(OPTIONS))}", unknown[0])
    if not params.get("kind"):
        raise BadRequest("kind is required (the zone kind of every feature, e.g. nightlife)", "kind")
    return params


def _upload() -> tuple[bytes, str]:
    request.max_content_length = max_bytes() + MB  # room for the multipart envelope
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        raise GisFileError(f"the upload is larger than the limit of {max_bytes() / MB:.0f} MB "
                           "(OVERBLIK_ZONE_IMPORT_MAX_BYTES)", "too_large") from None
    if upload is None:
        raise BadRequest("send the GIS file as multipart/form-data in the field 'file'", "file")
    return upload.read(), (upload.filename or "upload")[:200]


def _hours(params: dict[str, str]) -> list[Any] | None:
    if "active_hours" not in params:
        return None
    try:
        return json.loads(params["active_hours"])  # type: ignore[no-any-return]
    except ValueError:
        raise BadRequest('active_hours: expected a JSON list such as [{"start": "00:00", "end": "05:00"}]',
                         "active_hours") from None


def _read(data: bytes, params: dict[str, str]) -> GisImport:
    return read_gis(data, crs=params.get("crs") or None, name_field=params.get("name_field") or None,
                    repair=flag(params, "repair"), limits=ImportLimits(max_bytes=max_bytes()))


def file_error(exc: GisFileError) -> tuple[Response, int]:
    status = 413 if exc.reason == "too_large" else 422
    return jsonify(error_body(f"invalid_file_{exc.reason}", exc.message, exc.where)), status


@bp.post("/zones/import")
def import_zones_view() -> tuple[Response, int]:
    actor = current_actor()
    actor.require("planner")
    params = _params()
    try:
        data, filename = _upload()
        opts = ImportOptions(kind=params["kind"], source=params.get("source") or filename,
                             valid_from=params.get("valid_from") or None,
                             valid_until=params.get("valid_until") or None, active_hours=_hours(params),
                             partial=flag(params, "partial"), dry_run=flag(params, "dry_run"))
        gis = _read(data, params)
    except GisFileError as exc:
        return file_error(exc)
    try:
        with database().transaction() as session:
            report = import_zones(session, gis, opts, actor, today())
            body = report.as_dict()
    except ImportRejected as exc:
        return jsonify(error_body(exc.code, exc.message, exc.field) | exc.report.as_dict()), exc.status
    return jsonify(body), 200
