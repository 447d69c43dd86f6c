"""Reading the audit trail: filtered by entity, id, actor and time, newest first, paginated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEntry
from app.registry.access import Actor
from app.registry.errors import BadRequest
from app.registry.filters import parse_instant, parse_int

ENTITIES = ("event", "zone", "user", "api_token", "feed_token", "conflict_decision")
PARAMS = {"entity", "id", "actor", "action", "from", "to", "limit", "page"}


@dataclass
class AuditFilter:
    entity: str | None = None
    entity_id: str | None = None
    actor: str | None = None
    action: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    limit: int = 100
    page: int = 1


def audit_filter(args: dict[str, str]) -> AuditFilter:
    unknown = sorted(set(args) - PARAMS)
    if unknown:
        raise BadRequest(f"unknown query parameter {unknown[0]!r}; known: {', '.join(sorted(PARAMS))}",
                         unknown[0])
    f = AuditFilter()
    if "entity" in args:
        if args["entity"] not in ENTITIES:
            raise BadRequest(f"entity: unknown value {args['entity']!r}; expected one of {', '.join(ENTITIES)}",
                             "entity")
        f.entity = args["entity"]
    for name, attr in (("id", "entity_id"), ("actor", "actor"), ("action", "action")):
        if name in args:
            if not 1 <= len(args[name]) <= 100:
                raise BadRequest(f"{name}: must be 1–100 characters", name)
            setattr(f, attr, args[name])
    f.start = parse_instant(args["from"], "from") if "from" in args else None
    f.end = parse_instant(args["to"], "to") if "to" in args else None
    if f.start and f.end and f.end <= f.start:
        raise BadRequest("to: must be after from", "to")
    f.limit = parse_int(args.get("limit", "100"), "limit", 1, 1000)
    f.page = parse_int(args.get("page", "1"), "page", 1, 1_000_000)
    return f


def entry_json(e: AuditEntry) -> dict[str, Any]:
    return {"id": e.id, "at": e.at.isoformat(), "actor": e.actor, "action": e.action,
            "entity": e.entity_type, "entity_id": e.entity_id, "before": e.before, "after": e.after}


def list_audit(session: Session, f: AuditFilter, actor: Actor) -> tuple[list[AuditEntry], bool]:
    """One page of the trail (admins only: it holds restricted events' before/after)."""
    actor.require("admin")
    stmt = select(AuditEntry)
    if f.entity:
        stmt = stmt.where(AuditEntry.entity_type == f.entity)
    if f.entity_id:
        stmt = stmt.where(AuditEntry.entity_id == f.entity_id)
    if f.actor:
        stmt = stmt.where(AuditEntry.actor == f.actor)
    if f.action:
        stmt = stmt.where(AuditEntry.action == f.action)
    if f.start:
        stmt = stmt.where(AuditEntry.at >= f.start)
    if f.end:
        stmt = stmt.where(AuditEntry.at < f.end)
    stmt = stmt.order_by(AuditEntry.id.desc()).offset((f.page - 1) * f.limit).limit(f.limit + 1)
    rows = list(session.scalars(stmt))
    return rows[: f.limit], len(rows) > f.limit
