"""GET /healthz: can we reach the database, and (on PostgreSQL) is PostGIS there?"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import database

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    db = database()
    body: dict[str, Any] = {"status": "ok", "database": {"backend": db.engine.dialect.name, "ok": False},
                            "postgis": {"required": db.postgres, "available": False, "version": None}}
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            body["database"]["ok"] = True
            if db.postgres:
                version = conn.execute(text("SELECT postgis_lib_version()")).scalar()
                body["postgis"].update(available=True, version=version)
    except SQLAlchemyError as exc:
        body["status"] = "error"
        body["error"] = str(exc).splitlines()[0][:200]
    ok = body["database"]["ok"] and (body["postgis"]["available"] or not db.postgres)
    body["status"] = "ok" if ok else "error"
    return jsonify(body), 200 if ok else 503
