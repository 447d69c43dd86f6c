"""/feeds over HTTP on the seeded service: scope, visibility, validators, window, size, zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import select, update

from app.feeds.convert import event_uid
from app.models import Event, Zone
from app.registry.access import SYSTEM
from app.registry.events import create_event, update_event
from app.registry.versioning import etag
from calendars.ical import stable_uid
from tests.factories import event_feature
from tests.feeds.conftest import fixed_id


def _db(app):  # type: ignore[no-untyped-def]
    return app.extensions["overblik_db"]


def _uids(data: bytes) -> set[str]:
    return {str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT")}


def _masters(data: bytes) -> list:
    return [e for e in Calendar.from_ical(data).walk("VEVENT") if "RECURRENCE-ID" not in e]


def _expected(app, pred) -> set[str]:  # type: ignore[no-untyped-def]
    with _db(app).transaction() as s:
        return {event_uid(e) for e in s.scalars(select(Event)) if pred(e)}


def _add(app, **props) -> Event:  # type: ignore[no-untyped-def]
    with _db(app).transaction() as s:
        return create_event(s, event_feature(**props), SYSTEM)


def test_municipality_feed_has_the_public_events_whose_footprint_touches_it(golden_app, feed_client):
    r = feed_client.get("/feeds/municipality/0147.ics?from=2025-01-01&to=2026-01-01")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/calendar; charset=utf-8"
    expected = _expected(golden_app, lambda e: "0147" in e.municipalities and e.classification == "public")
    assert expected and _uids(r.data) == expected
    everything = _expected(golden_app, lambda e: True)
    assert _uids(r.data) < everything


def test_public_feeds_never_carry_internal_or_restricted_events(golden_app, feed_client):
    hidden = _add(
        golden_app,
        title="Intern øvelse",
        classification="internal",
        starts_at="2025-06-10T10:00:00+02:00",
        ends_at="2025-06-10T12:00:00+02:00",
    )
    restricted = _expected(golden_app, lambda e: e.classification == "restricted")
    assert restricted
    for path in (
        "/feeds/municipality/0101.ics",
        "/feeds/events.ics",
        "/feeds/kind/meeting.ics",
        "/feeds/kind/festival.ics",
        "/feeds/kind/state_visit.ics",
    ):
        uids = _uids(feed_client.get(path + "?from=2025-01-01&to=2026-01-01").data)
        assert event_uid(hidden) not in uids and not uids & restricted, path


def test_kind_and_combined_feeds_filter(golden_app, feed_client):
    concerts = _uids(feed_client.get("/feeds/kind/concert.ics?from=2025-01-01&to=2026-01-01").data)
    assert concerts == _expected(golden_app, lambda e: e.kind == "concert" and e.classification == "public")
    both = _uids(
        feed_client.get("/feeds/events.ics?kind=concert,parade&municipality=0101&from=2025-01-01&to=2026-01-01").data
    )
    assert both == _expected(
        golden_app,
        lambda e: e.kind in ("concert", "parade") and e.classification == "public" and "0101" in e.municipalities,
    )


def test_same_feed_twice_is_byte_identical_with_the_same_etag(feed_client):
    a, b = feed_client.get("/feeds/events.ics"), feed_client.get("/feeds/events.ics")
    assert a.data == b.data and a.headers["ETag"] == b.headers["ETag"]
    assert a.headers["Last-Modified"] and "public" in a.headers["Cache-Control"]


def test_if_none_match_and_if_modified_since_answer_304(feed_client):
    first = feed_client.get("/feeds/municipality/0101.ics")
    r = feed_client.get("/feeds/municipality/0101.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert r.status_code == 304 and r.data == b"" and r.headers["ETag"] == first.headers["ETag"]
    r = feed_client.get("/feeds/municipality/0101.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert r.status_code == 304
    r = feed_client.get("/feeds/municipality/0101.ics", headers={"If-None-Match": '"something-else"'})
    assert r.status_code == 200 and r.data == first.data


def test_a_change_moves_the_etag_and_raises_sequence(golden_app, feed_client):
    first = feed_client.get("/feeds/kind/concert.ics")
    key = "ed-sheeran-2025"
    with _db(golden_app).transaction() as s:
        e = s.get(Event, fixed_id(key))
        before_seq = e.sequence
        later = (e.ends_at + timedelta(minutes=30)).isoformat()
        update_event(s, e.id, {"type": "Feature", "properties": {"ends_at": later}}, etag(e.version), SYSTEM)
    second = feed_client.get("/feeds/kind/concert.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]
    (master,) = [m for m in _masters(second.data) if str(m["UID"]) == stable_uid(fixed_id(key))]
    assert int(master["SEQUENCE"]) == before_seq + 1


def test_cancelled_events_stay_30_days_as_cancelled_then_leave(golden_app):
    key = "ed-sheeran-2025"
    uid = stable_uid(fixed_id(key))
    with _db(golden_app).transaction() as s:
        e = s.get(Event, fixed_id(key))
        update_event(s, e.id, {"type": "Feature", "properties": {"status": "cancelled"}}, etag(e.version), SYSTEM)
        s.execute(update(Event).where(Event.id == e.id).values(cancelled_at=datetime(2025, 5, 25, tzinfo=UTC)))
    client = golden_app.test_client()
    (master,) = [m for m in _masters(client.get("/feeds/kind/concert.ics").data) if str(m["UID"]) == uid]
    assert str(master["STATUS"]) == "CANCELLED"
    golden_app.config["FEEDS_NOW"] = "2025-06-25T12:00:00+02:00"  # 31 days after the cancellation
    assert uid not in _uids(client.get("/feeds/kind/concert.ics").data)


def test_default_window_is_30_days_back_to_18_months_ahead(golden_app, feed_client):
    old = _add(
        golden_app,
        title="For 40 dage siden",
        starts_at="2025-04-22T10:00:00+02:00",
        ends_at="2025-04-22T12:00:00+02:00",
    )
    recent = _add(
        golden_app,
        title="For 20 dage siden",
        starts_at="2025-05-12T10:00:00+02:00",
        ends_at="2025-05-12T12:00:00+02:00",
    )
    far = _add(
        golden_app, title="Om 19 måneder", starts_at="2027-01-05T10:00:00+01:00", ends_at="2027-01-05T12:00:00+01:00"
    )
    near = _add(
        golden_app, title="Om 17 måneder", starts_at="2026-11-05T10:00:00+01:00", ends_at="2026-11-05T12:00:00+01:00"
    )
    uids = _uids(feed_client.get("/feeds/kind/festival.ics").data)
    assert {event_uid(recent), event_uid(near)} <= uids
    assert not {event_uid(old), event_uid(far)} & uids
    wider = _uids(feed_client.get("/feeds/kind/festival.ics?from=2025-04-01&to=2027-02-01").data)
    assert {event_uid(old), event_uid(far)} <= wider


def test_drafts_without_a_place_are_not_published(golden_app, feed_client):
    with _db(golden_app).transaction() as s:
        s.execute(update(Event).where(Event.id == fixed_id("ed-sheeran-2025")).values(geometry=None))
    assert stable_uid(fixed_id("ed-sheeran-2025")) not in _uids(feed_client.get("/feeds/kind/concert.ics").data)


def test_bad_requests_are_json_errors_naming_the_parameter(feed_client):
    cases = {
        "/feeds/municipality/9999.ics": (404, "code"),
        "/feeds/kind/picnic.ics": (404, "kind"),
        "/feeds/zone/nope.ics": (404, "id"),
        "/feeds/events.ics?colour=red": (400, "colour"),
        "/feeds/events.ics?kind=picnic": (400, "kind"),
        "/feeds/events.ics?municipality=1": (400, "municipality"),
        "/feeds/events.ics?from=yesterday": (400, "from"),
        "/feeds/events.ics?from=2025-01-01&to=2024-01-01": (400, "to"),
        "/feeds/events.ics?from=2025-01-01&to=2035-01-01": (400, "to"),
        "/feeds/private/not-a-token.ics": (404, "token"),
    }
    for path, (status, field) in cases.items():
        r = feed_client.get(path)
        assert (r.status_code, r.get_json()["error"]["field"]) == (status, field), path


def test_over_one_megabyte_the_far_future_is_cut_and_said_so(golden_app, feed_client):
    full = feed_client.get("/feeds/events.ics")
    golden_app.config["FEED_MAX_BYTES"] = len(full.data) // 2
    r = feed_client.get("/feeds/events.ics")
    assert r.status_code == 200 and len(r.data) <= len(full.data) // 2
    assert r.headers["X-Overblik-Feed-Truncated"].startswith("before=")
    cal = Calendar.from_ical(r.data)
    assert "Truncated: the feed would exceed 1 MB" in str(cal["X-WR-CALDESC"])
    kept = _masters(r.data)
    assert kept and _uids(r.data) < _uids(full.data)
    latest_kept = max(m["DTSTART"].dt for m in kept)
    dropped = [m for m in _masters(full.data) if str(m["UID"]) not in _uids(r.data)]
    assert all(m["DTSTART"].dt >= latest_kept for m in dropped)


def test_zone_feed_has_the_designation_and_on_request_its_nightly_windows(golden_app, feed_client):
    zone_id = fixed_id("nightlife-gothersgade")
    plain = feed_client.get(f"/feeds/zone/{zone_id}.ics")
    designation = stable_uid(f"zone:{zone_id}:designation")
    (d,) = [m for m in _masters(plain.data) if str(m["UID"]) == designation]
    assert str(d["DTSTART"].dt) == "2024-06-01" and str(d["DTEND"].dt) == "2026-06-01"
    assert not any("RRULE" in m and "00:00–05:00" in str(m["SUMMARY"]) for m in _masters(plain.data))
    windows = Calendar.from_ical(feed_client.get(f"/feeds/zone/{zone_id}.ics?active_windows=1").data)
    nightly = [e for e in windows.walk("VEVENT") if "00:00–05:00" in str(e["SUMMARY"])]
    series = [e for e in nightly if "RRULE" in e]
    assert len(series) == 1
    dst_nights = sorted(e["RECURRENCE-ID"].dt.date().isoformat() for e in nightly if "RECURRENCE-ID" in e)
    assert dst_nights == ["2025-10-26", "2026-03-29"]
    exceptions = [e for e in windows.walk("VEVENT") if "(undtagelse)" in str(e["SUMMARY"])]
    assert {e["DTSTART"].dt.isoformat() for e in exceptions} == {
        "2025-12-31T00:00:00+01:00",
        "2025-12-31T18:00:00+01:00",
    }
    assert "2025-12-31" in {d.dt.date().isoformat() for e in series for d in e["EXDATE"].dts}


def test_zone_feed_lists_events_touching_the_zone(golden_app, feed_client):
    zone_id = fixed_id("nightlife-gothersgade")
    uids = _uids(feed_client.get(f"/feeds/zone/{zone_id}.ics?designation=0&from=2025-01-01&to=2026-01-01").data)
    with _db(golden_app).transaction() as s:
        zone = s.get(Zone, zone_id)
        api = golden_app.test_client().get(f"/api/v1/events?zone={zone.id}&from=2025-01-01&to=2026-01-01&limit=1000")
    expected = {stable_uid(f["id"]) for f in api.get_json()["features"]}
    assert uids == expected and expected


def test_events_in_other_zones_of_time_get_their_own_vtimezone(golden_app, feed_client):
    _add(
        golden_app,
        title="Statsbesøg",
        timezone="America/New_York",
        starts_at="2025-06-10T09:00:00-04:00",
        ends_at="2025-06-10T11:00:00-04:00",
    )
    text = feed_client.get("/feeds/kind/festival.ics").data.decode()
    assert "TZID:America/New_York" in text and "TZID:Europe/Copenhagen" in text


def test_old_cancelled_seed_state_uses_updated_at_when_cancelled_at_is_missing(golden_app, feed_client):
    with _db(golden_app).transaction() as s:
        s.execute(
            update(Event)
            .where(Event.id == fixed_id("ed-sheeran-2025"))
            .values(
                status="cancelled", cancelled_at=None, updated_at=datetime(2025, 4, 1, tzinfo=UTC) - timedelta(days=1)
            )
        )
    assert stable_uid(fixed_id("ed-sheeran-2025")) not in _uids(feed_client.get("/feeds/kind/concert.ics").data)


def test_validator_cache_answers_304_until_the_audit_trail_moves(golden_app, feed_client):
    first = feed_client.get("/feeds/kind/concert.ics")
    tag = {"If-None-Match": first.headers["ETag"]}
    assert feed_client.get("/feeds/kind/concert.ics", headers=tag).status_code == 304
    with _db(golden_app).transaction() as s:  # a write that bypasses the registry (no audit entry) ...
        s.execute(update(Event).where(Event.id == fixed_id("ed-sheeran-2025")).values(title="Ed", version=9))
    assert feed_client.get("/feeds/kind/concert.ics", headers=tag).status_code == 304  # ... is not seen yet
    golden_app.config["FEED_VALIDATOR_TTL"] = 0
    golden_app.extensions.pop("overblik_feed_validators")
    assert feed_client.get("/feeds/kind/concert.ics", headers=tag).status_code == 200  # after the TTL it is


def test_a_registry_write_is_seen_at_once_despite_the_cache(golden_app, feed_client):
    first = feed_client.get("/feeds/kind/concert.ics")
    tag = {"If-None-Match": first.headers["ETag"]}
    assert feed_client.get("/feeds/kind/concert.ics", headers=tag).status_code == 304
    with _db(golden_app).transaction() as s:
        e = s.get(Event, fixed_id("ed-sheeran-2025"))
        update_event(
            s, e.id, {"type": "Feature", "properties": {"title": "Ed Sheeran (ekstra)"}}, etag(e.version), SYSTEM
        )
    again = feed_client.get("/feeds/kind/concert.ics", headers=tag)
    assert again.status_code == 200 and b"Ed Sheeran (ekstra)" in again.data


def test_a_zone_of_a_restricted_event_is_absent_from_public_feeds(golden_app, feed_client):
    with _db(golden_app).transaction() as s:
        hidden = [
            z.id
            for z in s.scalars(select(Zone).join(Event, Event.id == Zone.event_id))
            if s.get(Event, z.event_id).classification == "restricted"
        ]
    assert hidden
    for zone_id in hidden:
        r = feed_client.get(f"/feeds/zone/{zone_id}.ics")
        assert r.status_code == 404 and r.get_json()["error"]["field"] == "id"
