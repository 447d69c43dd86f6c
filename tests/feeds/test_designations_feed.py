"""/feeds/zones/designations.ics: the seeded nightlife zones' expiry on 31 May shows up as all-day items."""

from __future__ import annotations

from datetime import date

import icalendar
from flask import Flask


def _items(resp) -> dict[str, date]:  # type: ignore[no-untyped-def]
    cal = icalendar.Calendar.from_ical(resp.data)
    return {str(c["SUMMARY"]): c["DTSTART"].dt for c in cal.walk("VEVENT")}


def test_seeded_designations_start_and_end(seeded_app: Flask) -> None:
    resp = seeded_app.test_client().get("/feeds/zones/designations.ics")
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("text/calendar")
    items = _items(resp)
    ends = {k: v for k, v in items.items() if "udløber" in k}
    assert len(ends) == 4 and set(ends.values()) == {date(2026, 5, 31)}
    assert all(k.endswith("udpegning udløber / designation ends") for k in ends)
    assert any("Gothersgade" in k for k in ends)
    starts = {k: v for k, v in items.items() if "begynder" in k}
    assert set(starts.values()) == {date(2024, 6, 1)}
    assert not any("Distortion" in k or "Sikkerhedsperimeter" in k for k in items)  # temporary zones
    assert b"DTSTART;VALUE=DATE:20260531" in resp.data and b"DTEND;VALUE=DATE:20260601" in resp.data


def test_uids_are_stable_and_the_feed_answers_304(seeded_app: Flask) -> None:
    client = seeded_app.test_client()
    first, second = client.get("/feeds/zones/designations.ics"), client.get("/feeds/zones/designations.ics")
    assert first.data == second.data
    again = client.get("/feeds/zones/designations.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_kind_filter_and_bad_parameters(seeded_app: Flask) -> None:
    client = seeded_app.test_client()
    assert _items(client.get("/feeds/zones/designations.ics?kind=sub")) == {}
    bad = client.get("/feeds/zones/designations.ics?kind=rave")
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "kind"
    assert client.get("/feeds/zones/designations.ics?zone=1").status_code == 400


def test_an_imported_designation_appears(app: Flask) -> None:
    from tests.factories import auth_headers, zone_feature

    app.test_client().post("/api/v1/zones", headers=auth_headers(app, "planner"),
                           json=zone_feature(name="Ny zone", valid_from="2026-06-01", valid_until="2028-05-31"))
    items = _items(app.test_client().get("/feeds/zones/designations.ics"))
    assert items == {"Forbudszone (natteliv): Ny zone: udpegning begynder / designation starts": date(2026, 6, 1),
                     "Forbudszone (natteliv): Ny zone: udpegning udløber / designation ends": date(2028, 5, 31)}
