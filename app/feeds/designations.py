"""GET /feeds/zones/designations.ics: every designation's first and last day as all-day items.

For the police council's meeting calendar: a nightlife zone designated until 31 May shows up on 31 May
("udpegning udløber"), so evaluations can be planned before. Temporary zones (linked to an event) are
left out: they follow their event, which has its own feeds. Public: unlinked zones are public
designations. Serialised by calendars.ical (stable UIDs, DTSTAMP from the zone's last change).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime

from flask import Response, request
from sqlalchemy import or_, select

from app.extensions import database
from app.feeds import bp
from app.feeds.convert import _zone_base, zone_title
from app.feeds.views import base_url
from app.models import ZONE_KINDS, Zone
from app.registry.errors import BadRequest
from app.registry.filters import parse_choices
from calendars.ical import CalendarEvent, FeedInfo, all_day_bounds, stable_uid, write_calendar

PARAMS = {"kind"}
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def designation_items(zones: Iterable[Zone], url: str) -> list[CalendarEvent]:
    """One all-day item on the first day of each designation and one on its last (inclusive) day."""
    out = []
    for z in zones:
        base = _zone_base(z, url)
        days = (("start", z.valid_from, "udpegning begynder / designation starts"),
                ("end", z.valid_until, "udpegning udløber / designation ends"))
        for which, day, label in days:
            if day is None:
                continue
            start, end = all_day_bounds(day, day)
            period = f"{z.valid_from or '…'} – {z.valid_until or '…'}"
            out.append(CalendarEvent(
                uid=stable_uid(f"zone:{z.id}:designation-{which}"), title=f"{zone_title(z)}: {label}",
                start=start, end=end, all_day=True,
                description=f"Udpeget / designated {period}. {z.notes or ''}".strip(), **base))
    return out


def _zones(kinds: tuple[str, ...]) -> list[Zone]:
    stmt = select(Zone).where(Zone.event_id.is_(None), or_(Zone.valid_from.isnot(None),
                                                           Zone.valid_until.isnot(None)))
    if kinds:
        stmt = stmt.where(Zone.kind.in_(kinds))
    with database().transaction() as session:
        return list(session.scalars(stmt.order_by(Zone.valid_until, Zone.name, Zone.id)))


@bp.get("/zones/designations.ics")
def designations_feed() -> Response:
    args = request.args.to_dict()
    unknown = sorted(set(args) - PARAMS)
    if unknown:
        raise BadRequest(f"unknown query parameter {unknown[0]!r}; known: kind", unknown[0])
    kinds = parse_choices(args["kind"], ZONE_KINDS, "kind") if "kind" in args else ()
    zones = _zones(kinds)
    last = max((z.updated_at for z in zones if z.updated_at), default=EPOCH)
    info = FeedInfo(name="Overblik – udpegninger / designations",
                    description="Første og sidste dag for hver zoneudpegning (Københavns Politi). / "
                                "First and last day of each zone designation (Copenhagen Police).",
                    stamp=last)
    data = write_calendar(designation_items(zones, base_url()), info)
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    resp = Response(status=304) if request.if_none_match.contains(etag.strip('"')) else \
        Response(data, content_type="text/calendar; charset=utf-8")
    resp.headers["ETag"] = etag
    resp.last_modified = last
    resp.headers["Cache-Control"] = "public, max-age=900"
    return resp


def describe() -> None:
    from app.api.openapi import _err, _q, add_paths

    add_paths({"/feeds/zones/designations.ics": {"get": {
        "summary": "First and last day of every zone designation as all-day items (police council calendar)",
        "security": [], "parameters": [_q("kind", "Comma-separated zone kinds")],
        "responses": {"200": {"description": "iCalendar feed",
                              "content": {"text/calendar": {"schema": {"type": "string"}}}},
                      "304": {"description": "Not modified (If-None-Match)"},
                      "400": _err("Unknown parameter or kind")}}}})


describe()
