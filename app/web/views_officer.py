"""Now and near: the officer's phone page — zones active now and today's events, nearest first."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import request

from app.auth import current_actor
from app.extensions import database
from app.maps.features import event_windows, hours_text, zone_hours
from app.maps.page import MapRequest, day_window, page_map
from app.maps.timeparse import AT_EXAMPLE, AT_FORMAT, AtError, parse_at
from app.registry.filters import EventFilter
from app.registry.queries import iter_events, list_zones
from app.web import bp
from app.web.render import current_lang, local_text, page, render_error
from calendars.hours import is_active


def _point(geom) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    p = geom.representative_point()
    return round(p.y, 6), round(p.x, 6)


@bp.get("/officer")
def officer():  # type: ignore[no-untyped-def]
    try:
        now = parse_at(request.args.get("at"), datetime.now(UTC))
    except AtError:
        return render_error(400, "bad_at", hint=f"{AT_FORMAT}, e.g. {AT_EXAMPLE}")
    lang, actor = current_lang(), current_actor()
    today = day_window(now, days=1)
    with database().transaction() as session:
        zones, _ = list_zones(session, actor, limit=100_000)
        active = [z for z in zones if is_active(zone_hours(z), now, z.valid_from, z.valid_until)]
        events = [e for e in iter_events(session, EventFilter(start=today[0], end=today[1], limit=100_000), actor)
                  if e.status != "cancelled" and e.geometry is not None]
        pm = page_map(session, actor, MapRequest(at=now, lang=lang, locate=True, legend=False, window=today))
    zone_items = [{"zone": z, "hours": hours_text(zone_hours(z), lang), "latlon": _point(z.geometry)}
                  for z in active]
    event_items = []
    for e in events:
        windows = event_windows(e, today)
        if windows:
            event_items.append({"event": e, "latlon": _point(e.geometry), "start": local_text(windows[0][0]),
                                "end": local_text(windows[0][1]), "now": windows[0][0] <= now < windows[0][1]})
    return page("officer.html", zones=zone_items, events=event_items, pm=pm, now=local_text(now))
