"""Bulk zone import: compare a GIS file's records with the zones of one kind, then apply in one go.

Identity is the zone's name within its kind (case and surrounding spaces ignored). A record whose name
matches an existing zone changes it (geometry and whatever options were given); others are new. Zones of
that kind from the same `source` that the file no longer holds are *removed*: their designation ends the
day before the import (history kept; temporary zones of events are never touched). A dry run answers
the same report and writes nothing. With any rejected record nothing is stored unless `partial`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ZONE_KINDS, Zone
from app.registry import zones as uc
from app.registry.access import Actor
from app.registry.errors import Invalid, RegistryError
from app.registry.representation import zone_feature
from app.registry.temporary_zones import ended_period
from app.registry.zone_recheck import conflict_keys, recheck_zones
from calendars.errors import HoursError
from calendars.hours import hours_to_json, parse_active_hours
from geo.crs import METRIC, WGS84, reproject
from geo.geojson import to_geojson
from geo.gis_import import GisImport, ImportedRecord

SAME_WITHIN_M = 0.01  # geometry moved less than 1 cm: reprojection noise, not a change
PERIOD_FIELDS = ("valid_from", "valid_until", "active_hours", "active_hours_exceptions")


@dataclass(frozen=True)
class ImportOptions:
    kind: str
    source: str
    valid_from: str | None = None
    valid_until: str | None = None
    active_hours: list[Any] | None = None
    partial: bool = False
    dry_run: bool = False


@dataclass
class ImportReport:
    dry_run: bool
    gis: GisImport
    new: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    unchanged: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    conflicts: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "applied": not self.dry_run,
                "created": len(self.new), "updated": len(self.changed), "unchanged": len(self.unchanged),
                "removed": len(self.removed), "rejected": self.rejected,
                "items": {"new": self.new, "changed": self.changed, "unchanged": self.unchanged,
                          "removed": self.removed},
                "format": self.gis.fmt, "source_crs": self.gis.source_crs, "name_field": self.gis.name_field,
                "notes": self.gis.notes, "conflicts": self.conflicts}


class ImportRejected(Invalid):
    """Some records were rejected and `partial` was not asked for: nothing was stored."""

    code = "rejected_records"

    def __init__(self, report: ImportReport) -> None:
        n, total = len(report.rejected), len(report.rejected) + len(report.gis.records)
        first = report.rejected[0]
        super().__init__(f"{n} of {total} features were rejected (first: index {first['index']}: "
                         f"{first['reason']}); nothing was stored — fix the file, or send partial=true "
                         "to store the rest", "file")
        self.report = report


@dataclass
class _Plan:
    record: ImportedRecord
    payload: dict[str, Any]
    existing: Zone | None
    changes: list[str]


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def import_zones(session: Session, gis: GisImport, opts: ImportOptions, actor: Actor, today: date) -> ImportReport:
    """Plan (and unless dry-run, apply) an import of `gis` as zones of `opts.kind`."""
    actor.require("planner")
    if opts.kind not in ZONE_KINDS:
        raise Invalid(f"kind: unknown zone kind {opts.kind!r}; expected one of {', '.join(ZONE_KINDS)}", "kind")
    opts = _normalised(opts)
    report = ImportReport(opts.dry_run, gis, rejected=[r.as_dict() for r in gis.rejected])
    existing = _existing(session, opts.kind)
    plans = _plan_records(session, gis, opts, existing, report)
    removed = _removed(existing, {_key(p.record.name or "") for p in plans}, opts, today)
    _describe(report, plans, removed, today)
    report.rejected.sort(key=lambda r: r["index"])
    if report.rejected and not opts.partial and not opts.dry_run:
        raise ImportRejected(report)
    if not opts.dry_run:
        _apply(session, plans, removed, report, actor, today)
    return report


def _normalised(opts: ImportOptions) -> ImportOptions:
    """Options checked once for the whole file (a bad option is the caller's error, not a record's)."""
    for name in ("valid_from", "valid_until"):
        value = getattr(opts, name)
        if value is not None:
            try:
                date.fromisoformat(value)
            except (TypeError, ValueError):
                raise Invalid(f"{name}: {value!r} is not a date YYYY-MM-DD", name) from None
    if opts.valid_from and opts.valid_until and opts.valid_until < opts.valid_from:
        raise Invalid("valid_until: must be on or after valid_from", "valid_until")
    if opts.active_hours is None:
        return opts
    try:
        hours = hours_to_json(parse_active_hours(opts.active_hours))
    except HoursError as exc:
        raise Invalid(f"{exc.where}: {exc.message}", exc.where or "active_hours") from None
    return replace(opts, active_hours=hours)


def _existing(session: Session, kind: str) -> dict[str, list[Zone]]:
    out: dict[str, list[Zone]] = {}
    for z in session.scalars(select(Zone).where(Zone.kind == kind).order_by(Zone.created_at, Zone.id)):
        out.setdefault(_key(z.name), []).append(z)
    return out


def _plan_records(session: Session, gis: GisImport, opts: ImportOptions, existing: dict[str, list[Zone]],
                  report: ImportReport) -> list[_Plan]:
    plans: list[_Plan] = []
    seen: dict[str, int] = {}
    for rec in gis.records:
        reason = _name_problem(rec, gis, seen, existing)
        if reason is None:
            match = (existing.get(_key(rec.name or "")) or [None])[0]
            payload = _payload(rec, opts, match)
            reason = _check(session, payload)
        if reason is not None:
            report.rejected.append({"index": rec.index, "reason": reason})
            continue
        seen[_key(rec.name or "")] = rec.index
        plans.append(_Plan(rec, payload, match, _changes(match, rec, payload) if match else []))
    return plans


def _name_problem(rec: ImportedRecord, gis: GisImport, seen: dict[str, int],
                  existing: dict[str, list[Zone]]) -> str | None:
    if not rec.name or not rec.name.strip():
        if gis.name_field is None:
            return f"no name: give name_field (the file's fields are {', '.join(gis.fields) or 'none'})"
        return f"feature has no name in field {gis.name_field!r}"
    key = _key(rec.name)
    if key in seen:
        return f"name {rec.name!r} is also used by feature {seen[key]}"
    if len(existing.get(key, [])) > 1:
        return f"{len(existing[key])} existing zones of this kind are named {rec.name!r}; rename one first"
    return None


def _payload(rec: ImportedRecord, opts: ImportOptions, match: Zone | None) -> dict[str, Any]:
    props: dict[str, Any] = {"name": (rec.name or "").strip(), "kind": opts.kind, "source": opts.source}
    if match is not None:
        current = zone_feature(match)["properties"]
        props.update({k: current[k] for k in (*PERIOD_FIELDS, "notes", "proxy", "event_id")})
    for name in ("valid_from", "valid_until", "active_hours"):
        if getattr(opts, name) is not None:
            props[name] = getattr(opts, name)
    return {"type": "Feature", "geometry": to_geojson(rec.geometry), "properties": props}


def _check(session: Session, payload: dict[str, Any]) -> str | None:
    """The registry's own validation on a throwaway zone (nothing is added to the session)."""
    try:
        uc.check_zone_payload(session, payload)
    except RegistryError as exc:
        return exc.message
    return None


def _changes(zone: Zone, rec: ImportedRecord, payload: dict[str, Any]) -> list[str]:
    changes = []
    old, new = reproject(zone.geometry, WGS84, METRIC), reproject(rec.geometry, WGS84, METRIC)
    if old.hausdorff_distance(new) > SAME_WITHIN_M:
        changes.append("geometry")
    current = zone_feature(zone)["properties"]
    changes += [k for k, v in payload["properties"].items() if k != "kind" and current.get(k) != v]
    return changes


def _removed(existing: dict[str, list[Zone]], names: set[str], opts: ImportOptions, today: date) -> list[Zone]:
    gone = [z for key, zs in existing.items() if key not in names for z in zs]
    return [z for z in gone if z.source == opts.source and z.event_id is None
            and (z.valid_until is None or z.valid_until >= today)]


def _area(geom: Any) -> float:
    return round(reproject(geom, WGS84, METRIC).area, 1)


def _describe(report: ImportReport, plans: list[_Plan], removed: list[Zone], today: date) -> None:
    for p in plans:
        item: dict[str, Any] = {"index": p.record.index, "name": p.payload["properties"]["name"],
                                "area_m2": _area(p.record.geometry), "notes": list(p.record.notes)}
        if p.existing is None:
            report.new.append(item | {"id": None})
        elif p.changes:
            change = round(item["area_m2"] - _area(p.existing.geometry), 1)
            report.changed.append(item | {"id": p.existing.id, "changes": p.changes, "area_change_m2": change})
        else:
            report.unchanged.append(item | {"id": p.existing.id})
    until = today - timedelta(days=1)
    report.removed = [{"id": z.id, "name": z.name, "valid_until": until.isoformat()} for z in removed]


def _apply(session: Session, plans: list[_Plan], removed: list[Zone], report: ImportReport, actor: Actor,
           today: date) -> None:
    before = conflict_keys(session, [p.existing.id for p in plans if p.existing and p.changes]
                           + [z.id for z in removed])
    touched: list[str] = []
    new = iter(report.new)
    for p in plans:
        if p.existing is None:
            zone = uc.create_zone(session, p.payload, actor)
            next(new)["id"] = zone.id
            touched.append(zone.id)
        elif p.changes:
            uc.update_zone(session, p.existing.id, p.payload, f'"{p.existing.version}"', actor)
            touched.append(p.existing.id)
    for z in removed:
        start, until = ended_period(z, today)
        patch = {"type": "Feature", "properties": {"valid_from": start.isoformat(),
                                                   "valid_until": until.isoformat()}}
        uc.update_zone(session, z.id, patch, f'"{z.version}"', actor)
        touched.append(z.id)
    report.conflicts = recheck_zones(session, before, touched)
