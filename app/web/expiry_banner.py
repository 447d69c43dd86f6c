"""The planners' banner: zone designations that end within 60 days, so they are evaluated in time.

Shown on the planner pages (dashboard, calendar, zones, zone import) to signed-in planners and admins,
only when something expires. Only designations count — zones not linked to an event; a temporary zone
ends with its event and needs no evaluation. Visibility is the current actor's (`visible_zones`).
The query runs lazily: the base layout's partial calls `expiry_banner()` and only these pages pay for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from flask import Flask, request
from sqlalchemy.orm import Session

from app.auth import current_actor
from app.clock import today
from app.extensions import database
from app.models import Zone
from app.registry.access import Actor
from app.registry.queries import visible_zones
from app.registry.zone_expiry import expiring

WITHIN_DAYS = 60
PLANNER_PAGES = frozenset({"web.dashboard", "web.calendar", "web.zones", "web.zone_import"})
PLANNER_ROLES = ("planner", "admin")
MAX_LISTED = 50


@dataclass(frozen=True)
class ExpiringZone:
    id: str
    name: str
    kind: str
    valid_until: date


@dataclass(frozen=True)
class Banner:
    days: int
    zones: list[ExpiringZone]

    @property
    def count(self) -> int:
        return len(self.zones)


def designations_expiring(session: Session, actor: Actor, day: date, days: int = WITHIN_DAYS) -> list[ExpiringZone]:
    """Designations (zones not linked to an event) visible to `actor` ending within `days` of `day`,
    soonest first. A temporary zone ends with its event and is not evaluated, so it is left out."""
    stmt = expiring(visible_zones(actor), relativedelta(days=days), day).where(Zone.event_id.is_(None))
    rows = session.scalars(stmt.order_by(Zone.valid_until, Zone.name, Zone.id).limit(MAX_LISTED))
    return [ExpiringZone(z.id, z.name, z.kind, z.valid_until) for z in rows]


def expiry_banner() -> Banner | None:
    """The banner for this request, or None (not a planner page, not a planner, nothing expiring)."""
    if request.endpoint not in PLANNER_PAGES:
        return None
    actor = current_actor()
    if actor.role not in PLANNER_ROLES:
        return None
    day: date = today()
    with database().transaction() as session:
        zones = designations_expiring(session, actor, day)
    return Banner(WITHIN_DAYS, zones) if zones else None


def init_expiry_banner(app: Flask) -> None:
    @app.context_processor
    def _banner() -> dict:
        return {"expiry_banner": expiry_banner}
