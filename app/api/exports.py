"""GET /api/v1/export/events.<fmt> and /api/v1/export/zones.<fmt>: GeoJSON, GeoPackage, CSV (WKT), KML.

Filtered exactly like the list endpoints (same parameters, same 400s, same visibility), without paging.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Response, current_app, request

from app.api import bp
from app.auth import current_actor
from app.clock import today
from app.extensions import database
from app.models import ZONE_KINDS, Zone
from app.registry.errors import BadRequest, NotFound
from app.registry.filters import EVENT_PARAMS, event_filter, parse_choices
from app.registry.queries import iter_events, visible_zones
from app.registry.representation import event_properties, zone_feature
from app.registry.zone_expiry import expiring, parse_duration
from geo.gis_export import FORMATS, ExportRecord, export

EXPORT_EVENT_PARAMS = EVENT_PARAMS - {"limit", "page"}
EXPORT_ZONE_PARAMS = {"kind", "expiring_within"}


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise NotFound(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}", "format")
    return fmt


def _send(records: list[ExportRecord], fmt: str, what: str) -> Response:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%MZ")
    resp = Response(export(records, fmt, layer=what), mimetype=FORMATS[fmt].split(";")[0])
    if fmt == "csv":
        resp.headers["Content-Type"] = FORMATS[fmt]
    resp.headers["Content-Disposition"] = f'attachment; filename="overblik-{what}-{stamp}.{fmt}"'
    resp.headers["Cache-Control"] = "private, no-store"
    return resp


def _check_params(allowed: set[str]) -> dict[str, str]:
    args = request.args.to_dict()
    unknown = sorted(set(args) - allowed)
    if unknown:
        raise BadRequest(f"unknown query parameter {unknown[0]!r}; known: {', '.join(sorted(allowed))}",
                         unknown[0])
    return args


@bp.get("/export/events.<fmt>")
def export_events(fmt: str) -> Response:
    fmt = _format(fmt)
    args = _check_params(EXPORT_EVENT_PARAMS)
    f = event_filter(args, current_app.config["PAGE_SIZE"], current_app.config["MAX_PAGE_SIZE"],
                     EXPORT_EVENT_PARAMS)
    with database().transaction() as session:
        records = [ExportRecord(e.id, e.title, e.geometry, event_properties(e))
                   for e in iter_events(session, f, current_actor())]
    return _send(records, fmt, "events")


def _zone_record(z: Zone) -> ExportRecord:
    props: dict[str, Any] = zone_feature(z)["properties"]
    return ExportRecord(z.id, z.name, z.geometry, {k: v for k, v in props.items() if k != "name"})


@bp.get("/export/zones.<fmt>")
def export_zones(fmt: str) -> Response:
    fmt = _format(fmt)
    args = _check_params(EXPORT_ZONE_PARAMS)
    stmt = visible_zones(current_actor())
    if "kind" in args:
        stmt = stmt.where(Zone.kind.in_(parse_choices(args["kind"], ZONE_KINDS, "kind")))
    if "expiring_within" in args:
        stmt = expiring(stmt, parse_duration(args["expiring_within"]), today())
    with database().transaction() as session:
        records = [_zone_record(z) for z in session.scalars(stmt.order_by(Zone.kind, Zone.name, Zone.id))]
    return _send(records, fmt, "zones")
