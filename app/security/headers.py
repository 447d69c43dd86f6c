"""Security headers on every response: a Content-Security-Policy that folium map pages work under,
nosniff, no framing, a strict referrer policy and HSTS behind TLS."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, g, request


def tile_origin(tile_url: str) -> str:
    """The scheme://host of a tile URL template such as https://{s}.tile.example/{z}/{x}/{y}.png."""
    if not tile_url:
        return ""
    parts = urlsplit(tile_url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def content_security_policy(nonce: str | None, tile_url: str = "", extra_img: str = "") -> str:
    """The policy for one response. Inline <script>/<style> run only with this request's nonce (the map
    pages put it on folium's generated tags); style attributes are allowed because Leaflet and folium
    position elements with them; images may come from the tile server."""
    nonced = f" 'nonce-{nonce}'" if nonce else ""
    img = " ".join(s for s in ("'self' data: blob:", tile_origin(tile_url), extra_img) if s)
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self'{nonced}",
        f"style-src 'self'{nonced}",
        "style-src-attr 'unsafe-inline'",
        f"img-src {img}",
        "connect-src 'self'",
        "font-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def init_headers(app: Flask) -> None:
    @app.after_request
    def _security_headers(resp: Response) -> Response:
        h = resp.headers
        h.setdefault("Content-Security-Policy", content_security_policy(
            g.get("csp_nonce"), app.config.get("TILE_URL", ""), app.config.get("CSP_EXTRA_IMG_SRC", "")))
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        if request.is_secure:
            h.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.path.startswith("/api/") and "Cache-Control" not in h and request.headers.get("Authorization"):
            h["Cache-Control"] = "private, no-store"
        return resp
