"""Conflicts as the pages show them: the same use cases as the API (app.registry.conflicts), so the
pages and the API redact restricted parties and attach decisions in one way."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from app import conflicts as engine
from app.models import Event
from app.registry import conflicts as uc
from app.registry.access import Actor
from app.web.capacity_chart import WeekLoad
from calendars.intervals import COPENHAGEN, Interval
from calendars.recurrence import localize


def _capacity() -> int:
    return int(current_app.config["CAPACITY_OFFICERS"])


def conflicts_for_event(session: Session, event: Event, actor: Actor) -> list[dict[str, Any]]:
    """The conflicts this (stored) event has now; conflicts need sign-in, as in the API."""
    if actor.role == "anonymous":
        return []
    return uc.conflicts_of_event(session, event, actor, _capacity())


def conflicts_in_window(session: Session, actor: Actor, window: Interval) -> list[dict[str, Any]]:
    if actor.role == "anonymous":
        return []
    return uc.list_conflicts(session, actor, window, _capacity())


def weekly_peaks(session: Session, actor: Actor, monday: date, weeks: int) -> list[WeekLoad]:
    """Each week's highest hourly officer load (all classifications count: officers are officers)."""
    starts = [monday + timedelta(days=7 * i) for i in range(weeks)]
    window = (localize(datetime.combine(starts[0], datetime.min.time()), COPENHAGEN),
              localize(datetime.combine(starts[-1] + timedelta(days=7), datetime.min.time()), COPENHAGEN))
    index = uc.index_for_window(session, window)
    peak: dict[date, int] = defaultdict(int)
    over: dict[date, int] = defaultdict(int)
    for hour in engine.capacity_hours(index, window, _capacity()):
        local_day = hour["start"].astimezone(COPENHAGEN).date()
        week = local_day - timedelta(days=local_day.weekday())
        peak[week] = max(peak[week], hour["officers"])
        over[week] += 1 if hour["over"] else 0
    return [WeekLoad(s, peak[s], over[s]) for s in starts]


def party_ids(conflicts: list[dict[str, Any]], focus: Event | None) -> frozenset[str]:
    """Ids of the other parties (events and zones) of the focused event's conflicts."""
    own = focus.id if focus is not None else None
    return frozenset(p["id"] for c in conflicts for p in c.get("parties", []) if p.get("id") and p["id"] != own)
