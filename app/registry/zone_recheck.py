"""Re-checking conflicts after zones change: which conflicts a change added and which it removed.

The conflict engine (`app.conflicts`) is built elsewhere; until it is on main, `conflict_keys` answers
None and reports carry `"conflicts": null`. LEAD: wire the engine into `conflict_keys` only — it must
return the stable keys of every current conflict with one of `zone_ids` as a party.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session


def engine_available() -> bool:
    return importlib.util.find_spec("app.conflicts") is not None


def conflict_keys(session: Session, zone_ids: Iterable[str]) -> dict[str, dict[str, Any]] | None:
    """Current conflicts involving the zones, by key (None while the conflict engine is absent)."""
    if not engine_available():
        return None
    return None  # LEAD: call the engine for the zones' conflicts here, e.g. {c.key: c.as_dict()}


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
