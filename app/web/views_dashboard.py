"""The planner's dashboard: officers required per week against the district's capacity, and what is next."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import current_app, request
from flask_babel import gettext as _

from app.auth import current_actor
from app.extensions import database
from app.registry.filters import EventFilter
from app.registry.queries import iter_events
from app.web import bp
from app.web.calendar_grid import days_window
from app.web.capacity_chart import weekly_chart
from app.web.conflict_data import weekly_peaks
from app.web.render import local_text, page, render_error
from calendars.intervals import COPENHAGEN

WEEKS = 8


@bp.get("/")
def dashboard():  # type: ignore[no-untyped-def]
    try:
        anchor = date.fromisoformat(request.args["from"]) if request.args.get("from") else \
            datetime.now(UTC).astimezone(COPENHAGEN).date()
    except ValueError:
        return render_error(400, "bad_request", hint="from=YYYY-MM-DD")
    monday = anchor - timedelta(days=anchor.weekday())
    capacity = int(current_app.config["CAPACITY_OFFICERS"])
    actor = current_actor()
    with database().transaction() as session:
        peaks = weekly_peaks(session, actor, monday, WEEKS)
        window = days_window([monday, monday + timedelta(days=13)], COPENHAGEN)
        upcoming = list(iter_events(session, EventFilter(start=window[0], end=window[1], limit=20), actor))[:20]
    chart = weekly_chart(peaks, capacity, _("week"), _("capacity"))
    return page("dashboard.html", chart=chart, peaks=peaks, capacity=capacity, upcoming=upcoming,
                local=local_text, monday=monday)
