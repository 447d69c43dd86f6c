"""GET /api/v1/openapi.json."""

from __future__ import annotations

from flask import Response, jsonify

from app.api import bp
from app.api.openapi import spec


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return jsonify(spec())
