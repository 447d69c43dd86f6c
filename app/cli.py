"""flask --app wsgi …: init-db, seed, events list, users, tokens."""

from __future__ import annotations

from datetime import datetime

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from app.extensions import database
from app.registry.access import Actor
from app.registry.errors import RegistryError
from app.registry.filters import event_filter
from app.registry.queries import iter_events


def _fail(exc: RegistryError) -> None:
    raise click.ClickException(f"{exc.field + ': ' if exc.field else ''}{exc.message}")


def register(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(seed_cmd)
    app.cli.add_command(events)
    app.cli.add_command(users)
    app.cli.add_command(tokens)
    from app.cli_zones import zones

    app.cli.add_command(zones)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the schema (Alembic migrations to head)."""
    from app.migrate import upgrade

    upgrade(database().engine)
    click.echo(f"schema is at head ({database().engine.dialect.name})")


@click.command("seed")
@with_appcontext
def seed_cmd() -> None:
    """Load the district's 2025 data (idempotent: existing records are left as they are)."""
    from app.registry.seed import ensure_seeded

    report = ensure_seeded(database())
    click.echo(f"created {report.created['events']} events, {report.created['zones']} zones; "
               f"unchanged {report.unchanged['events']} events, {report.unchanged['zones']} zones")


@click.group(cls=AppGroup)
def events() -> None:
    """Events in the registry."""


def _local(dt: datetime, tz: str) -> str:
    from zoneinfo import ZoneInfo

    return dt.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


@events.command("list")
@click.option("--from", "from_", help="ISO date or datetime with offset")
@click.option("--to", help="ISO date or datetime with offset (exclusive)")
@click.option("--kind", help="comma-separated kinds")
@click.option("--municipality", help="municipality code, e.g. 0101")
def events_list(from_: str | None, to: str | None, kind: str | None, municipality: str | None) -> None:
    """Print the events overlapping [--from, --to) as a table (local time, Europe/Copenhagen)."""
    args = {k: v for k, v in {"from": from_, "to": to, "kind": kind, "municipality": municipality}.items() if v}
    try:
        f = event_filter(args, 100, 1000)
        with database().transaction() as session:
            rows = sorted(iter_events(session, f, Actor("cli", "admin")), key=lambda e: e.starts_at)
            click.echo(f"{'start':16}  {'end':16}  {'kind':12} {'status':10} {'munic.':14} title")
            for e in rows:
                click.echo(f"{_local(e.starts_at, e.timezone):16}  {_local(e.ends_at, e.timezone):16}  "
                           f"{e.kind:12} {e.status:10} {','.join(e.municipalities):14} "
                           f"{e.title}{'  [' + e.rrule + ']' if e.rrule else ''}")
            click.echo(f"{len(rows)} events")
    except RegistryError as exc:
        _fail(exc)


@click.group(cls=AppGroup)
def users() -> None:
    """Users and roles (viewer, planner, admin)."""


@users.command("create")
@click.argument("username")
@click.option("--role", default="viewer", show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, default="",
              help="empty: API-token-only user")
def users_create(username: str, role: str, password: str) -> None:
    from app.auth.users import create_user

    try:
        with database().transaction() as session:
            create_user(session, username, role, password or None)
    except RegistryError as exc:
        _fail(exc)
    click.echo(f"created {role} {username}")


@users.command("set-role")
@click.argument("username")
@click.argument("role")
def users_set_role(username: str, role: str) -> None:
    """Give USERNAME the ROLE viewer, planner or admin (takes effect at their next request)."""
    from app.auth.users import set_role

    try:
        with database().transaction() as session:
            set_role(session, username, role, "cli")
    except RegistryError as exc:
        _fail(exc)
    click.echo(f"{username} is now {role}")


@users.command("disable")
@click.argument("username")
@click.option("--enable", is_flag=True, help="re-enable instead")
def users_disable(username: str, enable: bool) -> None:
    """Lock USERNAME out: sessions and API tokens stop working at once."""
    from app.auth.users import set_disabled

    try:
        with database().transaction() as session:
            set_disabled(session, username, not enable, "cli")
    except RegistryError as exc:
        _fail(exc)
    click.echo(f"{username} {'enabled' if enable else 'disabled'}")


@click.group(cls=AppGroup)
def tokens() -> None:
    """API bearer tokens (stored hashed, shown once)."""


@tokens.command("create")
@click.argument("username")
@click.option("--name", default="", help="what the token is for")
def tokens_create(username: str, name: str) -> None:
    from app.auth.users import get_user, issue_token

    try:
        with database().transaction() as session:
            plain = issue_token(session, get_user(session, username), name)
    except RegistryError as exc:
        _fail(exc)
    click.echo(plain)


@tokens.command("revoke")
@click.argument("token_id")
def tokens_revoke(token_id: str) -> None:
    """Revoke the API token with TOKEN_ID (see `tokens list`)."""
    from app.auth.users import revoke

    try:
        with database().transaction() as session:
            revoke(session, token_id, "cli")
    except RegistryError as exc:
        _fail(exc)
    click.echo(f"revoked {token_id}")


@tokens.command("list")
@click.option("--user", "username", help="only this user's tokens")
def tokens_list(username: str | None) -> None:
    """Tokens with owner, name, created, last used and revoked times (never the secret)."""
    from app.auth.users import list_tokens

    def when(dt: datetime | None) -> str:
        return dt.strftime("%Y-%m-%d %H:%M") if dt else "-"

    with database().transaction() as session:
        rows = list_tokens(session, username)
        click.echo(f"{'id':36}  {'user':16} {'name':16} {'created':16}  {'last used':16}  revoked")
        for t, u in rows:
            click.echo(f"{t.id:36}  {u.username:16} {t.name:16} {when(t.created_at):16}  "
                       f"{when(t.last_used_at):16}  {when(t.revoked_at)}")
