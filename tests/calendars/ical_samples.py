"""Plain CalendarEvent samples shared by the calendar tests (no DB)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from calendars.ical import CalendarEvent, FeedInfo, Override, all_day_bounds, stable_uid

CPH = ZoneInfo("Europe/Copenhagen")
STAMP = datetime(2025, 2, 1, 9, 30, tzinfo=CPH)
INFO = FeedInfo(name="Overblik – Københavns Kommune", description="Test feed")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=CPH)  # type: ignore[misc]


def nightly(first: tuple[int, int, int], count: int, uid: str = "zone-1") -> CalendarEvent:
    """A daily 00:00–05:00 window (a nightlife zone's active hours)."""
    return CalendarEvent(
        uid=stable_uid(uid),
        title="Forbudszone Gothersgade 00:00–05:00",
        start=at(*first, 0, 0),
        end=at(*first, 5, 0),
        rrule=f"FREQ=DAILY;COUNT={count}",
        categories=("nightlife",),
        last_modified=STAMP,
    )


def sample_events() -> list[CalendarEvent]:
    """Every feature the serializer has: recurrence with EXDATE and a moved instance, DST nights,
    a cancellation, all-day, UTC and foreign zones, GEO/URL/ORGANIZER, awkward text."""
    d_start, d_end = all_day_bounds(datetime(2025, 6, 18).date(), datetime(2025, 6, 21).date())
    return [
        CalendarEvent(
            uid=stable_uid("pride"),
            title="Copenhagen Pride Parade; Rådhuspladsen, \\ route",
            description="Optog fra Frederiksberg Rådhus.\nForventet: 300.000\r\nKontakt: vagtcentralen",
            start=at(2025, 8, 16, 13),
            end=at(2025, 8, 16, 18),
            status="CONFIRMED",
            location="Frederiksberg Rådhus → Rådhuspladsen",
            geo=(55.6786, 12.534),
            url="https://overblik.example/map?event=pride",
            categories=("parade",),
            organiser="Copenhagen Pride <info@copenhagenpride.dk>",
            classification="PUBLIC",
            sequence=3,
            last_modified=STAMP,
        ),
        CalendarEvent(
            uid=stable_uid("weekly"),
            title="Ugentligt planlægningsmøde",
            start=at(2025, 1, 6, 9),
            end=at(2025, 1, 6, 10),
            rrule="FREQ=WEEKLY;BYDAY=MO;UNTIL=20250630T235959",
            exdates=(at(2025, 4, 21, 9),),
            categories=("meeting",),
            organiser="Københavns Politi",
            overrides=(
                Override(
                    at(2025, 5, 5, 9),
                    at(2025, 5, 5, 13),
                    at(2025, 5, 5, 14),
                    title="Ugentligt planlægningsmøde (flyttet)",
                ),
                Override(at(2025, 6, 9, 9), at(2025, 6, 9, 9), at(2025, 6, 9, 10), status="CANCELLED"),
            ),
            last_modified=STAMP,
        ),
        CalendarEvent(
            uid=stable_uid("concert"),
            title="Koncert i Kongens Have",
            start=at(2025, 6, 14, 19),
            end=at(2025, 6, 14, 23),
            status="CANCELLED",
            sequence=2,
            categories=("concert",),
            last_modified=STAMP,
        ),
        CalendarEvent(
            uid=stable_uid("copenhell"),
            title="Copenhell",
            start=d_start,
            end=d_end,
            all_day=True,
            categories=("festival",),
            status="TENTATIVE",
            last_modified=STAMP,
        ),
        CalendarEvent(
            uid=stable_uid("state-visit"),
            title="Statsbesøg (New York-tid)",
            start=datetime(2025, 9, 10, 9, tzinfo=ZoneInfo("America/New_York")),
            end=datetime(2025, 9, 10, 11, tzinfo=ZoneInfo("America/New_York")),
            timezone="America/New_York",
            categories=("state_visit",),
            last_modified=STAMP,
        ),
        nightly((2025, 3, 27), 7, "spring-zone"),
        nightly((2025, 10, 23), 7, "autumn-zone"),
    ]
