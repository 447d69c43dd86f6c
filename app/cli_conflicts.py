"""flask --app wsgi conflicts --from 2025-06-01 --to 2025-06-30: a readable table of the conflicts."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from app.conflicts import RULES
from app.extensions import database
from app.registry.access import SYSTEM
from app.registry.conflicts import list_conflicts
from app.registry.errors import RegistryError
from app.registry.filters import parse_instant


@click.command("conflicts")
@click.option("--from", "start", required=True, help="Start: a date (local midnight) or ISO 8601 with offset")
@click.option("--to", "end", required=True, help="End (after --from; at most 731 days later)")
@click.option("--rule", "rules", multiple=True, type=click.Choice(RULES), help="Only these rules")
@click.option("--lang", type=click.Choice(["da", "en"]), default="da", show_default=True)
@with_appcontext
def conflicts(start: str, end: str, rules: tuple[str, ...], lang: str) -> None:
    """Every conflict in the window, one line each: when (local), rule, severity, key, sentence."""
    try:
        window = (parse_instant(start, "from"), parse_instant(end, "to"))
        if window[1].timestamp() <= window[0].timestamp():
            raise click.ClickException("--to must be after --from")
        with database().transaction() as session:
            found = list_conflicts(session, SYSTEM, window, int(current_app.config["CAPACITY_OFFICERS"]),
                                   rules=rules or None)
    except RegistryError as exc:
        raise click.ClickException(exc.message) from None
    if not found:
        click.echo("no conflicts" if lang == "en" else "ingen konflikter")
        return
    click.echo(f"{'when (local)':<26} {'rule':<15} {'severity':<8} {'key':<34} {'decision':<12} message")
    for c in found:
        when = c["window_local"]["start"][:16].replace("T", " ")
        decision = c["decision"]["decision"] if c["decision"] else "open"
        click.echo(f"{when:<26} {c['rule']:<15} {c['severity']:<8} {c['key']:<34} {decision:<12} "
                   f"{c['message'][lang]}")
    click.echo(f"{len(found)} conflict(s)" if lang == "en" else f"{len(found)} konflikt(er)")
