"""The same pages on PostGIS: the map, calendar and form give what they give on SQLite."""

from __future__ import annotations

import json

import pytest
from flask import Flask

from tests.web.conftest import sign_in
from tests.web.test_event_form import VESTERBRO, _form

pytestmark = pytest.mark.postgis


def test_pages_and_form_on_postgis(seeded_pg_app: Flask) -> None:
    client = seeded_pg_app.test_client()
    sign_in(client)
    for url in ("/", "/calendar?date=2025-06-05", "/map?at=2025-06-06T01:00", "/zones", "/officer"):
        assert client.get(url).status_code == 200, url
    resp = client.post("/events/new", data=_form(geometry=json.dumps(VESTERBRO)))
    assert resp.status_code == 303
    week = client.get("/calendar?view=week&date=2025-06-05").get_data(as_text=True)
    assert "Natkoncert på Vesterbrogade" in week
