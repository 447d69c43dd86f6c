"""The serializer: what subscribers' clients receive, byte for byte."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, timedelta

from icalendar import Calendar

from calendars.ical import CalendarEvent, FeedInfo, stable_uid, write_calendar
from calendars.vtimezone import vtimezone
from tests.calendars.ical_samples import INFO, STAMP, at, nightly, sample_events


def _lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def _unfold(data: bytes) -> list[str]:
    return data.decode().replace("\r\n ", "").split("\r\n")


def _vevents(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def _sample(name: str):
    """The master VEVENT of sample event `name` in the written sample feed."""
    return next(
        e
        for e in _vevents(write_calendar(sample_events(), INFO))
        if e["UID"] == stable_uid(name) and "RECURRENCE-ID" not in e
    )


def test_uid_is_uuid5_of_event_id_and_stable():
    uid = stable_uid("3f2c0e8e-0000-4000-8000-000000000001")
    assert uuid.UUID(uid).version == 5
    assert uid == stable_uid("3f2c0e8e-0000-4000-8000-000000000001")
    assert uid != stable_uid("3f2c0e8e-0000-4000-8000-000000000002")


def test_same_events_give_identical_bytes_in_any_order():
    events = sample_events()
    assert write_calendar(events, INFO) == write_calendar(list(reversed(events)), INFO)


def test_crlf_and_folding_at_75_octets():
    data = write_calendar(sample_events(), INFO)
    lines = _lines(data)
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # long lines really were folded


def test_calendar_properties():
    text = _unfold(write_calendar(sample_events(), FeedInfo(name="Kommune 0101", refresh=timedelta(minutes=30))))
    for line in (
        "VERSION:2.0",
        "METHOD:PUBLISH",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Kommune 0101",
        "X-WR-TIMEZONE:Europe/Copenhagen",
        "REFRESH-INTERVAL;VALUE=DURATION:PT30M",
        "X-PUBLISHED-TTL:PT30M",
    ):
        assert line in text
    assert any(line.startswith("PRODID:") for line in text)


def test_vtimezone_uses_rrules_not_rdate_lists():
    comp = vtimezone("Europe/Copenhagen").to_ical().decode()
    assert "RDATE" not in comp
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in comp
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in comp
    assert "TZOFFSETTO:+0200" in comp and "TZOFFSETTO:+0100" in comp


def test_every_zone_used_gets_a_vtimezone_and_copenhagen_always():
    text = _unfold(write_calendar(sample_events(), INFO))
    assert [line for line in text if line.startswith("TZID:")] == [
        "TZID:America/New_York",
        "TZID:Europe/Copenhagen",
    ]
    empty = _unfold(write_calendar([], INFO))
    assert "TZID:Europe/Copenhagen" in empty


def test_event_properties():
    pride = _sample("pride")
    assert str(pride["SUMMARY"]) == "Copenhagen Pride Parade; Rådhuspladsen, \\ route"
    assert str(pride["STATUS"]) == "CONFIRMED" and int(pride["SEQUENCE"]) == 3
    assert (pride["GEO"].latitude, pride["GEO"].longitude) == (55.6786, 12.534)
    assert str(pride["URL"]) == "https://overblik.example/map?event=pride"
    assert pride["CATEGORIES"].cats == ["parade"]
    assert str(pride["ORGANIZER"]) == "mailto:info@copenhagenpride.dk"
    assert pride["ORGANIZER"].params["CN"] == "Copenhagen Pride"
    assert pride["DTSTAMP"].dt == STAMP and pride["LAST-MODIFIED"].dt == STAMP
    assert str(pride["DESCRIPTION"]) == "Optog fra Frederiksberg Rådhus.\nForventet: 300.000\nKontakt: vagtcentralen"
    assert pride["DTSTART"].params["TZID"] == "Europe/Copenhagen"


def test_text_is_escaped():
    text = write_calendar(sample_events(), INFO).decode()
    assert "SUMMARY:Copenhagen Pride Parade\\; Rådhuspladsen\\, \\\\ route" in text.replace("\r\n ", "")


def test_cr_lf_in_a_title_cannot_inject_properties_or_events():
    evil = CalendarEvent(
        uid=stable_uid("evil"),
        title="Koncert\r\nEND:VEVENT\r\nBEGIN:VEVENT\nUID:x\rSTATUS:X",
        description="ok\r\nBEGIN:VALARM",
        location="A\nB",
        start=at(2025, 5, 1, 10),
        end=at(2025, 5, 1, 11),
        last_modified=STAMP,
    )
    data = write_calendar([evil], INFO)
    lines = _unfold(data)
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    assert not any(line.startswith(("UID:x", "STATUS:X", "BEGIN:VALARM")) for line in lines)
    (event,) = _vevents(data)
    assert str(event["SUMMARY"]) == "Koncert END:VEVENT BEGIN:VEVENT UID:x STATUS:X"
    assert str(event["LOCATION"]) == "A B"


def test_cancelled_event_keeps_its_uid_with_status_cancelled():
    concert = _sample("concert")
    assert str(concert["STATUS"]) == "CANCELLED" and int(concert["SEQUENCE"]) == 2


def test_all_day_is_written_as_dates_with_exclusive_end():
    fest = _sample("copenhell")
    assert str(fest["DTSTART"].dt) == "2025-06-18" and str(fest["DTEND"].dt) == "2025-06-22"
    assert "DTSTART;VALUE=DATE:20250618" in _unfold(write_calendar(sample_events(), INFO))


def test_rrule_until_is_written_in_utc_and_exdate_in_local_time():
    text = _unfold(write_calendar(sample_events(), INFO))
    assert "RRULE:FREQ=WEEKLY;UNTIL=20250630T215959Z;BYDAY=MO" in text
    assert "EXDATE;TZID=Europe/Copenhagen:20250421T090000" in text


def test_explicit_overrides_are_written_with_recurrence_id():
    weekly = [e for e in _vevents(write_calendar(sample_events(), INFO)) if e["UID"] == stable_uid("weekly")]
    assert len(weekly) == 3
    moved, cancelled = weekly[1], weekly[2]
    assert moved["RECURRENCE-ID"].dt == at(2025, 5, 5, 9) and moved["DTSTART"].dt == at(2025, 5, 5, 13)
    assert str(moved["SUMMARY"]) == "Ugentligt planlægningsmøde (flyttet)"
    assert str(cancelled["STATUS"]) == "CANCELLED" and str(cancelled["SUMMARY"]) == "Ugentligt planlægningsmøde"


def _overrides(data: bytes, uid: str) -> list:
    return [e for e in _vevents(data) if e["UID"] == uid and "RECURRENCE-ID" in e]


def _real(comp) -> timedelta:
    return comp["DTEND"].dt.astimezone(UTC) - comp["DTSTART"].dt.astimezone(UTC)


def test_spring_dst_night_gets_an_explicit_override():
    data = write_calendar([nightly((2025, 3, 27), 7)], INFO)
    (ov,) = _overrides(data, stable_uid("zone-1"))
    assert ov["RECURRENCE-ID"].dt == at(2025, 3, 30, 0)
    assert (ov["DTSTART"].dt, ov["DTEND"].dt) == (at(2025, 3, 30, 0), at(2025, 3, 30, 5))
    assert _real(ov) == timedelta(hours=4)  # real length on the spring night


def test_autumn_dst_night_gets_an_explicit_override():
    data = write_calendar([nightly((2025, 10, 23), 7)], INFO)
    (ov,) = _overrides(data, stable_uid("zone-1"))
    assert ov["RECURRENCE-ID"].dt == at(2025, 10, 26, 0)
    assert _real(ov) == timedelta(hours=6)


def test_no_override_when_no_dst_night_in_the_series():
    assert _overrides(write_calendar([nightly((2025, 6, 1), 30)], INFO), stable_uid("zone-1")) == []


def test_a_series_with_both_dst_nights_gets_exactly_two_overrides():
    data = write_calendar([nightly((2025, 3, 1), 300)], INFO)
    rids = sorted(o["RECURRENCE-ID"].dt for o in _overrides(data, stable_uid("zone-1")))
    assert rids == [at(2025, 3, 30, 0), at(2025, 10, 26, 0)]


def test_organiser_without_address_gets_a_stable_urn_and_cn():
    weekly = _sample("weekly")
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", str(weekly["ORGANIZER"]))
    assert weekly["ORGANIZER"].params["CN"] == "Københavns Politi"


def test_series_starting_on_a_dst_night_overrides_every_other_night():
    """The master is 4 real hours, so RFC-exact parsers would make every night 4 h: all get overrides."""
    data = write_calendar([nightly((2025, 3, 30), 4)], INFO)
    assert sorted(_real(o) for o in _overrides(data, stable_uid("zone-1"))) == [timedelta(hours=5)] * 3


def test_write_feed_keeps_under_max_bytes_by_leaving_out_the_far_future():
    from calendars.ical_write import write_feed

    events = sample_events()
    whole = write_feed(events, INFO)
    assert whole.cut_before is None and whole.included == len(events)
    limit = len(whole.data) - 1500
    cut = write_feed(events, INFO, max_bytes=limit, note=lambda at: f"Afkortet før {at:%Y-%m-%d}")
    assert len(cut.data) <= limit and 0 < cut.included < len(events)
    kept = sorted(events, key=lambda e: e.start.astimezone(UTC))
    assert cut.cut_before == kept[cut.included].start.astimezone(UTC)
    text = _unfold(cut.data)
    assert any(line.startswith("X-WR-CALDESC:Test feed\\n\\nAfkortet før") for line in text)
    assert text.count("BEGIN:VEVENT") < _unfold(whole.data).count("BEGIN:VEVENT")
