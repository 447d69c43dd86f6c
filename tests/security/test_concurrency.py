"""Several processes PATCH the same event with the same If-Match at once: one wins per version, the rest
get 412, and no accepted change is lost (on the SQLite file and on PostGIS)."""

from __future__ import annotations

import multiprocessing as mp
from typing import Any

import pytest
from flask import Flask

from tests.factories import auth_headers, event_feature

WRITERS = 4
ROUNDS = 3


def _writer(url: str, token: str, event_id: str, n: int, barrier: Any, out: Any) -> None:
    """One client in its own process: each round, wait for the others, then PATCH that round's version."""
    from app import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": url, "RATELIMIT_ENABLED": False})
    client = app.test_client()
    for version in range(1, ROUNDS + 1):
        barrier.wait(timeout=120)
        r = client.patch(f"/api/v1/events/{event_id}", json={"type": "Feature", "properties": {
            "attendance": version * 100 + n, "organiser": f"writer {n}"}},
            headers={"Authorization": f"Bearer {token}", "If-Match": f'"{version}"'})
        out.put((version, n, r.status_code, r.get_json()))
        barrier.wait(timeout=120)  # the round is over for everyone before the next starts
    app.extensions["overblik_db"].engine.dispose()


def _race(app: Flask, event_id: str) -> list[tuple[int, int, int, Any]]:
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(WRITERS), ctx.Queue()
    token = auth_headers(app, "planner")["Authorization"][7:]
    url = app.config["DATABASE_URL"]
    procs = [ctx.Process(target=_writer, args=(url, token, event_id, n, barrier, out)) for n in range(WRITERS)]
    for p in procs:
        p.start()
    results = [out.get(timeout=300) for _ in range(WRITERS * ROUNDS)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return results


@pytest.mark.parametrize("backend", ["sqlite", "postgis"])
def test_exactly_one_writer_wins_per_version_and_nothing_is_lost(backend: str,
                                                                  request: pytest.FixtureRequest) -> None:
    app: Flask = request.getfixturevalue("app" if backend == "sqlite" else "pg_app")
    c, h = app.test_client(), auth_headers(app, "planner")
    event_id = c.post("/api/v1/events", json=event_feature(), headers=h).get_json()["id"]
    results, winners = _race(app, event_id), []
    for version in range(1, ROUNDS + 1):
        this_round = [r[1:] for r in results if r[0] == version]
        assert sorted(s for _, s, _ in this_round) == [200] + [412] * (WRITERS - 1), this_round
        assert all(b["error"]["field"] == "If-Match" for _, s, b in this_round if s == 412)
        (n, _, body), = [r for r in this_round if r[1] == 200]
        assert body["properties"]["version"] == version + 1
        winners.append((n, body["properties"]["attendance"]))
    final = c.get(f"/api/v1/events/{event_id}", headers=h).get_json()["properties"]
    assert final["version"] == ROUNDS + 1
    assert final["attendance"] == winners[-1][1] and final["organiser"] == f"writer {winners[-1][0]}"
    # Every winning change is in the audit trail, in order, each building on the one before.
    from sqlalchemy import select

    from app.models import AuditEntry

    with app.extensions["overblik_db"].transaction() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == event_id,
                                                  AuditEntry.action == "update").order_by(AuditEntry.id)).all()
        assert [r.after["properties"]["attendance"] for r in rows] == [a for _, a in winners]
        assert [r.before["properties"]["version"] for r in rows] == list(range(1, ROUNDS + 1))
