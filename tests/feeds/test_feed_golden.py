"""Golden files: a handful of the seeded service's feeds, byte for byte.

Regenerate after an intended change with OVERBLIK_UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.feeds.conftest import fixed_id

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "ical"
FEEDS = {
    "municipality_0101.ics": "/feeds/municipality/0101.ics",
    "municipality_0185.ics": "/feeds/municipality/0185.ics",
    "kind_concert.ics": "/feeds/kind/concert.ics",
    "events_sport_0101.ics": "/feeds/events.ics?kind=sport&municipality=0101",
    "zone_nightlife_gothersgade_windows.ics": f"/feeds/zone/{fixed_id('nightlife-gothersgade')}.ics?active_windows=1",
}


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_feed_matches_its_golden_file(feed_client, name):
    r = feed_client.get(FEEDS[name])
    assert r.status_code == 200
    path = GOLDEN / name
    if os.environ.get("OVERBLIK_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(r.data)
    assert path.exists(), f"missing golden file {path}; run with OVERBLIK_UPDATE_GOLDEN=1"
    assert r.data == path.read_bytes(), f"{name} differs from its golden file"
