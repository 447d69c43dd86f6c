"""Who is calling: bearer tokens for the API (sessions for pages come with Flask-Login)."""

from __future__ import annotations

from flask import g, request

from app.auth.users import user_for_token
from app.registry.access import Actor
from app.registry.errors import Unauthorized
from app.web_session import session_user

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
        user = session_user()
        if user is not None:
            actor = user
    g.actor = actor
    return actor


def current_role() -> str:
    return current_actor().role
