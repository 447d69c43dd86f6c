"""/api/v1/zones: GeoJSON in and out; writes need If-Match."""

from __future__ import annotations

from flask import Response, jsonify, request, url_for

from app.api import bp
from app.api.request_body import json_body
from app.auth import current_actor
from app.clock import today
from app.extensions import database
from app.models import ZONE_KINDS, Zone
from app.registry import zones as uc
from app.registry.errors import BadRequest
from app.registry.filters import parse_choices, parse_int
from app.registry.queries import list_zones
from app.registry.representation import zone_feature
from app.registry.versioning import etag
from app.registry.zone_expiry import expiring_page, parse_duration
from app.registry.zone_recheck import conflict_keys, recheck_zones

ZONE_PARAMS = {"kind", "limit", "page", "expiring_within"}


def _respond(z: Zone, status: int = 200, conflicts: dict | None = None) -> Response:
    feat = zone_feature(z)
    feat["properties"]["links"] = {"self": url_for("api.get_zone", zone_id=z.id)}
    if conflicts is not None:
        feat["properties"]["conflicts"] = conflicts  # what the change added and removed
    resp = jsonify(feat)
    resp.status_code = status
    resp.headers["ETag"] = etag(z.version)
    return resp


@bp.get("/zones")
def list_zones_view() -> Response:
    args = request.args.to_dict()
    unknown = sorted(set(args) - ZONE_PARAMS)
    if unknown:
        raise BadRequest(f"unknown query parameter {unknown[0]!r}; known: {', '.join(sorted(ZONE_PARAMS))}",
                         unknown[0])
    kinds = parse_choices(args["kind"], ZONE_KINDS, "kind") if "kind" in args else ()
    limit = parse_int(args.get("limit", "1000"), "limit", 1, 1000)
    page = parse_int(args.get("page", "1"), "page", 1, 1_000_000)
    within = parse_duration(args["expiring_within"]) if "expiring_within" in args else None
    with database().transaction() as session:
        if within is not None:
            rows, more = expiring_page(session, within, today(), kinds, limit, page, current_actor())
        else:
            rows, more = list_zones(session, current_actor(), kinds, limit, page)
        features = [zone_feature(z) for z in rows]
    nxt = url_for("api.list_zones_view", **(args | {"page": str(page + 1)})) if more else None
    return jsonify({"type": "FeatureCollection", "features": features, "links": {"next": nxt},
                    "page": page, "limit": limit})


@bp.post("/zones")
def create_zone_view() -> Response:
    payload = json_body()
    with database().transaction() as session:
        z = uc.create_zone(session, payload, current_actor())
        resp = _respond(z, 201)
    resp.headers["Location"] = url_for("api.get_zone", zone_id=z.id)
    return resp


@bp.get("/zones/<zone_id>")
def get_zone(zone_id: str) -> Response:
    with database().transaction() as session:
        return _respond(uc.get_zone(session, zone_id, current_actor()))


@bp.patch("/zones/<zone_id>")
def patch_zone(zone_id: str) -> Response:
    payload = json_body()
    with database().transaction() as session:
        before = conflict_keys(session, [zone_id])
        zone = uc.update_zone(session, zone_id, payload, request.headers.get("If-Match"), current_actor())
        return _respond(zone, conflicts=recheck_zones(session, before, [zone_id]))


@bp.delete("/zones/<zone_id>")
def delete_zone(zone_id: str) -> tuple[str, int]:
    with database().transaction() as session:
        uc.delete_zone(session, zone_id, request.headers.get("If-Match"), current_actor())
    return "", 204
