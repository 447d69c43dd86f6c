"""The planner's calendar: a month or a week of events, each with its conflict badge."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from flask import request

from app.auth import current_actor
from app.extensions import database
from app.maps.features import event_windows
from app.registry.filters import EventFilter
from app.registry.queries import iter_events
from app.web import bp
from app.web.calendar_grid import Entry, days_window, fill, month_days, week_days
from app.web.conflict_data import conflicts_in_window
from app.web.render import page, render_error
from calendars.intervals import COPENHAGEN


def _anchor(value: str | None) -> date | None:
    if not value:
        return datetime.now(UTC).astimezone(COPENHAGEN).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@bp.get("/calendar")
def calendar():  # type: ignore[no-untyped-def]
    view = request.args.get("view", "month")
    anchor = _anchor(request.args.get("date"))
    if view not in ("month", "week") or anchor is None:
        return render_error(400, "bad_request", hint="view=month|week, date=YYYY-MM-DD")
    days = month_days(anchor) if view == "month" else week_days(anchor)
    period = ((anchor.replace(day=1), (anchor.replace(day=1) + timedelta(days=32)).replace(day=1)
               - timedelta(days=1)) if view == "month" else (days[0], days[-1]))
    window = days_window(days, COPENHAGEN)
    actor = current_actor()
    with database().transaction() as session:
        events = list(iter_events(session, EventFilter(start=window[0], end=window[1], limit=100_000), actor))
        counts = Counter(pid for c in conflicts_in_window(session, actor, window)
                         for pid in {p["id"] for p in c["parties"] if p["type"] == "event" and p["id"]})
    occ = [(Entry(e.id, e.title, e.kind, e.status, w[0], w[1], counts.get(e.id, 0)), w)
           for e in events for w in event_windows(e, window)]
    today = datetime.now(UTC).astimezone(COPENHAGEN).date()
    weeks = fill(days, period, today, occ, COPENHAGEN)
    step = timedelta(days=7)
    prev_day = (period[0] - timedelta(days=1)) if view == "month" else anchor - step
    next_day = (period[1] + timedelta(days=1)) if view == "month" else anchor + step
    return page("calendar.html", weeks=weeks, view=view, anchor=anchor, period=period,
                prev_day=prev_day, next_day=next_day, today=today, event_count=len(events))
