"""Writing the append-only audit trail inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.models import AuditEntry


def record(session: Session, actor: str, action: str, entity_type: str, entity_id: str,
           before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    session.add(AuditEntry(actor=actor, action=action, entity_type=entity_type, entity_id=entity_id,
                           before=before, after=after))
