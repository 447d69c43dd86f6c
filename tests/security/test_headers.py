"""Security headers on pages and API responses; cookie flags behind TLS."""

from __future__ import annotations

from flask import Flask, g

from app.security.headers import content_security_policy, tile_origin


def _directives(csp: str) -> dict[str, str]:
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] if " " in d else "" for d in csp.split("; ")}


def test_every_response_carries_the_security_headers(app: Flask) -> None:
    for path in ["/login", "/api/v1/events", "/healthz", "/api/v1/events/nope"]:
        r = app.test_client().get(path)
        h = r.headers
        assert h["X-Content-Type-Options"] == "nosniff", path
        assert h["X-Frame-Options"] == "DENY"
        assert h["Referrer-Policy"] == "strict-origin-when-cross-origin"
        csp = _directives(h["Content-Security-Policy"])
        assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
        assert csp["script-src"] == "'self'"  # no nonce was used: no inline script may run
        assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]


def test_a_page_that_used_the_nonce_lets_exactly_its_inline_scripts_run(app: Flask) -> None:
    @app.get("/_nonce_probe")
    def _probe() -> str:
        g.csp_nonce = "abc123"  # what app.web.csp.csp_nonce() stores while rendering a map page
        return '<script nonce="abc123">1</script>'

    csp = _directives(app.test_client().get("/_nonce_probe").headers["Content-Security-Policy"])
    assert csp["script-src"] == "'self' 'nonce-abc123'"
    assert csp["style-src"] == "'self' 'nonce-abc123'"


def test_tiles_may_load_from_the_configured_tile_server_only() -> None:
    assert tile_origin("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://*.tile.openstreetmap.org"
    assert tile_origin("") == "" and tile_origin("javascript:alert(1)") == ""
    csp = _directives(content_security_policy(None, "https://tiles.example.dk/{z}/{x}/{y}.png"))
    assert csp["img-src"] == "'self' data: blob: https://tiles.example.dk"


def test_behind_a_tls_proxy_cookies_are_secure_and_hsts_is_sent(sqlite_template, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    shutil.copy(sqlite_template, tmp_path / "db.sqlite3")
    from app import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "s", "TRUSTED_PROXIES": 1,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["SESSION_COOKIE_HTTPONLY"] is True
    r = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert r.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = r.headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    plain = app.test_client().get("/login")
    assert "Strict-Transport-Security" not in plain.headers
    app.extensions["overblik_db"].engine.dispose()


def test_api_answers_for_a_token_holder_are_not_cached(app: Flask) -> None:
    from tests.factories import auth_headers

    r = app.test_client().get("/api/v1/events", headers=auth_headers(app, "viewer"))
    assert r.headers["Cache-Control"] == "private, no-store"


def test_oversized_body_is_413_with_the_limit_named(app: Flask) -> None:
    from tests.factories import auth_headers

    app.config["MAX_CONTENT_LENGTH"] = 1000
    r = app.test_client().post("/api/v1/events", data=b"{" + b" " * 2000 + b"}",
                               headers=auth_headers(app, "planner") | {"Content-Type": "application/json"})
    assert r.status_code == 413 and "1000 bytes" in r.get_json()["error"]["message"]
