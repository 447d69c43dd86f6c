"""Query-string filters for lists: parsed and checked here, so a typo is a 400 naming the parameter."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from app.models import CLASSIFICATIONS, KINDS, STATUSES, ZONE_KINDS
from app.reference import MUNICIPALITY_NAMES
from app.registry.errors import BadRequest
from calendars.intervals import COPENHAGEN

EVENT_PARAMS = {"from", "to", "kind", "municipality", "zone", "bbox", "status", "classification",
                "limit", "page"}


def parse_instant(value: str, name: str) -> datetime:
    """ISO 8601 with offset, or a date meaning local midnight in Copenhagen."""
    try:
        if len(value) == 10:
            dt = datetime.combine(date.fromisoformat(value), time(0), tzinfo=COPENHAGEN)
        else:
            dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(f"{name}: {value!r} is not an ISO 8601 date or datetime with offset "
                         "(e.g. 2025-06-01 or 2025-06-05T23:30:00+02:00)", name) from None
    if dt.tzinfo is None:
        raise BadRequest(f"{name}: give a time zone offset, e.g. {value}+02:00", name)
    if not 1900 <= dt.year <= 2200:
        raise BadRequest(f"{name}: year {dt.year} is out of range", name)
    return dt


def parse_choices(value: str, allowed: tuple[str, ...], name: str) -> tuple[str, ...]:
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise BadRequest(f"{name}: unknown value {', '.join(bad) or value!r}; expected one of "
                         f"{', '.join(allowed)}", name)
    return items


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    try:
        parts = tuple(float(v) for v in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4 or not (-180 <= parts[0] <= parts[2] <= 180 and -90 <= parts[1] <= parts[3] <= 90):
        raise BadRequest("bbox: expected minLon,minLat,maxLon,maxLat in WGS84, min before max", "bbox")
    return parts  # type: ignore[return-value]


def parse_int(value: str, name: str, lo: int, hi: int) -> int:
    try:
        n = int(value)
    except ValueError:
        raise BadRequest(f"{name}: {value!r} is not a whole number", name) from None
    if not lo <= n <= hi:
        raise BadRequest(f"{name}: must be between {lo} and {hi}", name)
    return n


@dataclass
class EventFilter:
    start: datetime | None = None
    end: datetime | None = None
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    classifications: tuple[str, ...] = ()
    municipality: str | None = None
    zone_id: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    limit: int = 100
    page: int = 1
    extra: dict[str, Any] = field(default_factory=dict)


def event_filter(args: dict[str, str], page_size: int, max_page_size: int,
                 allowed: set[str] = EVENT_PARAMS) -> EventFilter:
    """An EventFilter from query arguments; unknown names and values are 400."""
    unknown = sorted(set(args) - allowed)
    if unknown:
        raise BadRequest(f"unknown query parameter {unknown[0]!r}; known: {', '.join(sorted(allowed))}",
                         unknown[0])
    f = EventFilter(limit=page_size)
    if "from" in args:
        f.start = parse_instant(args["from"], "from")
    if "to" in args:
        f.end = parse_instant(args["to"], "to")
    if f.start and f.end and f.end <= f.start:
        raise BadRequest("to: must be after from", "to")
    if "kind" in args:
        f.kinds = parse_choices(args["kind"], KINDS, "kind")
    if "status" in args:
        f.statuses = parse_choices(args["status"], STATUSES, "status")
    if "classification" in args:
        f.classifications = parse_choices(args["classification"], CLASSIFICATIONS, "classification")
    if "municipality" in args:
        f.municipality = parse_choices(args["municipality"], tuple(MUNICIPALITY_NAMES), "municipality")[0]
    if "zone" in args:
        f.zone_id = args["zone"]
    if "bbox" in args:
        f.bbox = parse_bbox(args["bbox"])
    if "limit" in args:
        f.limit = parse_int(args["limit"], "limit", 1, max_page_size)
    if "page" in args:
        f.page = parse_int(args["page"], "page", 1, 1_000_000)
    return f


ZONE_KIND_CHOICES = ZONE_KINDS
