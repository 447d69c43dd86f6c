"""A selection as iCalendar bytes, kept under the 1 MB that Google Calendar accepts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.feeds.convert import event_to_ical, zone_designation, zone_windows
from app.feeds.select import FeedQuery, Selection
from calendars.ical import CalendarEvent, FeedInfo
from calendars.ical_write import WrittenFeed, write_feed
from calendars.intervals import COPENHAGEN

MAX_FEED_BYTES = 1_000_000  # Google Calendar refuses subscriptions much above 1 MB
REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class FeedTitle:
    name: str
    description: str


def truncation_note(cut: datetime) -> str:
    day = cut.astimezone(COPENHAGEN).date().isoformat()
    return (
        f"Afkortet: feedet ville fylde over 1 MB, så det viser kun begivenheder der begynder før {day}; "
        f"brug ?to= for et kortere vindue. / Truncated: the feed would exceed 1 MB, so it shows only "
        f"events starting before {day}; use ?to= for a shorter window."
    )


def calendar_events(q: FeedQuery, sel: Selection, base_url: str) -> list[CalendarEvent]:
    out = [event_to_ical(e, sel.overrides.get(e.id, []), base_url) for e in sel.events]
    if sel.zone is not None:
        window = (q.start, q.end)
        if "designation" in q.options and (d := zone_designation(sel.zone, base_url, window)):
            out.append(d)
        if "active_windows" in q.options:
            out.extend(zone_windows(sel.zone, base_url, window))
    return out


def render_feed(
    q: FeedQuery, sel: Selection, title: FeedTitle, base_url: str, max_bytes: int = MAX_FEED_BYTES
) -> WrittenFeed:
    info = FeedInfo(name=title.name, description=title.description, refresh=REFRESH)
    return write_feed(calendar_events(q, sel, base_url), info, max_bytes, truncation_note)
