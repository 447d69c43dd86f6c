"""Browser sessions with Flask-Login: the user is reloaded from the database on every request, so a
changed role or a disabled account takes effect at once."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask_login import LoginManager, current_user

from app.registry.access import RANK, Actor


@dataclass(frozen=True)
class SessionUser:
    """What Flask-Login keeps for a signed-in user (no ORM object outlives its session)."""

    id: str
    username: str
    role: str
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        return self.id


def _load_user(user_id: str) -> SessionUser | None:
    from app.extensions import database
    from app.models import User

    if not isinstance(user_id, str) or len(user_id) > 36:
        return None
    with database().transaction() as session:
        user = session.get(User, user_id)
        if user is None or user.disabled or user.role not in RANK:
            return None
        return SessionUser(user.id, user.username, user.role)


def init_sessions(app: Flask) -> None:
    manager = LoginManager()
    manager.login_view = "auth.login"
    manager.login_message = "Log ind for at se denne side. / Sign in to see this page."
    manager.session_protection = "basic"
    manager.user_loader(_load_user)
    manager.init_app(app)


def session_actor() -> Actor | None:
    """The signed-in browser user as an Actor, or None."""
    if current_user and current_user.is_authenticated:
        return Actor(current_user.username, current_user.role)
    return None
