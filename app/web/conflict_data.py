"""Conflicts as the pages show them (dicts in the API's shape). Filled in once the engine is on main."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.models import Event
from app.registry.access import Actor


def conflicts_for_event(session: Session, event: Event, actor: Actor) -> list[dict[str, Any]]:
    return []


def party_ids(conflicts: list[dict[str, Any]], focus: Event | None) -> frozenset[str]:
    """Ids of the other parties (events and zones) of the focused event's conflicts."""
    own = focus.id if focus is not None else None
    return frozenset(p["id"] for c in conflicts for p in c.get("parties", []) if p.get("id") and p["id"] != own)


def conflicts_in_window(session: Session, actor: Actor, window: tuple) -> list[dict[str, Any]]:
    return []


def weekly_peaks(session: Session, actor: Actor, monday: Any, weeks: int) -> list:
    from datetime import timedelta

    from app.web.capacity_chart import WeekLoad

    return [WeekLoad(monday + timedelta(days=7 * i), 0) for i in range(weeks)]
