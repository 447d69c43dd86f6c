"""One map for a page: the registry's events and zones around a moment, drawn by geo.maps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from app.maps.features import (
    data_attribution,
    district_areas,
    map_event,
    map_zone,
    municipality_areas,
)
from app.models import Event
from app.registry.access import Actor
from app.registry.filters import EventFilter
from app.registry.queries import iter_events, list_zones
from calendars.intervals import COPENHAGEN, Interval
from calendars.recurrence import localize
from geo.maps import MapOptions, MapParts, build_map, render_parts


@dataclass(frozen=True)
class PageMap:
    """What a template needs to place a map: the rendered parts and the slider's JSON config."""

    parts: MapParts
    config: dict[str, Any]
    event_count: int = 0
    zone_count: int = 0


@dataclass(frozen=True)
class MapRequest:
    at: datetime
    lang: str = "da"
    focus: Event | None = None
    conflict_ids: frozenset[str] = frozenset()
    draw: bool = False
    locate: bool = False
    legend: bool = True
    window: Interval | None = None
    exclude_event: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def day_window(at: datetime, days: int = 2) -> Interval:
    """From local midnight of `at`'s day for `days` days (the slider's range)."""
    day = at.astimezone(COPENHAGEN).date()
    start = localize(datetime.combine(day, time(0, 0)), COPENHAGEN)
    end = localize(datetime.combine(day + timedelta(days=days), time(0, 0)), COPENHAGEN)
    return start, end


def page_map(session: Session, actor: Actor, req: MapRequest) -> PageMap:
    window = req.window or day_window(req.at)
    f = EventFilter(start=window[0], end=window[1], limit=100_000)
    events = [e for e in iter_events(session, f, actor) if e.id != req.exclude_event]
    if req.focus is not None and all(e.id != req.focus.id for e in events):
        events.append(req.focus)
    zones, _ = list_zones(session, actor, limit=100_000)
    cfg = current_app.config
    opts = MapOptions(
        window=window, at=req.at, lang=req.lang, tile_url=cfg.get("TILE_URL") or "",
        tile_attribution=cfg.get("TILE_ATTRIBUTION") or "", data_attribution=data_attribution(),
        focus_event_id=req.focus.id if req.focus is not None else None, conflict_ids=req.conflict_ids,
        draw=req.draw, locate=req.locate, legend=req.legend)
    built = build_map([map_event(e, window) for e in events], [map_zone(z, req.lang) for z in zones],
                      list(municipality_areas()), list(district_areas()), opts)
    config = built.config | req.extra
    return PageMap(render_parts(built), config, len(events), len(zones))
