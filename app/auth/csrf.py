"""CSRF protection (Flask-WTF) on every state-changing request that a browser could forge.

Requests authenticated by a bearer token are exempt: a browser never adds that header on its own.
Anonymous API writes are refused by the API itself (401), so they need no token either; an API write
riding on a session cookie must carry the token in `X-CSRFToken` (the pages put it in a meta tag)."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def _needs_check() -> bool:
    if request.method not in UNSAFE:
        return False
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        return False
    if request.path.startswith("/api/"):
        return bool(current_user and current_user.is_authenticated)
    return True


def init_csrf(app: Flask) -> None:
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 8 * 3600)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # we decide per request below
    csrf = CSRFProtect(app)
    app.extensions["overblik_csrf"] = csrf

    @app.before_request
    def _csrf() -> None:
        if _needs_check():
            csrf.protect()
