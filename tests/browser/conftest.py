"""Browser tests: headless Debian Chromium via Playwright against a live server on 127.0.0.1.

Every page is watched: a console error, an uncaught exception or a request to anywhere but the test
server fails the test (such requests are aborted, so nothing ever leaves the machine).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.factories import web_user_id
from tests.requirements_gate import require

CHROMIUM = os.environ.get("OVERBLIK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-features=Translate"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@dataclass
class LiveServer:
    app: Flask
    url: str
    thread: threading.Thread
    server: object


@pytest.fixture
def live_server(seeded_app: Flask) -> Iterator[LiveServer]:
    server = make_server("127.0.0.1", 0, seeded_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(seeded_app, f"http://127.0.0.1:{server.server_port}", thread, server)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require("Chromium", Path(CHROMIUM).exists(), f"install Debian's chromium ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@dataclass
class Watch:
    """What a page did that it should not: console errors, page errors, requests leaving 127.0.0.1."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)

    def allow(self, fragment: str) -> None:
        """Expect console errors containing `fragment` (Chromium logs every 4xx page load as one)."""
        self.allowed.append(fragment)

    def assert_clean(self) -> None:
        self.console_errors = [m for m in self.console_errors if not any(a in m for a in self.allowed)]
        assert self.foreign_requests == [], f"requests left 127.0.0.1: {self.foreign_requests}"
        assert self.page_errors == [], f"uncaught page errors: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"


def session_cookie(app: Flask, role: str = "planner", name: str = "planner-web") -> str:
    """A signed session cookie value for a signed-in user (what the web login sets)."""
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    return serializer.dumps({"_user_id": web_user_id(app, role, name), "_fresh": True})


def new_context(browser, live: LiveServer, watch: Watch, *, role: str | None = "planner", **kwargs):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="da-DK", timezone_id="Europe/Copenhagen", **kwargs)

    def guard(route) -> None:  # type: ignore[no-untyped-def]
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            watch.foreign_requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    if role:
        context.add_cookies([{"name": live.app.config.get("SESSION_COOKIE_NAME", "session"),
                              "value": session_cookie(live.app, role), "url": live.url}])
    return context


def watch_page(page, watch: Watch) -> None:  # type: ignore[no-untyped-def]
    page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.page_errors.append(str(e)))


@pytest.fixture
def watched(browser, live_server: LiveServer) -> Iterator[tuple]:  # type: ignore[no-untyped-def]
    """A planner's page (1280×860) on the live server; asserts it stayed clean."""
    watch = Watch()
    context = new_context(browser, live_server, watch, viewport={"width": 1280, "height": 860})
    page = context.new_page()
    watch_page(page, watch)
    yield page, live_server, watch
    context.close()
    watch.assert_clean()


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
