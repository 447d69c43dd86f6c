"""The planners' banner for zone designations that expire within 60 days (app/web/expiry_banner.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from app.models import Event, Zone
from tests.web.conftest import sign_in

NIGHTLIFE = ["Nattelivszone Gothersgade", "Nattelivszone Kødbyen", "Nattelivszone Vesterbrogade",
             "Nattelivszone Vestergade"]
PLANNER_PAGES = ("/", "/calendar", "/zones")


def _banner(html: str) -> str | None:
    m = re.search(r'<aside[^>]*id="expiry-banner".*?</aside>', html, re.S)
    return m.group(0) if m else None


def _client(app: Flask, role: str | None):
    client = app.test_client()
    if role is not None:
        sign_in(client, role, f"{role}-banner")
    return client


@pytest.mark.parametrize("path", PLANNER_PAGES)
def test_planner_sees_the_four_nightlife_zones_with_end_dates(seeded_app: Flask, path: str) -> None:
    seeded_app.config["TODAY"] = "2026-04-20"
    resp = _client(seeded_app, "planner").get(path)
    assert resp.status_code == 200
    banner = _banner(resp.get_data(as_text=True))
    assert banner is not None, f"no banner on {path}"
    assert "4 zoner udløber inden for 60 dage" in banner and "evaluér før udløb" in banner
    names = re.findall(r'<a href="/zones#zone-[^"]+">([^<]+)</a>', banner)
    assert names == NIGHTLIFE
    assert banner.count('datetime="2026-05-31"') == 4 and "31.05.2026" in banner


def test_english_banner_and_admin(seeded_app: Flask) -> None:
    seeded_app.config["TODAY"] = "2026-04-20"
    banner = _banner(_client(seeded_app, "admin").get("/zones?lang=en").get_data(as_text=True))
    assert banner is not None and "4 zones expire within 60 days" in banner
    assert "evaluate before expiry" in banner


def test_links_lead_to_the_zone_rows_on_the_zones_page(seeded_app: Flask) -> None:
    seeded_app.config["TODAY"] = "2026-04-20"
    html = _client(seeded_app, "planner").get("/zones").get_data(as_text=True)
    for zone_id in re.findall(r'href="/zones#zone-([^"]+)"', _banner(html) or ""):
        assert f'id="zone-{zone_id}"' in html


def test_absent_when_nothing_expires(seeded_app: Flask) -> None:
    # 2025-06-01: only the Distortion festival zones and a summit perimeter end within 60 days, and those
    # are temporary zones of events (they end with the event; nothing to evaluate)
    seeded_app.config["TODAY"] = "2025-06-01"
    client = _client(seeded_app, "planner")
    for path in PLANNER_PAGES:
        html = client.get(path).get_data(as_text=True)
        assert _banner(html) is None and "udløber inden for" not in html


def test_absent_on_the_last_day_passed(seeded_app: Flask) -> None:
    seeded_app.config["TODAY"] = "2026-06-01"  # the designations ended yesterday
    assert _banner(_client(seeded_app, "planner").get("/").get_data(as_text=True)) is None


@pytest.mark.parametrize("role", [None, "viewer"])
def test_absent_for_anonymous_and_viewers(seeded_app: Flask, role: str | None) -> None:
    seeded_app.config["TODAY"] = "2026-04-20"
    client = _client(seeded_app, role)
    for path in PLANNER_PAGES:
        html = client.get(path).get_data(as_text=True)
        assert _banner(html) is None and "Nattelivszone Gothersgade</a>" not in html.split("<main", 1)[1][:4000]


def test_absent_on_other_pages(seeded_app: Flask) -> None:
    seeded_app.config["TODAY"] = "2026-04-20"
    html = _client(seeded_app, "planner").get("/officer").get_data(as_text=True)
    assert _banner(html) is None


def test_restricted_linked_zones_never_leak(seeded_app: Flask) -> None:
    """A security perimeter linked to a restricted summit, made to end inside the window, is never listed:
    not for planners (a temporary zone is not a designation), not for viewers or anonymous callers."""
    seeded_app.config["TODAY"] = "2026-04-20"
    with seeded_app.extensions["overblik_db"].transaction() as s:
        perimeter = s.scalars(select(Zone).join(Event, Event.id == Zone.event_id)
                              .where(Event.classification == "restricted")).first()
        assert perimeter is not None
        perimeter.valid_until = date(2026, 5, 1)
        name = perimeter.name
    for role in ("planner", "admin", "viewer", None):
        html = _client(seeded_app, role).get("/").get_data(as_text=True)
        banner = _banner(html)
        assert name not in html
        if role in ("planner", "admin"):
            assert banner is not None and "4 zoner" in banner
        else:
            assert banner is None
