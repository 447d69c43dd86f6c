"""Who is calling: bearer tokens for the API, Flask-Login sessions for the web pages."""

from __future__ import annotations

from flask import Flask, g, request

from app.auth.users import user_for_token
from app.registry.access import Actor
from app.registry.errors import Unauthorized

ANONYMOUS = Actor("anonymous", "anonymous")


def current_actor() -> Actor:
    """The caller of this request: from `Authorization: Bearer`, else the signed-in session, else anonymous."""
    if "actor" in g:
        return g.actor  # type: ignore[no-any-return]
    actor = ANONYMOUS
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        from app.extensions import database

        with database().transaction() as session:
            user = user_for_token(session, header[7:].strip())
            if user is None:
                raise Unauthorized("the API token is unknown, revoked or its user disabled",
                                   "Authorization")
            actor = Actor(user.username, user.role)
    else:
        from app.auth.sessions import session_actor

        actor = session_actor() or ANONYMOUS
    g.actor = actor
    return actor


def current_role() -> str:
    return current_actor().role


def init_auth(app: Flask) -> None:
    """Sessions (Flask-Login), CSRF (Flask-WTF) and the /login, /logout pages."""
    from app.auth.csrf import init_csrf
    from app.auth.sessions import init_sessions
    from app.auth.views import bp

    init_sessions(app)
    init_csrf(app)
    app.register_blueprint(bp)
