"""The JSON/GeoJSON API under /api/v1."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Routes register on import (one module per line keeps merges simple).
from app.api import audit
from app.api import events
from app.api import exports
from app.api import ical_import
from app.api import openapi_view
from app.api import zone_import
from app.api import zones
