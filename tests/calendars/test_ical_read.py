"""The parser: round trips, and every kind of bad input answered with a clear reason."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from calendars.ical import IcalError, read_calendar, stable_uid, write_calendar
from tests.calendars.ical_samples import INFO, at, nightly, sample_events

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//test//EN\r\n"
TAIL = "END:VCALENDAR\r\n"


LINE_BREAK_REASON = "SUMMARY contains a line break (CR/LF) or other control characters, which a title cannot hold"

def ics(*vevents: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{v.strip()}\r\nEND:VEVENT\r\n" for v in vevents)
    return (HEAD + body + TAIL).encode()


def vevent(
    uid: str = "a@x",
    extra: str = "",
    start: str = "DTSTART;TZID=Europe/Copenhagen:20250601T100000",
    end: str = "DTEND;TZID=Europe/Copenhagen:20250601T120000",
    summary: str = "SUMMARY:Koncert",
) -> str:
    lines = [f"UID:{uid}", "DTSTAMP:20250101T000000Z", start, end, summary, *extra.split("\n")]
    return "\r\n".join(line for line in lines if line)


def test_round_trip_export_import_export_is_identical():
    first = write_calendar(sample_events(), INFO)
    parsed = read_calendar(first)
    assert parsed.rejected == []
    assert write_calendar(parsed.events, INFO) == first


def test_round_trip_keeps_the_plain_values():
    by_uid = {e.uid: e for e in read_calendar(write_calendar(sample_events(), INFO)).events}
    for original in sample_events():
        back = by_uid[original.uid]
        assert back.start == original.start and back.end == original.end
        assert (back.title, back.status, back.sequence, back.categories) == (
            original.title,
            original.status,
            original.sequence,
            original.categories,
        )
        assert back.timezone == original.timezone and back.all_day == original.all_day


def test_dst_overrides_we_write_are_folded_back_into_the_series():
    (event,) = read_calendar(write_calendar([nightly((2025, 3, 1), 300)], INFO)).events
    assert event.overrides == () and event.rrule == "FREQ=DAILY;COUNT=300"


def test_real_overrides_are_kept():
    weekly = next(
        e for e in read_calendar(write_calendar(sample_events(), INFO)).events if e.uid == stable_uid("weekly")
    )
    assert [(o.recurrence_id, o.start, o.status, o.title) for o in weekly.overrides] == [
        (at(2025, 5, 5, 9), at(2025, 5, 5, 13), None, "Ugentligt planlægningsmøde (flyttet)"),
        (at(2025, 6, 9, 9), at(2025, 6, 9, 9), "CANCELLED", None),
    ]
    assert weekly.exdates == (at(2025, 4, 21, 9).astimezone(UTC),)


def test_utc_until_is_stored_as_local_wall_clock():
    data = ics(vevent(extra="RRULE:FREQ=DAILY;UNTIL=20250605T080000Z"))
    (event,) = read_calendar(data).events
    assert event.rrule == "FREQ=DAILY;UNTIL=20250605T100000"


@pytest.mark.parametrize("data", [b"hello world", b"%PDF-1.4 \x00\x01\x02", b"", b"\xff\xfe\x00B\x00E"])
def test_non_ical_bytes_are_refused_whole(data):
    with pytest.raises(IcalError, match="not an iCalendar file") as exc:
        read_calendar(data)
    assert exc.value.where == "file"


def test_truncated_file_is_refused_whole():
    whole = write_calendar(sample_events(), INFO)
    with pytest.raises(IcalError, match="truncated"):
        read_calendar(whole[: len(whole) // 2])


def test_unbalanced_components_are_refused():
    data = (HEAD + "BEGIN:VEVENT\r\n" + vevent() + "\r\n" + TAIL).encode()
    with pytest.raises(IcalError):
        read_calendar(data)


def test_vevent_without_dtstart_is_rejected_alone():
    parsed = read_calendar(ics(vevent("good@x"), vevent("bad@x", start="")))
    assert [e.uid for e in parsed.events] == ["good@x"]
    assert [(r.index, r.reason, r.uid) for r in parsed.rejected] == [(1, "VEVENT has no DTSTART", "bad@x")]


def test_unknown_tzid_is_rejected():
    parsed = read_calendar(
        ics(
            vevent(
                start="DTSTART;TZID=Mars/Olympus_Mons:20250601T100000",
                end="DTEND;TZID=Mars/Olympus_Mons:20250601T120000",
            )
        )
    )
    assert parsed.events == []
    assert "unknown TZID 'Mars/Olympus_Mons'" in parsed.rejected[0].reason


def test_windows_zone_name_is_understood():
    (event,) = read_calendar(
        ics(
            vevent(
                start="DTSTART;TZID=Romance Standard Time:20250601T100000",
                end="DTEND;TZID=Romance Standard Time:20250601T120000",
            )
        )
    ).events
    assert event.start.astimezone(UTC) == datetime(2025, 6, 1, 8, tzinfo=UTC)


def test_rrule_that_never_ends_is_rejected():
    parsed = read_calendar(ics(vevent(extra="RRULE:FREQ=WEEKLY;BYDAY=FR")))
    assert parsed.rejected[0].reason == "RRULE: rrule never ends: give COUNT or UNTIL"


def test_rrule_beyond_the_horizon_is_rejected():
    parsed = read_calendar(ics(vevent(extra="RRULE:FREQ=DAILY;COUNT=4000")))
    assert parsed.rejected[0].reason == "RRULE: rrule runs beyond the 5-year planning horizon"


def test_rdate_is_rejected_not_silently_dropped():
    parsed = read_calendar(ics(vevent(extra="RRULE:FREQ=DAILY;COUNT=2\nRDATE:20250701T100000Z")))
    assert parsed.rejected[0].reason == "RDATE is not supported: use RRULE and EXDATE"


def test_fifty_thousand_vevents_are_refused_before_parsing():
    one = vevent()
    data = (HEAD + "".join(f"BEGIN:VEVENT\r\n{one}\r\nEND:VEVENT\r\n" for _ in range(50_000)) + TAIL).encode()
    began = time.process_time()
    with pytest.raises(IcalError, match="50000 events; at most 5000"):
        read_calendar(data)
    assert time.process_time() - began < 5  # refused by counting, not by parsing 50,000 events


def test_line_break_in_summary_is_rejected():
    parsed = read_calendar(ics(vevent(summary="SUMMARY:Koncert\\nBEGIN:VALARM\\r\\nX")))
    assert parsed.rejected[0].reason == LINE_BREAK_REASON


def test_raw_injected_lines_inside_a_vevent_are_rejected():
    injected = vevent(summary="SUMMARY:Koncert\r\nBEGIN:VEVENT\r\nUID:evil\r\nEND:VEVENT")
    parsed = read_calendar(ics(injected))
    assert parsed.events == []
    assert "nested VEVENT" in parsed.rejected[0].reason


def test_bare_cr_inside_a_line_does_not_pass_as_a_title():
    parsed = read_calendar(ics(vevent(summary="SUMMARY:Koncert\rSTATUS:CANCELLED")))
    assert parsed.events == []
    assert parsed.rejected[0].reason == LINE_BREAK_REASON


def test_duplicate_uid_keeps_the_first_and_rejects_the_second():
    parsed = read_calendar(ics(vevent("dup@x"), vevent("dup@x")))
    assert len(parsed.events) == 1
    assert (parsed.rejected[0].index, parsed.rejected[0].reason) == (1, "duplicate UID 'dup@x'")


def test_override_without_series_is_rejected():
    parsed = read_calendar(ics(vevent("o@x", extra="RECURRENCE-ID;TZID=Europe/Copenhagen:20250601T100000")))
    assert parsed.rejected[0].reason == "RECURRENCE-ID without a recurring event with this UID"


def test_override_of_a_rejected_series_says_so():
    parsed = read_calendar(
        ics(
            vevent("s@x", extra="RRULE:FREQ=DAILY"),
            vevent("s@x", extra="RECURRENCE-ID;TZID=Europe/Copenhagen:20250602T100000"),
        )
    )
    assert [r.index for r in parsed.rejected] == [0, 1]
    assert parsed.rejected[1].reason == "its series was rejected"


@pytest.mark.parametrize(
    ("extra", "start", "end", "reason"),
    [
        (
            "",
            "DTSTART;TZID=Europe/Copenhagen:20250601T100000",
            "DTEND;TZID=Europe/Copenhagen:20250601T090000",
            "DTEND is not after DTSTART",
        ),
        ("", "DTSTART;TZID=Europe/Copenhagen:20250601T100000", "", "VEVENT has neither DTEND nor DURATION"),
        ("STATUS:CANCELED", "DTSTART:20250601T100000Z", "DTEND:20250601T110000Z", "STATUS 'CANCELED'"),
        ("GEO:95;12", "DTSTART:20250601T100000Z", "DTEND:20250601T110000Z", "GEO is out of range"),
    ],
)
def test_other_bad_vevents(extra, start, end, reason):
    parsed = read_calendar(ics(vevent(extra=extra, start=start, end=end)))
    assert parsed.events == []
    assert reason in parsed.rejected[0].reason


def test_missing_uid_is_rejected():
    parsed = read_calendar(ics("DTSTART:20250601T100000Z\r\nDTEND:20250601T110000Z\r\nSUMMARY:x"))
    assert parsed.rejected[0].reason.startswith("VEVENT has no UID")


def test_missing_summary_is_rejected():
    parsed = read_calendar(ics(vevent(summary="")))
    assert parsed.rejected[0].reason == "VEVENT has no SUMMARY (title)"


def test_times_in_utc_floating_duration_and_all_day():
    parsed = read_calendar(
        ics(
            vevent("utc@x", start="DTSTART:20250601T080000Z", end="DTEND:20250601T090000Z"),
            vevent("float@x", start="DTSTART:20250601T100000", end="DURATION:PT90M"),
            vevent("day@x", start="DTSTART;VALUE=DATE:20250618", end="DTEND;VALUE=DATE:20250622"),
        )
    )
    by = {e.uid: e for e in parsed.events}
    assert by["utc@x"].timezone == "UTC" and by["utc@x"].start == datetime(2025, 6, 1, 8, tzinfo=UTC)
    assert by["float@x"].start == at(2025, 6, 1, 10) and by["float@x"].end == at(2025, 6, 1, 11, 30)
    assert by["day@x"].all_day and by["day@x"].end - by["day@x"].start == timedelta(days=4)
    assert by["day@x"].start.tzinfo == ZoneInfo("Europe/Copenhagen")


def test_organiser_geo_categories_and_sequence_are_read():
    (event,) = read_calendar(
        ics(
            vevent(
                extra="ORGANIZER;CN=Roskilde Festival:mailto:info@rf.dk\n"
                "GEO:55.6;12.1\nCATEGORIES:Festival,Musik\nSEQUENCE:4"
            )
        )
    ).events
    assert event.organiser == "Roskilde Festival <info@rf.dk>"
    assert event.geo == (55.6, 12.1) and event.categories == ("Festival", "Musik") and event.sequence == 4
