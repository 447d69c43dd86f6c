"""GET /map?at=YYYY-MM-DDTHH:MM&event=<id>: what is active at a moment, optionally one event in focus."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import request

from app.auth import current_actor
from app.extensions import database
from app.maps import bp
from app.maps.page import MapRequest, page_map
from app.maps.timeparse import AT_EXAMPLE, AT_FORMAT, AtError, parse_at
from app.registry.errors import NotFound
from app.registry.events import get_event
from app.web.conflict_data import conflicts_for_event, party_ids
from app.web.render import current_lang, local_input, page, render_error


@bp.get("")
def map_view():  # type: ignore[no-untyped-def]
    try:
        at = parse_at(request.args.get("at"), datetime.now(UTC)) if request.args.get("at") else None
    except AtError:
        return render_error(400, "bad_at", hint=f"{AT_FORMAT}, e.g. {AT_EXAMPLE}")
    actor = current_actor()
    with database().transaction() as session:
        focus, conflicts = None, []
        event_id = request.args.get("event")
        if event_id:
            try:
                focus = get_event(session, event_id, actor)
            except NotFound:
                return render_error(404, "event_not_found")
            conflicts = conflicts_for_event(session, focus, actor)
        moment = at or (focus.starts_at if focus is not None else datetime.now(UTC))
        req = MapRequest(at=moment, lang=current_lang(), focus=focus, conflict_ids=party_ids(conflicts, focus),
                         locate=True, extra={"focus": focus.id if focus else None, "updateUrl": True})
        pm = page_map(session, actor, req)
        return page("map.html", pm=pm, focus=focus, conflict_count=len(conflicts), at_local=local_input(moment))
