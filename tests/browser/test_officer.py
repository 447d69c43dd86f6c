"""The officer's phone: 360×640, a fixed position on Vesterbrogade, at 01:00 on a June night."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Watch, new_context, screenshot, watch_page

pytestmark = pytest.mark.browser

VESTERBROGADE = {"latitude": 55.67330, "longitude": 12.55800}


def test_now_and_near_on_a_phone(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    watch = Watch()
    context = new_context(browser, live_server, watch, role=None, viewport={"width": 360, "height": 640},
                          device_scale_factor=2, is_mobile=True, has_touch=True,
                          geolocation=VESTERBROGADE, permissions=["geolocation"])
    page = context.new_page()
    watch_page(page, watch)
    page.goto(f"{live_server.url}/officer?at=2025-06-06T01:00")
    page.wait_for_selector("body[data-located='1']")
    assert page.inner_text("h1").startswith("Nu og nær")
    zones = page.locator("#zones-now li.tap")
    names = zones.locator("strong").all_inner_texts()
    assert "Nattelivszone Vesterbrogade" in names and "Nattelivszone Gothersgade" in names
    distances = [float(d) for d in zones.evaluate_all("els => els.map(e => e.dataset.distance)")]
    assert distances == sorted(distances) and distances[0] == 0  # standing inside the zone
    assert zones.first.locator(".distance").inner_text() == "du er inden for"
    assert names.index("Nattelivszone Vesterbrogade") < names.index("Nattelivszone Gothersgade")
    events = page.locator("#events-today li.tap strong").all_inner_texts()
    assert "Distortion: gadefest på Vesterbro" in events
    for box in zones.locator("a").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)"):
        assert box >= 48  # large tap targets
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    screenshot(page, "officer-phone")
    page.locator("section.officer-map").scroll_into_view_if_needed()
    assert page.locator("path.ovb-me").count() == 1
    screenshot(page, "officer-phone-map")
    context.close()
    watch.assert_clean()
