"""An event's history from the audit trail (newest first), summarised for the event page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEntry

IGNORED = {"version", "sequence", "updated_at", "created_at"}


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    actor: str
    action: str
    changed: tuple[str, ...]


def _changed(before: dict | None, after: dict | None) -> tuple[str, ...]:
    if not before or not after:
        return ()
    b, a = before.get("properties", {}), after.get("properties", {})
    names = sorted(k for k in set(a) | set(b) if k not in IGNORED and a.get(k) != b.get(k))
    if before.get("geometry") != after.get("geometry"):
        names.insert(0, "geometry")
    return tuple(names)


def event_history(session: Session, event_id: str, limit: int = 50) -> list[HistoryLine]:
    stmt = (select(AuditEntry).where(AuditEntry.entity_type == "event", AuditEntry.entity_id == event_id)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit))
    return [HistoryLine(r.at, r.actor, r.action, _changed(r.before, r.after)) for r in session.scalars(stmt)]
