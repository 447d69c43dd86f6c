"""flask --app wsgi import-ics FILE; flask --app wsgi feeds token create|list|revoke."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import database
from app.feeds.importer import import_calendar
from app.feeds.links import private_link
from app.feeds.tokens import create_feed_token, revoke_feed_token
from app.models import FeedToken
from app.registry.access import Actor
from app.registry.errors import RegistryError

CLI_ACTOR = Actor("cli", "admin")


def register(app: Flask) -> None:
    app.cli.add_command(import_ics)
    app.cli.add_command(feeds)


def _fail(exc: RegistryError) -> None:
    raise click.ClickException(f"{exc.field + ': ' if exc.field else ''}{exc.message}")


@click.command("import-ics")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--partial", is_flag=True, help="store the good events even when some are rejected")
@click.option("--dry-run", is_flag=True, help="report what would happen, store nothing")
@with_appcontext
def import_ics(file: Path, partial: bool, dry_run: bool) -> None:
    """Import an .ics file: upsert by UID; prints the report as JSON. Exit 1 when nothing was stored
    because some VEVENTs were rejected."""
    try:
        with database().transaction() as session:
            report = import_calendar(session, file.read_bytes(), CLI_ACTOR, partial=partial, dry_run=dry_run)
    except RegistryError as exc:
        _fail(exc)
    click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    if report.rejected and not partial and not dry_run:
        raise click.ClickException(
            f"{len(report.rejected)} event(s) rejected: nothing was stored (use --partial to store the others)"
        )


@click.group()
def feeds() -> None:
    """iCal feeds."""


@feeds.group()
def token() -> None:
    """Private feed tokens (the secret is shown once; only its SHA-256 is stored)."""


@token.command("create")
@click.option("--municipality", help="municipality code, e.g. 0101")
@click.option("--zone", help="zone id")
@click.option("--kind", help="event kind, e.g. concert")
@click.option("--query", help="e.g. 'kind=concert,festival&municipality=0101'")
@click.option(
    "--classification",
    default="public",
    show_default=True,
    type=click.Choice(["public", "internal", "restricted"]),
    help="highest level the feed shows",
)
@click.option("--name", default="", help="what the feed is for (e.g. who gets it)")
@with_appcontext
def token_create(
    municipality: str | None, zone: str | None, kind: str | None, query: str | None, classification: str, name: str
) -> None:
    scopes = {k: v for k, v in {"municipality": municipality, "zone": zone, "kind": kind, "query": query}.items() if v}
    if len(scopes) != 1:
        raise click.UsageError("give exactly one of --municipality, --zone, --kind, --query")
    ((scope, value),) = scopes.items()
    try:
        with database().transaction() as session:
            t, secret = create_feed_token(session, scope, value, classification, "cli", name)
    except RegistryError as exc:
        _fail(exc)
    base = current_app.config.get("PUBLIC_BASE_URL") or "http://localhost:5000"
    click.echo(f"token {t.id} ({scope}={value}, {classification})")
    click.echo(private_link(base, secret))


@token.command("list")
@with_appcontext
def token_list() -> None:
    with database().transaction() as session:
        for t in session.scalars(select(FeedToken).order_by(FeedToken.created_at)):
            state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "live"
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
            click.echo(f"{t.id}  {t.scope}={t.scope_value}  {t.classification}  {state}  used {used}  {t.name}")


@token.command("revoke")
@click.argument("token_id")
@with_appcontext
def token_revoke(token_id: str) -> None:
    try:
        with database().transaction() as session:
            revoke_feed_token(session, token_id)
    except RegistryError as exc:
        _fail(exc)
    click.echo(f"revoked {token_id}")
