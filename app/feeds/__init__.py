"""iCal subscriptions under /feeds (thin: calls calendars.ical), subscribe links and the import CLI."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("feeds", __name__, url_prefix="/feeds")


def register(app: Flask) -> None:
    """Blueprint /feeds and the CLI commands `import-ics` and `feeds token …`."""
    from app.feeds import cli, designations, views  # noqa: F401  (routes register on import)

    app.register_blueprint(bp)
    cli.register(app)
