"""Rate limits (Flask-Limiter): on login attempts and on API writes. Counters live in Redis when
OVERBLIK_REDIS_URL is set, so several gunicorn workers or hosts share them; otherwise in memory."""

from __future__ import annotations

import hashlib

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse
from werkzeug.exceptions import TooManyRequests

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def caller_key() -> str:
    """A bearer token counts as its own caller (hashed, never stored plain); otherwise the client address."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return "tok:" + hashlib.sha256(header[7:].strip().encode("utf-8", "replace")).hexdigest()[:32]
    return "ip:" + (get_remote_address() or "unknown")


def _write_limit() -> str:
    return str(current_app.config["RATELIMIT_WRITES"])


def _not_an_api_write() -> bool:
    return request.method not in WRITE_METHODS or not request.path.startswith("/api/")


def init_limits(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "overblik")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    # One budget per caller shared by every API write endpoint (reads are not limited here).
    limiter = Limiter(key_func=caller_key, app=app, application_limits=[_write_limit],
                      application_limits_exempt_when=_not_an_api_write)
    app.extensions["overblik_limiter"] = limiter


def hit_login_limit() -> None:
    """Count one login attempt for this client; 429 once RATELIMIT_LOGIN is used up."""
    limiter: Limiter = current_app.extensions["overblik_limiter"]
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    item = parse(str(current_app.config["RATELIMIT_LOGIN"]))
    if not limiter.limiter.hit(item, "login", "ip:" + (get_remote_address() or "unknown")):
        raise TooManyRequests(f"too many sign-in attempts; the limit is {item}. Try again later. / "
                              "For mange forsøg på at logge ind; prøv igen senere.")
