"""The event page and the create/edit form (drawing on the map, conflicts checked live before saving)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app, redirect, request, url_for
from werkzeug.datastructures import MultiDict

from app.api.events import settings
from app.auth import current_actor
from app.extensions import database
from app.maps.page import MapRequest, page_map
from app.maps.timeparse import AtError, parse_at
from app.models import CLASSIFICATIONS, KINDS, STATUSES, Event
from app.registry import events as uc
from app.registry.errors import NotFound, RegistryError
from app.web import bp
from app.web.conflict_data import conflicts_for_event, party_ids
from app.web.event_form import FormError, event_to_form, field_of, form_to_feature
from app.web.history import event_history
from app.web.render import current_lang, local_input, local_text, page, render_error
from calendars.errors import CalendarError
from geo.errors import GeometryError
from geo.geojson import to_geojson

CHOICES = {"kinds": KINDS, "statuses": STATUSES, "classifications": CLASSIFICATIONS}


@bp.get("/events/<event_id>")
def event_page(event_id: str):  # type: ignore[no-untyped-def]
    actor = current_actor()
    with database().transaction() as session:
        try:
            event = uc.get_event(session, event_id, actor)
        except NotFound:
            return render_error(404, "event_not_found")
        conflicts = conflicts_for_event(session, event, actor)
        req = MapRequest(at=event.starts_at, lang=current_lang(), focus=event,
                         conflict_ids=party_ids(conflicts, event), legend=False)
        pm = page_map(session, actor, req)
        history = event_history(session, event.id)
        return page("event.html", event=event, pm=pm, conflicts=conflicts, history=history,
                    local=lambda dt: local_text(dt, event.timezone), can_edit=actor.role in ("planner", "admin"))


def _form_page(values: dict[str, Any], event: Event | None, error: tuple[str, str] | None = None,
               status: int = 200):  # type: ignore[no-untyped-def]
    actor = current_actor()
    start = _typed_start(values.get("starts_at")) or (event.starts_at if event is not None else _default_start())
    with database().transaction() as session:
        req = MapRequest(at=start, lang=current_lang(), draw=True, legend=True,
                         exclude_event=event.id if event is not None else None)
        pm = page_map(session, actor, req)
    return page("event_form.html", status=status, values=values, event=event, pm=pm, error=error,
                can_write=actor.role in ("planner", "admin"), **CHOICES)


def _typed_start(value: str | None) -> datetime | None:
    try:
        return parse_at(value, datetime.now(UTC)) if value else None
    except AtError:
        return None


def _default_start() -> datetime:
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return now + timedelta(days=1)


def _blank() -> dict[str, Any]:
    start = _default_start()
    values: dict[str, Any] = {"kind": "concert", "status": "planned", "classification": "public",
                              "officers_required": 0}
    values["starts_at"] = local_input(start)
    values["ends_at"] = local_input(start + timedelta(hours=3))
    return values


@bp.get("/events/new")
def new_event():  # type: ignore[no-untyped-def]
    values = _blank() | {k: v for k, v in request.args.items() if k in ("starts_at", "ends_at", "kind")}
    return _form_page(values, None)


def _save(form: MultiDict, event: Event | None):  # type: ignore[no-untyped-def]
    actor = current_actor()
    try:
        feature = form_to_feature(form, require_geometry=event is None)
        with database().transaction() as session:
            if event is None:
                saved = uc.create_event(session, feature, actor, settings())
            else:
                if feature["geometry"] is None:
                    feature.pop("geometry")
                saved = uc.update_event(session, event.id, feature, form.get("if_match") or "", actor,
                                        settings())
            saved_id = saved.id
    except FormError as exc:
        return _form_page(form.to_dict(), event, (exc.field, exc.message), 422)
    except RegistryError as exc:
        status = exc.status if exc.status in (401, 403, 409, 412, 428) else 422
        return _form_page(form.to_dict(), event, (field_of(exc.field), exc.message), status)
    except (GeometryError, CalendarError) as exc:
        where = getattr(exc, "where", None)
        return _form_page(form.to_dict(), event, (field_of(where) or "geometry", exc.message), 422)
    current_app.logger.info("event %s saved from the web form", saved_id)
    return redirect(url_for("web.event_page", event_id=saved_id, saved=1), 303)


@bp.post("/events/new")
def create_event():  # type: ignore[no-untyped-def]
    return _save(request.form, None)


def _load(event_id: str) -> Event | None:
    with database().transaction() as session:
        try:
            return uc.get_event(session, event_id, current_actor())
        except NotFound:
            return None


@bp.get("/events/<event_id>/edit")
def edit_event(event_id: str):  # type: ignore[no-untyped-def]
    event = _load(event_id)
    if event is None:
        return render_error(404, "event_not_found")
    values = event_to_form(event, json.dumps(to_geojson(event.geometry)) if event.geometry is not None else "")
    values["if_match"] = f'"{event.version}"'
    return _form_page(values, event)


@bp.post("/events/<event_id>/edit")
def update_event(event_id: str):  # type: ignore[no-untyped-def]
    event = _load(event_id)
    if event is None:
        return render_error(404, "event_not_found")
    return _save(request.form, event)
