"""The JSON/GeoJSON API under /api/v1."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from app.api import events, openapi_view, zones  # noqa: E402,F401  (routes register on import)
