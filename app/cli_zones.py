"""flask --app wsgi zones …: import a GIS file as zones (with --dry-run), list designations expiring soon."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask import current_app

from app.clock import today
from app.extensions import database
from app.registry.access import Actor
from app.registry.errors import RegistryError
from app.registry.zone_expiry import expiring_page, parse_duration
from app.registry.zone_import import ImportOptions, ImportRejected, ImportReport, import_zones
from geo.errors import GisFileError
from geo.gis_files import MB, ImportLimits
from geo.gis_import import read_gis_path

CLI_ACTOR = Actor("cli", "admin")


@click.group()
def zones() -> None:
    """Zones: GIS import and designation expiry."""


def _print_report(report: ImportReport) -> None:
    d = report.as_dict()
    click.echo(f"{'DRY RUN — nothing stored' if report.dry_run else 'applied'}: {d['format']} in "
               f"{d['source_crs'][:40]}, name field {d['name_field']}")
    for label, key in (("new", "new"), ("changed", "changed"), ("unchanged", "unchanged")):
        for item in d["items"][key]:
            extra = f" ({', '.join(item['changes'])})" if item.get("changes") else ""
            click.echo(f"  {label:9} #{item['index']:<4} {item['name']}  {item['area_m2']:.0f} m²{extra}")
    for item in d["items"]["removed"]:
        click.echo(f"  {'removed':9}       {item['name']}  (designation ends {item['valid_until']})")
    for r in d["rejected"]:
        fix = f"  [repair: area {r['repair']['area_change_m2']:+.0f} m²]" if r.get("repair") else ""
        click.echo(f"  {'rejected':9} #{r['index']:<4} {r['reason']}{fix}")
    for note in d["notes"]:
        click.echo(f"  note: {note}")
    click.echo(f"created {d['created']}, updated {d['updated']}, unchanged {d['unchanged']}, "
               f"removed {d['removed']}, rejected {len(d['rejected'])}")


@zones.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", required=True, help="zone kind of every feature, e.g. nightlife")
@click.option("--name-field", help="attribute holding the zone name, e.g. NAVN")
@click.option("--crs", help="CRS when the file declares none, e.g. EPSG:25832")
@click.option("--source", help="where the zones come from (default: the file name)")
@click.option("--valid-from", help="designation start, YYYY-MM-DD")
@click.option("--valid-until", help="designation end (inclusive), YYYY-MM-DD")
@click.option("--active-hours", help='JSON list, e.g. \'[{"start": "00:00", "end": "05:00"}]\'')
@click.option("--dry-run", is_flag=True, help="show what would change; store nothing")
@click.option("--partial", is_flag=True, help="store the valid features even when some are rejected")
@click.option("--repair", is_flag=True, help="take the proposed repair for invalid polygons")
def import_cmd(file: Path, kind: str, name_field: str | None, crs: str | None, source: str | None,
               valid_from: str | None, valid_until: str | None, active_hours: str | None, dry_run: bool,
               partial: bool, repair: bool) -> None:
    """Import FILE (GeoJSON, GeoPackage, zipped Shapefile, KML/KMZ) as zones of --kind."""
    hours: Any = None
    if active_hours:
        try:
            hours = json.loads(active_hours)
        except ValueError as exc:
            raise click.BadParameter(f"not JSON: {exc}", param_hint="--active-hours") from None
    limit = int(current_app.config.get("ZONE_IMPORT_MAX_BYTES") or 200 * MB)
    opts = ImportOptions(kind=kind, source=source or file.name, valid_from=valid_from,
                         valid_until=valid_until, active_hours=hours, partial=partial, dry_run=dry_run)
    try:
        gis = read_gis_path(file, crs=crs, name_field=name_field, repair=repair,
                            limits=ImportLimits(max_bytes=limit))
        with database().transaction() as session:
            report = import_zones(session, gis, opts, CLI_ACTOR, today())
    except ImportRejected as exc:
        _print_report(exc.report)
        raise click.ClickException(exc.message) from None
    except GisFileError as exc:
        raise click.ClickException(f"{file.name}: {exc.message}") from None
    except RegistryError as exc:
        raise click.ClickException(f"{exc.field + ': ' if exc.field else ''}{exc.message}") from None
    _print_report(report)


@zones.command("expiring")
@click.option("--within", default="P60D", show_default=True, help="ISO 8601 duration, e.g. P60D, P2M")
@click.option("--kind", help="only this zone kind")
def expiring_cmd(within: str, kind: str | None) -> None:
    """Zones whose designation ends between today and today + --within (inclusive dates)."""
    try:
        delta = parse_duration(within, "--within")
    except RegistryError as exc:
        raise click.ClickException(exc.message) from None
    day = today()
    with database().transaction() as session:
        rows, _ = expiring_page(session, delta, day, (kind,) if kind else (), limit=10_000)
        for z in rows:
            left = (z.valid_until - day).days if z.valid_until else 0
            click.echo(f"{z.valid_until}  {left:4d} d  {z.kind:12} {z.name}  [{z.id}]")
    click.echo(f"{len(rows)} zones expire by {day + delta}")
