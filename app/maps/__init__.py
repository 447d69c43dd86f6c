"""Blueprint /map: the folium/Leaflet map page (thin: geo.maps draws, app.maps.page gathers)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("maps", __name__, url_prefix="/map")

from app.maps import views  # noqa: E402,F401  (routes register on import)
