"""The signed-in user of a browser session (filled in by the web login; none until then)."""

from __future__ import annotations

from flask import session

from app.registry.access import RANK, Actor


def session_user() -> Actor | None:
    name, role = session.get("user"), session.get("role")
    if isinstance(name, str) and role in RANK and role != "anonymous":
        return Actor(name, role)
    return None
