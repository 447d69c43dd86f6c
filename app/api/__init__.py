"""The JSON/GeoJSON API under /api/v1."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Routes register on import.
from app.api import events  # noqa: E402,F401
from app.api import exports  # noqa: E402,F401
from app.api import ical_import  # noqa: E402,F401
from app.api import openapi_view  # noqa: E402,F401
from app.api import zone_import  # noqa: E402,F401
from app.api import zones  # noqa: E402,F401
