"""Migrations upgrade and downgrade cleanly on both backends, and match the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import inspect, text

from app.migrate import downgrade, upgrade
from app.models import Base


def test_downgrade_to_base_and_up_again(db_app: Flask) -> None:
    engine = db_app.extensions["overblik_db"].engine
    downgrade(engine, "base")
    assert not set(inspect(engine).get_table_names()) & {"events", "zones", "users"}
    upgrade(engine)
    names = set(inspect(engine).get_table_names())
    assert {"events", "zones", "users", "api_tokens", "audit_entries"} <= names


@pytest.mark.filterwarnings("ignore:Did not recognize type 'geometry'")
def test_schema_matches_the_models(db_app: Flask) -> None:
    engine = db_app.extensions["overblik_db"].engine
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), Base.metadata)
    # PostGIS adds the generated `geom` column and its GiST index, which the models do not map.
    diff = [d for d in diff if "geom" not in repr(d) and "spatial_ref_sys" not in repr(d)]
    assert diff == []


def test_postgis_has_a_gist_indexed_geometry_column(pg_app: Flask) -> None:
    engine = pg_app.extensions["overblik_db"].engine
    with engine.connect() as conn:
        idx = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_events_geom'")).scalar()
        assert idx is not None and "gist" in idx.lower()
        gtype = conn.execute(text("SELECT type FROM geometry_columns WHERE f_table_name = 'events'")).scalar()
        assert gtype == "GEOMETRY"
