"""The subscribe page gives each municipality's feed as webcal://, https and Google links that work."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from flask.testing import FlaskClient

from app.reference import MUNICIPALITY_NAMES


def test_every_municipality_has_working_subscribe_links(web: FlaskClient) -> None:
    html = web.get("/subscribe").get_data(as_text=True)
    assert "Abonnér på kalendere" in html
    for code, name in MUNICIPALITY_NAMES.items():
        row = re.search(rf'<tr id="feed-{code}">(.*?)</tr>', html, re.S)
        assert row is not None and name in row.group(1)
        webcal = re.search(r'href="(webcal://[^"]+)"', row.group(1)).group(1)  # type: ignore[union-attr]
        assert webcal.endswith(f"/feeds/municipality/{code}.ics")
        assert "calendar.google.com" in row.group(1)
        resp = web.get(urlparse(webcal).path)
        assert resp.status_code == 200 and resp.mimetype == "text/calendar"
        assert resp.get_data(as_text=True).startswith("BEGIN:VCALENDAR")


def test_subscribe_page_in_english(web: FlaskClient) -> None:
    html = web.get("/subscribe?lang=en").get_data(as_text=True)
    assert "Subscribe to calendars" in html and "Add to Google Calendar" in html
