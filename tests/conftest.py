"""Fixtures: each test gets its own database — SQLite copied from a migrated template, or a PostGIS
database (one per test session, emptied before each test). Set OVERBLIK_TEST_PG_URL to a server's
admin URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres) to run the PostGIS tests."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.db import Database
from app.migrate import upgrade
from tests.requirements_gate import require

PG_URL = os.environ.get("OVERBLIK_TEST_PG_URL")
TEST_CONFIG = {"TESTING": True, "SECRET_KEY": "test-secret", "SEED_ON_START": False}


def _make_app(url: str) -> Flask:
    return create_app(TEST_CONFIG | {"DATABASE_URL": url})


def _sqlite_template(tmp_path_factory: pytest.TempPathFactory, seeded: bool) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    if seeded:
        from app.registry.seed import ensure_seeded

        ensure_seeded(db)
    else:
        upgrade(db.engine)
    db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _sqlite_template(tmp_path_factory, seeded=False)


@pytest.fixture(scope="session")
def seeded_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _sqlite_template(tmp_path_factory, seeded=True)


def _copy_app(template: Path, tmp_path: Path) -> Iterator[Flask]:
    target = tmp_path / "overblik.sqlite3"
    shutil.copy(template, target)
    app = _make_app(f"sqlite:///{target}")
    yield app
    app.extensions["overblik_db"].engine.dispose()


@pytest.fixture
def app(sqlite_template: Path, tmp_path: Path) -> Iterator[Flask]:
    """A fresh, migrated, empty SQLite database."""
    yield from _copy_app(sqlite_template, tmp_path)


@pytest.fixture
def seeded_app(seeded_sqlite_template: Path, tmp_path: Path) -> Iterator[Flask]:
    """A fresh SQLite database with the district's seed data."""
    yield from _copy_app(seeded_sqlite_template, tmp_path)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A PostGIS database for this test session (created and dropped here)."""
    require("PostgreSQL/PostGIS", bool(PG_URL), "set OVERBLIK_TEST_PG_URL (see README, Testing)")
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")  # type: ignore[arg-type]
    name = f"overblik_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)  # type: ignore[arg-type]
    db = Database(url)
    upgrade(db.engine)
    db.engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_pg(url: str) -> None:
    from app.models import Base

    engine = create_engine(url)
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def pg_app(pg_database: str) -> Iterator[Flask]:
    """The session's PostGIS database, emptied for this test."""
    _empty_pg(pg_database)
    app = _make_app(pg_database)
    yield app
    app.extensions["overblik_db"].engine.dispose()


@pytest.fixture
def seeded_pg_app(pg_app: Flask) -> Flask:
    from app.registry.seed import seed

    with pg_app.extensions["overblik_db"].transaction() as session:
        seed(session)
    return pg_app


@pytest.fixture(params=["sqlite", "postgis"])
def db_app(request: pytest.FixtureRequest) -> Flask:
    """The same test on both backends."""
    return request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")  # type: ignore[no-any-return]


@pytest.fixture(params=["sqlite", "postgis"])
def seeded_db_app(request: pytest.FixtureRequest) -> Flask:
    return request.getfixturevalue(  # type: ignore[no-any-return]
        "seeded_app" if request.param == "sqlite" else "seeded_pg_app")


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()
