"""Schema migrations (Alembic) run from code: `flask --app wsgi init-db`, the tests and the seed."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("app").joinpath("migrations")))
    cfg.attributes["url"] = engine.url.render_as_string(hide_password=False)
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Every branch to its head: helpers add migrations in parallel (0002…, 0100…) without a merge point."""
    with engine.begin() as conn:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    with engine.begin() as conn:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
