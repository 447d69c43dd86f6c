"""GET /api/v1/audit (admins, filters, pages) and the database's refusal to rewrite the trail."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.factories import auth_headers, event_feature, zone_feature


def _seed_writes(app: Flask) -> tuple[str, str]:
    c, h = app.test_client(), auth_headers(app, "planner")
    eid = c.post("/api/v1/events", json=event_feature(), headers=h).get_json()["id"]
    c.patch(f"/api/v1/events/{eid}", json={"type": "Feature", "properties": {"title": "Ny titel"}},
            headers=h | {"If-Match": '"1"'})
    zid = c.post("/api/v1/zones", json=zone_feature(), headers=h).get_json()["id"]
    return eid, zid


def test_audit_is_for_admins_only(db_app: Flask) -> None:
    c = db_app.test_client()
    assert c.get("/api/v1/audit").status_code == 401
    for role in ("viewer", "planner"):
        r = c.get("/api/v1/audit", headers=auth_headers(db_app, role))
        assert r.status_code == 403 and "admin" in r.get_json()["error"]["message"]


def test_audit_lists_every_write_newest_first_with_before_and_after(db_app: Flask) -> None:
    eid, zid = _seed_writes(db_app)
    admin = auth_headers(db_app, "admin")
    body = db_app.test_client().get("/api/v1/audit", headers=admin).get_json()
    got = [(e["entity"], e["entity_id"], e["action"]) for e in body["entries"]]
    assert got == [("zone", zid, "create"), ("event", eid, "update"), ("event", eid, "create")]
    update = body["entries"][1]
    assert update["before"]["properties"]["title"] == "Gadefest på Vesterbrogade"
    assert update["after"]["properties"]["title"] == "Ny titel"
    assert update["actor"].startswith("planner") and update["at"].endswith("+00:00")


def test_audit_filters_by_entity_id_and_time_and_pages(db_app: Flask) -> None:
    eid, _ = _seed_writes(db_app)
    c, admin = db_app.test_client(), auth_headers(db_app, "admin")

    def actions(q: str) -> list[str]:
        r = c.get(f"/api/v1/audit?{q}", headers=admin)
        assert r.status_code == 200, r.get_json()
        return [e["action"] for e in r.get_json()["entries"]]

    assert actions(f"entity=event&id={eid}") == ["update", "create"]
    assert actions("entity=zone") == ["create"]
    assert actions("from=2000-01-01&to=2001-01-01") == []
    assert actions("from=2020-01-01") == ["create", "update", "create"]
    first = c.get("/api/v1/audit?limit=2", headers=admin).get_json()
    assert len(first["entries"]) == 2 and first["links"]["next"]
    second = c.get(first["links"]["next"], headers=admin).get_json()
    assert [e["id"] for e in second["entries"]] == [min(e["id"] for e in first["entries"]) - 1]
    assert second["links"]["next"] is None
    r = c.get("/api/v1/audit?entity=password", headers=admin)
    assert r.status_code == 400 and r.get_json()["error"]["field"] == "entity"


@pytest.mark.parametrize("statement", ["UPDATE audit_entries SET actor = 'mallory'",
                                       "DELETE FROM audit_entries"])
def test_the_database_refuses_to_rewrite_the_audit_trail(db_app: Flask, statement: str) -> None:
    _seed_writes(db_app)
    engine = db_app.extensions["overblik_db"].engine
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as conn:
            conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_entries WHERE actor = 'mallory'")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM audit_entries")).scalar() == 3


def test_inserting_still_works_and_the_migration_downgrades_cleanly(app: Flask) -> None:
    from app.migrate import downgrade, upgrade

    engine = app.extensions["overblik_db"].engine
    downgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_entries (at, actor, action, entity_type, entity_id) "
                          "VALUES ('2025-01-01 00:00:00', 'a', 'create', 'event', 'x')"))
        conn.execute(text("DELETE FROM audit_entries"))  # no trigger below 0100
    upgrade(engine)
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO audit_entries (at, actor, action, entity_type, entity_id) "
                              "VALUES ('2025-01-01 00:00:00', 'a', 'create', 'event', 'x')"))
            conn.execute(text("DELETE FROM audit_entries"))
