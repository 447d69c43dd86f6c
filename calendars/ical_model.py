"""Plain objects that the iCal serializer takes and the parser returns (no Flask, no DB)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# Namespace for UUIDv5 UIDs: one event id always gives the same UID, in every feed, forever.
UID_NAMESPACE = uuid.UUID("6f1e3c52-5b0a-5d6e-9a51-0b7c1d2e3f40")

STATUSES = ("TENTATIVE", "CONFIRMED", "CANCELLED")
CLASSES = ("PUBLIC", "PRIVATE", "CONFIDENTIAL")


def stable_uid(event_id: str) -> str:
    """The iCal UID of a stored event: UUIDv5 of its id (subscribers never see duplicates)."""
    return str(uuid.uuid5(UID_NAMESPACE, str(event_id)))


@dataclass(frozen=True)
class Override:
    """One instance of a series moved, re-timed or cancelled (a VEVENT with RECURRENCE-ID)."""

    recurrence_id: datetime  # the instance's original start (aware)
    start: datetime
    end: datetime
    status: str | None = None  # None = as the series
    title: str | None = None  # None = as the series


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT (a series master plus its overrides). Times are aware; `end` is exclusive.

    For all-day events `start`/`end` are local midnights in `timezone` and written as DATE values.
    """

    uid: str
    title: str
    start: datetime
    end: datetime
    timezone: str = "Europe/Copenhagen"
    all_day: bool = False
    description: str | None = None
    rrule: str | None = None  # without the "RRULE:" prefix; UNTIL in local wall-clock time or Z
    exdates: tuple[datetime, ...] = ()
    overrides: tuple[Override, ...] = ()
    status: str = "CONFIRMED"
    location: str | None = None
    geo: tuple[float, float] | None = None  # (lat, lon) as GEO has it
    url: str | None = None
    categories: tuple[str, ...] = ()
    organiser: str | None = None  # a name; or "Name <mail@example.org>"
    classification: str | None = None  # PUBLIC, PRIVATE, CONFIDENTIAL
    sequence: int = 0
    last_modified: datetime | None = None  # becomes DTSTAMP and LAST-MODIFIED


@dataclass(frozen=True)
class FeedInfo:
    """Calendar-level properties of one feed."""

    name: str
    description: str | None = None
    timezone: str = "Europe/Copenhagen"
    refresh: timedelta = timedelta(hours=1)
    prodid: str = "-//Københavns Politi//Overblik//DA"
    # DTSTAMP for a feed without events (so an empty feed is byte-stable too)
    stamp: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)  # further X- properties, written sorted


@dataclass(frozen=True)
class Rejected:
    """A VEVENT the parser could not use: `index` counts VEVENTs in the file from 0."""

    index: int
    reason: str
    uid: str | None = None


@dataclass
class ParsedCalendar:
    """What the parser found: usable events (masters with their overrides) and rejected VEVENTs."""

    events: list[CalendarEvent]
    rejected: list[Rejected]
    indexes: dict[str, int] = field(default_factory=dict)  # uid -> index of its master VEVENT
    name: str | None = None
