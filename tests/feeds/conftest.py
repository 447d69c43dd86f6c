"""A seeded service with fixed ids, timestamps, clock and base URL, so its feeds are byte-stable."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import update

from app import create_app
from app.db import Database
from app.migrate import upgrade
from app.models import Event, Zone
from app.registry.access import SYSTEM
from app.registry.events import Settings, create_event
from app.registry.seed import _event_payload, _zone_payload
from app.registry.zones import create_zone
from app.seed import files as seed_files

NS = uuid.UUID("0c7f1d8e-3a52-5d5b-8a7e-6b2f4f1c9a10")
STAMP = datetime(2025, 5, 20, 8, 0, tzinfo=UTC)
NOW = "2025-06-01T12:00:00+02:00"
BASE = "https://overblik.example"
CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "SEED_ON_START": False,
    "FEEDS_NOW": NOW,
    "PUBLIC_BASE_URL": BASE,
}


def fixed_id(key: str) -> str:
    return str(uuid.uuid5(NS, key))


def seed_fixed(db: Database) -> None:
    """The seed data with ids from the seed keys and every timestamp at STAMP."""
    upgrade(db.engine)
    with db.transaction() as session:
        ids: dict[str, str] = {}
        for feat in seed_files.events()["features"]:
            key = feat["properties"]["seed_key"]
            ids[key] = create_event(
                session, _event_payload(feat), SYSTEM, Settings(), seed_key=key, id=fixed_id(key)
            ).id
        for feat in seed_files.zones()["features"]:
            key = feat["properties"]["seed_key"]
            create_zone(session, _zone_payload(feat, ids), SYSTEM, seed_key=key, id=fixed_id(key))
        session.execute(update(Event).values(created_at=STAMP, updated_at=STAMP))
        session.execute(update(Event).where(Event.cancelled_at.isnot(None)).values(cancelled_at=STAMP))
        session.execute(update(Zone).values(created_at=STAMP, updated_at=STAMP))


@pytest.fixture(scope="session")
def golden_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("golden") / "golden.sqlite3"
    db = Database(f"sqlite:///{path}")
    seed_fixed(db)
    db.engine.dispose()
    return path


@pytest.fixture
def golden_app(golden_template: Path, tmp_path: Path) -> Iterator[Flask]:
    """The seeded service at 2025-06-01 12:00 local, base URL https://overblik.example."""
    target = tmp_path / "golden.sqlite3"
    shutil.copy(golden_template, target)
    app = create_app(CONFIG | {"DATABASE_URL": f"sqlite:///{target}"})
    yield app
    app.extensions["overblik_db"].engine.dispose()


@pytest.fixture
def feed_client(golden_app: Flask):  # type: ignore[no-untyped-def]
    return golden_app.test_client()
