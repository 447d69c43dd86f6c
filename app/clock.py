"""Today's date in Copenhagen, pinnable with OVERBLIK_TODAY=YYYY-MM-DD (demos, tests of expiry)."""

from __future__ import annotations

from datetime import date

from flask import current_app

from app.registry.zone_expiry import local_today


def today() -> date:
    pinned = current_app.config.get("TODAY")
    if pinned:
        return pinned if isinstance(pinned, date) else date.fromisoformat(str(pinned))
    return local_today()
