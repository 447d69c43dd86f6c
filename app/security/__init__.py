"""The security layer: response headers (CSP and friends), cookie flags behind TLS, rate limits, shared cache."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.security.cache import init_cache
from app.security.headers import init_headers
from app.security.hygiene import init_hygiene
from app.security.limits import init_limits

DEFAULTS = {
    # Hops of trusted reverse proxies (X-Forwarded-For/-Proto/-Host); 0 trusts none.
    "TRUSTED_PROXIES": 0,
    "PREFERRED_URL_SCHEME": "http",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "RATELIMIT_LOGIN": "10 per minute",
    "RATELIMIT_WRITES": "300 per minute",
    "CSP_EXTRA_IMG_SRC": "",
}


def init_security(app: Flask) -> None:
    """Apply the security settings to `app` (call from create_app before blueprints register)."""
    for key, value in DEFAULTS.items():
        if app.config.get(key) is None:  # Flask's own default for SameSite is None: tighten it
            app.config[key] = value
    hops = int(app.config["TRUSTED_PROXIES"])
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    if app.config["PREFERRED_URL_SCHEME"] == "https" or hops:
        # Behind TLS: cookies never travel over plain HTTP.
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    init_headers(app)
    init_hygiene(app)
    init_limits(app)
    init_cache(app)
