"""Helpers for the zone import/export HTTP tests: upload a file, count what is stored."""

from __future__ import annotations

import io
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from app.models import AuditEntry, Zone
from tests.factories import auth_headers


def upload(app: Flask, data: bytes, filename: str = "zoner.geojson", role: str = "planner",
           query: str = "", **form: str) -> Any:
    headers = auth_headers(app, role) if role != "anonymous" else {}
    fields: dict[str, Any] = {"file": (io.BytesIO(data), filename), **form}
    form.setdefault("kind", "nightlife")
    fields.setdefault("kind", "nightlife")
    return app.test_client().post(f"/api/v1/zones/import{query}", data=fields, headers=headers,
                                  content_type="multipart/form-data")


def db_state(app: Flask) -> tuple[int, int, list[tuple[str, int]]]:
    """Zones, audit entries and (name, version) pairs: what 'nothing changed' compares."""
    with app.extensions["overblik_db"].transaction() as s:
        zones = s.scalar(select(func.count()).select_from(Zone)) or 0
        audits = s.scalar(select(func.count()).select_from(AuditEntry)) or 0
        versions = [(z.name, z.version) for z in s.scalars(select(Zone).order_by(Zone.name))]
    return zones, audits, versions
