"""The pages keep working under a strict Content-Security-Policy (nonce for folium's inline code)."""

from __future__ import annotations

import pytest
from flask import Flask, Response

from app.web.csp import csp_nonce
from tests.browser.conftest import Watch, new_context, watch_page

pytestmark = pytest.mark.browser


def strict_policy(app: Flask) -> None:
    """What the security layer is expected to send: no inline code without this request's nonce."""

    @app.after_request
    def _csp(resp: Response) -> Response:
        if resp.mimetype == "text/html":
            n = csp_nonce()
            resp.headers["Content-Security-Policy"] = (
                f"default-src 'self'; script-src 'self' 'nonce-{n}'; style-src 'self' 'nonce-{n}'; "
                "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                "frame-ancestors 'none'; form-action 'self'")
        return resp


@pytest.mark.parametrize("path", ["/map?at=2025-06-06T01:00", "/events/new?starts_at=2025-06-06T00:30",
                                  "/officer?at=2025-06-06T01:00", "/?from=2025-06-02", "/calendar?date=2025-06-05",
                                  "/zones"])
def test_page_runs_under_a_strict_csp(browser, seeded_app: Flask, path: str, request) -> None:  # type: ignore[no-untyped-def]
    strict_policy(seeded_app)
    live = request.getfixturevalue("live_server")
    watch = Watch()
    violations: list[str] = []
    context = new_context(browser, live, watch, viewport={"width": 1280, "height": 860},
                          geolocation={"latitude": 55.6733, "longitude": 12.558}, permissions=["geolocation"])
    page = context.new_page()
    watch_page(page, watch)
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    resp = page.goto(live.url + path)
    assert "nonce-" in resp.headers["content-security-policy"]
    if "map" in path or "events/new" in path or "officer" in path:
        page.wait_for_selector("body[data-map-ready='1']")
        assert page.locator(".leaflet-container").count() == 1
    context.close()
    assert violations == []
    watch.assert_clean()
