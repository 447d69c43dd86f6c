"""The zones page: every zone with its kind, active hours, designation period and whether it is active now."""

from __future__ import annotations

from datetime import UTC, datetime

from app.auth import current_actor
from app.extensions import database
from app.maps.features import hours_text, zone_hours
from app.registry.queries import list_zones
from app.web import bp
from app.web.render import current_lang, page
from calendars.hours import is_active


@bp.get("/zones")
def zones():  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    lang = current_lang()
    with database().transaction() as session:
        rows, _ = list_zones(session, current_actor(), limit=100_000)
    items = [{"zone": z, "hours": hours_text(zone_hours(z), lang),
              "active": is_active(zone_hours(z), now, z.valid_from, z.valid_until)} for z in rows]
    return page("zones.html", items=items, now=now)
