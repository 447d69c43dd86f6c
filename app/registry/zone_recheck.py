"""Re-checking conflicts after zones change: which conflicts a change added and which it removed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session


def conflict_keys(session: Session, zone_ids: Iterable[str]) -> dict[str, dict[str, Any]] | None:
    """Current conflicts involving the zones, by key."""
    from app.registry.conflicts import zone_conflict_keys

    return zone_conflict_keys(session, zone_ids)


def conflict_delta(before: dict[str, dict[str, Any]] | None,
                   after: dict[str, dict[str, Any]] | None) -> dict[str, Any] | None:
    """`{"added": [...], "removed": [...]}` between two snapshots, or None when either is unknown."""
    if before is None or after is None:
        return None
    return {"added": [after[k] for k in sorted(set(after) - set(before))],
            "removed": [before[k] for k in sorted(set(before) - set(after))]}


def recheck_zones(session: Session, before: dict[str, dict[str, Any]] | None,
                  zone_ids: Iterable[str]) -> dict[str, Any] | None:
    """After a change: the delta against `before` (taken with `conflict_keys` before writing)."""
    return conflict_delta(before, conflict_keys(session, zone_ids))
