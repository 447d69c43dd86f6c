"""The signed-in user of a browser session (Flask-Login, see app.auth.sessions)."""

from __future__ import annotations

from app.registry.access import Actor


def session_user() -> Actor | None:
    from app.auth.sessions import session_actor

    return session_actor()
