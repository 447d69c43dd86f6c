"""The Overblik Flask application."""

from __future__ import annotations

from typing import Any

from flask import Flask

from app.config import load_config
from app.db import Database


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config (code defaults < OVERBLIK_* env < `config`), database, blueprints, CLI."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(load_config(app.instance_path, config))
    app.extensions["overblik_db"] = Database(app.config["DATABASE_URL"])
    _register(app)
    if app.config.get("SEED_ON_START"):
        from app.registry.seed import ensure_seeded

        ensure_seeded(app.extensions["overblik_db"])
    return app


def _register(app: Flask) -> None:
    from app import cli, feeds, health
    from app.api import bp as api_bp
    from app.api import errors
    from app.auth import init_auth
    from app.security import init_security
    from app.web import init_web

    init_security(app)
    init_auth(app)
    errors.register(app)
    app.register_blueprint(api_bp)
    init_web(app)
    app.register_blueprint(health.bp)
    feeds.register(app)
    cli.register(app)
