"""Designations running out: `expiring_within=P60D` (ISO 8601 duration) and the zones it selects.

Durations are parsed here (date part only: PnYnMnWnD) because no installed library parses ISO 8601
durations into calendar units; dateutil's relativedelta then adds them calendar-correctly.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.models import Zone
from app.registry.access import Actor
from app.registry.errors import BadRequest
from app.registry.queries import visible_zones

DURATION = re.compile(r"P(?:(\d{1,3})Y)?(?:(\d{1,3})M)?(?:(\d{1,4})W)?(?:(\d{1,5})D)?")
MAX_DAYS = 3660  # ten years ahead is the longest question worth asking


def parse_duration(value: str, name: str = "expiring_within") -> relativedelta:
    """An ISO 8601 date duration such as P60D, P2M, P1Y6M or P8W; anything else is a 400 naming `name`."""
    m = DURATION.fullmatch(value.strip().upper()) if isinstance(value, str) else None
    if m is None or not any(m.groups()):
        raise BadRequest(f"{name}: {value!r} is not an ISO 8601 duration in days, weeks, months or years "
                         "(e.g. P60D, P8W, P2M, P1Y)", name)
    years, months, weeks, days = (int(g or 0) for g in m.groups())
    delta = relativedelta(years=years, months=months, weeks=weeks, days=days)
    today = date(2025, 1, 1)
    if (today + delta - today).days > MAX_DAYS:
        raise BadRequest(f"{name}: {value!r} reaches more than ten years ahead", name)
    return delta


def local_today(tz: str = "Europe/Copenhagen") -> date:
    return datetime.now(ZoneInfo(tz)).date()


def expiry_horizon(within: relativedelta, today: date) -> date:
    return today + within


def expiring(stmt: Select[Any], within: relativedelta, today: date) -> Select[Any]:
    """Narrow a zone query to designations ending on a day in [today, today + within] (inclusive dates)."""
    return stmt.where(Zone.valid_until.isnot(None), Zone.valid_until >= today,
                      Zone.valid_until <= expiry_horizon(within, today))


def expiring_page(session: Session, within: relativedelta, today: date, kinds: tuple[str, ...] = (),
                  limit: int = 1000, page: int = 1, actor: Actor | None = None) -> tuple[list[Zone], bool]:
    """Zones (visible to `actor`) whose designation ends within `within` of `today`, soonest first; and
    whether more follow."""
    stmt = expiring(visible_zones(actor) if actor is not None else select(Zone), within, today)
    if kinds:
        stmt = stmt.where(Zone.kind.in_(kinds))
    stmt = stmt.order_by(Zone.valid_until, Zone.name, Zone.id).offset((page - 1) * limit).limit(limit + 1)
    rows = list(session.scalars(stmt))
    return rows[:limit], len(rows) > limit
