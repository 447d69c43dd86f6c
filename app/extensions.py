"""Per-application objects (the database) reached from request code."""

from __future__ import annotations

from flask import current_app

from app.db import Database


def database() -> Database:
    return current_app.extensions["overblik_db"]  # type: ignore[no-any-return]
