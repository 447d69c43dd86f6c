"""The JSON/GeoJSON API under /api/v1."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Routes register on import.
from app.api import (  # noqa: E402,F401
    audit,
    events,
    exports,
    ical_import,
    openapi_view,
    zone_import,
    zones,
)
