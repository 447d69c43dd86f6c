"""Test data builders: valid by default, overridable per test."""

from __future__ import annotations

import copy
from typing import Any

from flask import Flask

VESTERBRO_SQUARE = [[[12.5580, 55.6725], [12.5620, 55.6725], [12.5620, 55.6740], [12.5580, 55.6740],
                     [12.5580, 55.6725]]]


def event_feature(geometry: dict[str, Any] | None = None, **props: Any) -> dict[str, Any]:
    """A valid public event on Vesterbrogade, 5 June 2025 20:00–23:00 local; override anything."""
    base = {"title": "Gadefest på Vesterbrogade", "kind": "festival", "status": "planned",
            "classification": "public", "organiser": "Test organiser",
            "starts_at": "2025-06-05T20:00:00+02:00", "ends_at": "2025-06-05T23:00:00+02:00",
            "attendance": 5000, "officers_required": 20}
    base.update(props)
    return {"type": "Feature",
            "geometry": copy.deepcopy(geometry or {"type": "Polygon", "coordinates": VESTERBRO_SQUARE}),
            "properties": base}


def zone_feature(geometry: dict[str, Any] | None = None, **props: Any) -> dict[str, Any]:
    base = {"name": "Testzone", "kind": "nightlife", "valid_from": "2024-06-01", "valid_until": "2026-05-31",
            "active_hours": [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                              "start": "00:00", "end": "05:00"}]}
    base.update(props)
    return {"type": "Feature",
            "geometry": copy.deepcopy(geometry or {"type": "Polygon", "coordinates": VESTERBRO_SQUARE}),
            "properties": base}


def auth_headers(app: Flask, role: str) -> dict[str, str]:
    """Authorization headers for a fresh user with `role` (one per app and role)."""
    from app.auth.users import create_user, issue_token

    tokens = app.extensions.setdefault("test_tokens", {})
    if role not in tokens:
        with app.extensions["overblik_db"].transaction() as session:
            user = create_user(session, f"{role}-test", role)
            tokens[role] = issue_token(session, user, "tests")
    return {"Authorization": f"Bearer {tokens[role]}"}


def web_user_id(app: Flask, role: str = "planner", name: str = "planner-web") -> str:
    """The id of a (new or existing) user for a browser session; Flask-Login keeps it as `_user_id`."""
    from sqlalchemy import select

    from app.auth.users import create_user
    from app.models import User

    with app.extensions["overblik_db"].transaction() as session:
        user = session.scalar(select(User).where(User.username == name)) or create_user(session, name, role)
        return user.id
