"""Loading the district's seed data (app/seed/*.json) idempotently, keyed by `seed_key`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.migrate import upgrade
from app.models import Event, Zone
from app.registry.access import SYSTEM
from app.registry.events import Settings, create_event
from app.registry.schemas import EventProperties, ZoneProperties
from app.registry.zones import create_zone
from app.seed import files as seed_files

EVENT_KEYS = set(EventProperties.model_fields)
ZONE_KEYS = set(ZoneProperties.model_fields)


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=lambda: {"events": 0, "zones": 0})
    unchanged: dict[str, int] = field(default_factory=lambda: {"events": 0, "zones": 0})


def _event_payload(feat: dict[str, Any]) -> dict[str, Any]:
    props = feat["properties"]
    clean = {k: v for k, v in props.items() if k in EVENT_KEYS}
    notes = [props.get("notes") or "", props.get("description") or ""]
    if props.get("hours_assumed"):
        notes.append("Tidspunkter antaget (planen angiver ingen) / hours assumed (the plan gives none).")
    clean["description"] = " ".join(n for n in notes if n).strip() or None
    clean["source"] = props.get("geometry_source") or props.get("source")
    clean["allow_outside_district"] = True  # seed geometries are checked by tests/seed, DAGI is coarse
    return {"type": "Feature", "geometry": feat["geometry"], "properties": clean}


def _zone_payload(feat: dict[str, Any], event_ids: dict[str, str]) -> dict[str, Any]:
    props = feat["properties"]
    clean = {k: v for k, v in props.items() if k in ZONE_KEYS}
    if props.get("event_ref"):
        clean["event_id"] = event_ids[props["event_ref"]]
    return {"type": "Feature", "geometry": feat["geometry"], "properties": clean}


def seed(session: Session) -> SeedReport:
    """Create every seed event and zone that is not there yet (by seed_key); change nothing else."""
    report = SeedReport()
    event_ids = dict(session.execute(select(Event.seed_key, Event.id).where(Event.seed_key.isnot(None))).all())
    for feat in seed_files.events()["features"]:
        key = feat["properties"]["seed_key"]
        if key in event_ids:
            report.unchanged["events"] += 1
            continue
        e = create_event(session, _event_payload(feat), SYSTEM, Settings(), seed_key=key)
        event_ids[key] = e.id
        report.created["events"] += 1
    zone_keys = set(session.scalars(select(Zone.seed_key).where(Zone.seed_key.isnot(None))))
    for feat in seed_files.zones()["features"]:
        key = feat["properties"]["seed_key"]
        if key in zone_keys:
            report.unchanged["zones"] += 1
            continue
        create_zone(session, _zone_payload(feat, event_ids), SYSTEM, seed_key=key)
        report.created["zones"] += 1
    return report


def ensure_seeded(db: Database) -> SeedReport:
    """Migrate to the newest schema, then seed (both idempotent)."""
    upgrade(db.engine)
    with db.transaction() as session:
        return seed(session)
