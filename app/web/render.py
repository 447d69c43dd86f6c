"""Rendering helpers shared by the pages: language, local times, friendly error pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from calendars.intervals import COPENHAGEN


def current_lang() -> str:
    loc = get_locale()
    return "en" if loc is not None and loc.language == "en" else "da"


def local_input(dt: datetime, tz: ZoneInfo = COPENHAGEN) -> str:
    """The form/URL form of a moment in local time: YYYY-MM-DDTHH:MM."""
    return dt.astimezone(tz).strftime("%Y-%m-%dT%H:%M")


def local_text(dt: datetime | None, tz: str | ZoneInfo = COPENHAGEN) -> str:
    if dt is None:
        return ""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return dt.astimezone(zone).strftime("%d.%m.%Y %H:%M")


def page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    return render_template(template, **context), status


def _messages() -> dict[str, tuple[str, str]]:
    return {
        "event_not_found": (_("Event not found"),
                            _("There is no event with that id, or you may not see it.")),
        "zone_not_found": (_("Zone not found"), _("There is no zone with that id.")),
        "not_found": (_("Page not found"), _("The address does not lead to a page in Overblik.")),
        "bad_at": (_("The time could not be read"),
                   _("The at parameter must be a local time in the format YYYY-MM-DDTHH:MM.")),
        "bad_request": (_("The request could not be read"), _("Check the address and try again.")),
        "forbidden": (_("Not allowed"), _("Your role does not allow this.")),
        "unauthorized": (_("Sign in needed"), _("Sign in as a planner to do this.")),
    }


def render_error(status: int, key: str, hint: str | None = None, message: str | None = None) -> tuple[str, int]:
    heading, text = _messages().get(key, _messages()["bad_request"])
    return page("error.html", status=status, status_code=status, heading=heading, message=message or text,
                hint=hint, path=request.path)
