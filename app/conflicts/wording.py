"""A conflict's sentence in Danish and English, with times in local wall-clock time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from app.conflicts.model import Conflict

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
MONTHS_DA = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
             "oktober", "november", "december")
ZONE_KINDS_DA = {"nightlife": "natteliv", "sub": "zone", "watch": "visitation", "prevention": "forebyggelse",
                 "security_perimeter": "sikkerhedsperimeter", "exclusion": "opholdsforbud",
                 "local_police_area": "lokalpoliti", "restricted_airspace": "luftrumsrestriktion",
                 "other": "anden"}
ZONE_KINDS_EN = {"nightlife": "nightlife", "sub": "zone", "watch": "stop-and-search", "prevention": "prevention",
                 "security_perimeter": "security perimeter", "exclusion": "exclusion",
                 "local_police_area": "local police area", "restricted_airspace": "restricted airspace",
                 "other": "other"}


def _day(dt: datetime, lang: str) -> str:
    if lang == "da":
        return f"{dt.day}. {MONTHS_DA[dt.month - 1]}"
    return f"{dt.day} {MONTHS_EN[dt.month - 1]}"


def span(start: datetime, end: datetime, tz: ZoneInfo, lang: str) -> str:
    """'5 June 00:00–02:00', or '5 June 22:00 – 6 June 02:00' across days (an end at midnight is 24:00)."""
    s, e = start.astimezone(tz), end.astimezone(tz)
    last = (e - timedelta(microseconds=1)).date()
    if last == s.date():
        end_txt = "24:00" if e.date() != s.date() else e.strftime("%H:%M")
        return f"{_day(s, lang)} {s:%H:%M}–{end_txt}"
    return f"{_day(s, lang)} {s:%H:%M} – {_day(e, lang)} {e:%H:%M}"


def _when(c: Conflict, lang: str) -> str:
    tz = ZoneInfo(c.timezone)
    text = span(*c.windows[0], tz, lang)
    more = len(c.windows) - 1
    if more:
        text += f" og {more} gang(e) mere" if lang == "da" else f" and {more} more time(s)"
    return text


def _area(m2: float | None, lang: str) -> str:
    if not m2:
        return ""
    num = f"{round(m2):,}"
    return f" ({num.replace(',', '.')} m²)" if lang == "da" else f" ({num} m²)"


def describe(c: Conflict) -> dict[str, str]:
    """{"da": ..., "en": ...} for any rule."""
    return {lang: _SENTENCES[c.rule](c, lang) for lang in ("da", "en")}


def _event_overlap(c: Conflict, lang: str) -> str:
    a, b = c.parties[0].title, c.parties[1].title
    if lang == "da":
        return f"{a} og {b} overlapper den {_when(c, lang)}{_area(c.overlap_area_m2, lang)}"
    return f"{a} overlaps {b} on {_when(c, lang)}{_area(c.overlap_area_m2, lang)}"


def _setup_overlap(c: Conflict, lang: str) -> str:
    a, b = c.parties[0].title, c.parties[1].title
    if lang == "da":
        return f"Opbygning/nedtagning af {a} og {b} overlapper den {_when(c, lang)}{_area(c.overlap_area_m2, lang)}"
    return f"The build-up/tear-down of {a} and {b} overlap on {_when(c, lang)}{_area(c.overlap_area_m2, lang)}"


def _route_crossing(c: Conflict, lang: str) -> str:
    a, b = c.parties[0].title, c.parties[1].title
    n = len(c.crossings)
    if c.distance_m:
        if lang == "da":
            return f"Ruterne for {a} og {b} kommer {round(c.distance_m)} m fra hinanden den {_when(c, lang)}"
        return f"The routes of {a} and {b} come within {round(c.distance_m)} m on {_when(c, lang)}"
    if lang == "da":
        return f"Ruterne for {a} og {b} krydser hinanden {n} sted(er) den {_when(c, lang)}"
    return f"The routes of {a} and {b} cross at {n} point(s) on {_when(c, lang)}"


def _zone_active(c: Conflict, lang: str) -> str:
    event, zone = c.parties[0], c.parties[1]
    if lang == "da":
        kind = ZONE_KINDS_DA.get(zone.kind, zone.kind)
        return f"{event.title} overlapper zonen {zone.title} ({kind}) den {_when(c, lang)}"
    kind = ZONE_KINDS_EN.get(zone.kind, zone.kind)
    name = f"zone {zone.title}" if "zone" in zone.title.lower() else f"{zone.title} {kind} zone"
    return f"{event.title} overlaps the {name} on {_when(c, lang)}"


def _capacity(c: Conflict, lang: str) -> str:
    n = len(c.parties)
    if lang == "da":
        return (f"Politiets kapacitet overskrides den {_when(c, lang)}: højst {c.peak_officers} af "
                f"{c.capacity} betjente ({n} arrangementer)")
    return (f"Police capacity exceeded on {_when(c, lang)}: peak {c.peak_officers} of {c.capacity} officers "
            f"({n} events)")


_SENTENCES = {"event_overlap": _event_overlap, "setup_overlap": _setup_overlap,
              "route_crossing": _route_crossing, "zone_active": _zone_active, "capacity": _capacity}
