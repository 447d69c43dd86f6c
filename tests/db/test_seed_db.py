"""Seeding: idempotent on both backends; the API and the CLI list exactly what the seed files hold."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from app.models import Event, Zone
from app.registry.seed import seed
from app.seed import files
from tests.factories import auth_headers


def _counts(app: Flask) -> tuple[int, int]:
    with app.extensions["overblik_db"].transaction() as s:
        return s.scalar(select(func.count(Event.id))), s.scalar(select(func.count(Zone.id)))  # type: ignore[return-value]


def test_seed_twice_changes_nothing(seeded_db_app: Flask) -> None:
    before = _counts(seeded_db_app)
    assert before == (len(files.events()["features"]), len(files.zones()["features"]))
    with seeded_db_app.extensions["overblik_db"].transaction() as s:
        report = seed(s)
    assert report.created == {"events": 0, "zones": 0}
    assert _counts(seeded_db_app) == before


def test_api_lists_the_seeded_2025_events(seeded_db_app: Flask) -> None:
    c = seeded_db_app.test_client()
    body = c.get("/api/v1/events?from=2025-01-01&to=2026-01-01&limit=1000",
                 headers=auth_headers(seeded_db_app, "planner")).get_json()
    expected = {f["properties"]["title"] for f in files.events()["features"]}
    assert {f["properties"]["title"] for f in body["features"]} == expected
    public = c.get("/api/v1/events?from=2025-01-01&to=2026-01-01&limit=1000").get_json()["features"]
    assert {f["properties"]["classification"] for f in public} == {"public"}
    assert len(public) < len(body["features"])  # the EU-presidency meetings are restricted


def test_seeded_events_keep_their_local_times_and_places(seeded_app: Flask) -> None:
    c = seeded_app.test_client()
    by_key = {f["properties"]["seed_key"]: f for f in files.events()["features"]}
    feats = c.get("/api/v1/events?limit=1000", headers=auth_headers(seeded_app, "admin")).get_json()["features"]
    for feat in feats:
        key = next(k for k, f in by_key.items() if f["properties"]["title"] == feat["properties"]["title"])
        src = by_key[key]["properties"]
        assert feat["properties"]["starts_at"] == src["starts_at"]
        assert feat["properties"]["ends_at"] == src["ends_at"]
        assert feat["properties"]["municipalities"], feat["properties"]["title"]


def test_kastrup_events_belong_to_taarnby(seeded_app: Flask) -> None:
    body = seeded_app.test_client().get("/api/v1/events?municipality=0185").get_json()
    titles = {f["properties"]["title"] for f in body["features"]}
    assert any("Sheeran" in t for t in titles)
    assert all("Fælledparken" not in t for t in titles)


def test_cli_lists_june_2025(seeded_app: Flask) -> None:
    runner = seeded_app.test_cli_runner()
    result = runner.invoke(args=["events", "list", "--from", "2025-06-01", "--to", "2025-07-01"])
    assert result.exit_code == 0, result.output
    june = [f for f in files.events()["features"] if f["properties"]["starts_at"].startswith("2025-06")]
    assert f"{len(june)} events" in result.output
    assert "2025-06-05 14:00  2025-06-06 02:00" in result.output  # Distortion Vesterbro, local time
    bad = runner.invoke(args=["events", "list", "--from", "June"])
    assert bad.exit_code != 0 and "ISO 8601" in bad.output


def test_cli_init_db_and_seed_on_a_new_file(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"})
    runner = app.test_cli_runner()
    assert "schema is at head" in runner.invoke(args=["init-db"]).output
    out = runner.invoke(args=["seed"]).output
    assert f"created {len(files.events()['features'])} events" in out
    assert "created 0 events" in runner.invoke(args=["seed"]).output
    app.extensions["overblik_db"].engine.dispose()


def test_zone_filter_finds_events_touching_a_nightlife_zone(seeded_db_app: Flask) -> None:
    c = seeded_db_app.test_client()
    zones = c.get("/api/v1/zones?kind=nightlife").get_json()["features"]
    vesterbro = next(z for z in zones if z["properties"]["name"] == "Nattelivszone Vesterbrogade")
    body = c.get(f"/api/v1/events?zone={vesterbro['id']}&from=2025-06-01&to=2025-06-30").get_json()
    titles = {f["properties"]["title"] for f in body["features"]}
    assert "Distortion: gadefest på Vesterbro" in titles
    assert not any("Nørrebro" in t for t in titles)
