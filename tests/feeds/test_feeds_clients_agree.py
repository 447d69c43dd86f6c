"""Every feed the seeded service publishes passes ical-check with all seven parsers agreeing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from app.feeds.tokens import create_feed_token
from app.feeds.views import PUBLIC
from app.models import KINDS, Zone
from app.reference import MUNICIPALITY_NAMES
from app.registry.queries import visible_zones
from tests.calendars.ical_checker import run_checker, summary

pytestmark = pytest.mark.icalcheck
WINDOW = ("2025-04-01", "2027-01-01")  # covers the default window at the fixture's clock (2025-06-01)


def published_feeds(app) -> list[str]:  # type: ignore[no-untyped-def]
    paths = [f"/feeds/municipality/{code}.ics" for code in MUNICIPALITY_NAMES]
    paths += [f"/feeds/kind/{kind}.ics" for kind in KINDS] + ["/feeds/events.ics"]
    with app.extensions["overblik_db"].transaction() as s:
        zones = s.scalars(visible_zones(PUBLIC).order_by(Zone.id))  # zones of restricted events are not published
        paths += [f"/feeds/zone/{z.id}.ics?active_windows=1" for z in zones]
        _, secret = create_feed_token(s, "query", "kind=meeting,state_visit", "restricted", "tests")
    return [*paths, f"/feeds/private/{secret}.ics"]


def test_every_published_feed_passes_with_all_parsers(golden_app, feed_client):
    feeds = {path: feed_client.get(path) for path in published_feeds(golden_app)}
    assert all(r.status_code == 200 for r in feeds.values())
    assert len(feeds) >= 4 + len(KINDS) + 1 + 15 + 1
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = dict(zip(feeds, pool.map(lambda r: run_checker(r.data, *WINDOW), feeds.values()), strict=True))
    failed = {path: summary(rep) for path, rep in reports.items() if not rep["passed"]}
    assert not failed, failed
    for path, rep in reports.items():
        assert [p["status"] for p in rep["parsers"]] == ["ok"] * 7, path
    nonempty = [p for p, rep in reports.items() if rep["reference"]["instances"]]
    assert len(nonempty) >= 15  # the check ran on real content (19 of 31 feeds have instances in 2025-06)
