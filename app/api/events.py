"""/api/v1/events: GeoJSON in and out; writes need If-Match; lists are paginated FeatureCollections."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify, request, url_for

from app.api import bp
from app.api.request_body import json_body
from app.auth import current_actor
from app.extensions import database
from app.models import Event
from app.registry import events as uc
from app.registry.filters import event_filter
from app.registry.queries import list_events
from app.registry.representation import event_feature
from app.registry.versioning import etag


def settings() -> uc.Settings:
    cfg = current_app.config
    return uc.Settings(float(cfg["DISTRICT_TOLERANCE_M"]), bool(cfg["ALLOW_OUTSIDE_DISTRICT"]))


def event_links(e: Event) -> dict[str, str]:
    return {"self": url_for("api.get_event", event_id=e.id),
            "map": url_for("api.get_event", event_id=e.id).replace("/api/v1/events/", "/map?event="),
            "page": f"/events/{e.id}"}


def feature_out(e: Event) -> dict[str, Any]:
    feat = event_feature(e)
    feat["properties"]["links"] = event_links(e)
    return feat


def _respond(e: Event, status: int = 200, session: Any = None) -> Response:
    feat = feature_out(e)
    if session is not None:  # a single event answers with the conflicts it has now
        from app.api.conflicts import event_conflicts

        feat["properties"]["conflicts"] = event_conflicts(session, e)
    resp = jsonify(feat)
    resp.status_code = status
    resp.headers["ETag"] = etag(e.version)
    return resp


@bp.get("/events")
def list_events_view() -> Response:
    cfg = current_app.config
    f = event_filter(request.args.to_dict(), int(cfg["PAGE_SIZE"]), int(cfg["MAX_PAGE_SIZE"]))
    with database().transaction() as session:
        rows, more = list_events(session, f, current_actor())
        features = [feature_out(e) for e in rows]
    links: dict[str, str | None] = {"self": request.full_path.rstrip("?"), "next": None}
    if more:
        args = request.args.to_dict() | {"page": str(f.page + 1), "limit": str(f.limit)}
        links["next"] = url_for("api.list_events_view", **args)
    return jsonify({"type": "FeatureCollection", "features": features, "links": links,
                    "page": f.page, "limit": f.limit})


@bp.post("/events")
def create_event_view() -> Response:
    payload = json_body()
    with database().transaction() as session:
        e = uc.create_event(session, payload, current_actor(), settings())
        resp = _respond(e, 201, session)
    resp.headers["Location"] = url_for("api.get_event", event_id=e.id)
    return resp


@bp.get("/events/<event_id>")
def get_event(event_id: str) -> Response:
    with database().transaction() as session:
        return _respond(uc.get_event(session, event_id, current_actor()), session=session)


@bp.patch("/events/<event_id>")
def patch_event(event_id: str) -> Response:
    payload = json_body()
    with database().transaction() as session:
        e = uc.update_event(session, event_id, payload, request.headers.get("If-Match"), current_actor(),
                            settings())
        return _respond(e, session=session)


@bp.delete("/events/<event_id>")
def delete_event(event_id: str) -> tuple[str, int]:
    with database().transaction() as session:
        uc.delete_event(session, event_id, request.headers.get("If-Match"), current_actor())
    return "", 204
