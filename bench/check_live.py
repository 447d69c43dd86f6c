"""Latency of POST /api/v1/conflicts/check through a live gunicorn server, with N stored events, on SQLite and
PostGIS (run by hand; not a test, asserts no timings). Issue 8's target: p95 < 30 ms with 100,000 events.

    python bench/check_live.py [--n 100000] [--requests 300] [--backends sqlite,postgis] [--keys-out FILE]

Per backend: a fresh database (SQLite file in a temporary directory; PostGIS database `overblik_bench_live`
on --pg-admin-url, created with the postgis extension and dropped at the end), migrated, filled by bulk
insert with `bench.conflicts.generate(n, seed=100)` (each row's bbox that of its footprint, as the registry
stores it) and the 30 zones of `bench.conflicts.zones()` (no district seed data), and a planner's API token.
gunicorn (--workers, default 2) on 127.0.0.1, warmed up with other candidates, then the candidates of
`generate(300, seed=999)` as Features: one client sending them one after another (the latency target), then
two concurrent clients. Every answer must be 200 (the script exits non-zero otherwise); the conflict keys of
every answer must be the same on both backends.
Prints a table and, last, one JSON line.
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.conflicts import feature, generate, zones  # noqa: E402
from bench.conflicts_db import stored_rows  # noqa: E402
from bench.load import HOST, free_port, start_server  # noqa: E402

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "overblik_bench_live"
PATH = "/api/v1/conflicts/check"
CHUNK = 5000
WARMUP = 40
TARGET_P95_MS = 30.0


# -- the databases --------------------------------------------------------------------------------

def zone_rows(now: datetime) -> list[dict[str, Any]]:
    """The synthetic zones as stored rows (active hours serialised as the registry does)."""
    from calendars.hours import exceptions_to_json, hours_to_json

    out = []
    for z in zones():
        lon0, lat0, lon1, lat1 = z.geometry.bounds
        out.append({"id": z.id, "name": z.name, "kind": z.kind, "geometry": z.geometry, "valid_from": None,
                    "valid_until": None, "active_hours": hours_to_json(z.hours),
                    "active_hours_exceptions": exceptions_to_json(z.hours), "event_id": None, "proxy": False,
                    "municipalities": [], "min_lon": lon0, "min_lat": lat0, "max_lon": lon1, "max_lat": lat1,
                    "version": 1, "created_at": now, "updated_at": now})
    return out


def fill(url: str, rows: list[dict[str, Any]]) -> tuple[str, float]:
    """Migrate, bulk insert events and zones, issue a planner token; (token, seconds taken)."""
    from app.auth.users import create_user, issue_token
    from app.db import Database
    from app.migrate import upgrade
    from app.models import Event, Zone

    t0 = time.perf_counter()
    db = Database(url)
    upgrade(db.engine)
    now = datetime.now(UTC)
    stored = stored_rows(rows, now)
    with db.engine.begin() as conn:
        for i in range(0, len(stored), CHUNK):
            conn.execute(insert(Event), stored[i:i + CHUNK])
        conn.execute(insert(Zone), zone_rows(now))
        if db.postgres:
            conn.execute(text("ANALYZE"))
    with db.transaction() as session:
        token = issue_token(session, create_user(session, "bench-live", "planner"), "bench/check_live.py")
    db.engine.dispose()
    return token, time.perf_counter() - t0


def create_pg(admin_url: str) -> str:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{PG_DATABASE}"'))
    admin.dispose()
    url = make_url(admin_url).set(database=PG_DATABASE).render_as_string(hide_password=False)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    engine.dispose()
    return url


def drop_pg(admin_url: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)'))
    admin.dispose()


# -- the candidates and the clients ---------------------------------------------------------------

def candidates(count: int, seed: int) -> list[dict[str, Any]]:
    """Synthetic events as the API takes them (a kind is required; ids are the server's)."""
    out = []
    for r in generate(count, seed=seed):
        f = feature(r)
        f["properties"] = {k: v for k, v in f["properties"].items() if v is not None} | {"kind": "other"}
        out.append(f)
    return out


def send(base: str, token: str, features: list[dict[str, Any]], clients: int,
         total: int) -> list[tuple[int, float, int, list[str]]]:
    """(candidate index, latency ms, status, conflict keys) per request; `clients` threads share the list."""
    out: list[tuple[int, float, int, list[str]]] = []
    lock = threading.Lock()
    todo = iter(range(total))

    def client() -> None:
        session = requests.Session()
        session.trust_env = False  # 127.0.0.1 only, never through a proxy
        session.headers["Authorization"] = f"Bearer {token}"
        while True:
            with lock:
                i = next(todo, None)
            if i is None:
                return
            body = features[i % len(features)]
            t0 = time.perf_counter()
            try:
                r = session.post(base + PATH, json=body, timeout=60)
                code, answer = r.status_code, r.json() if r.status_code == 200 else {}
            except (requests.RequestException, ValueError):
                code, answer = 0, {}
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                out.append((i, ms, code, [c["key"] for c in answer.get("conflicts", [])]))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(out)


def summary(results: list[tuple[int, float, int, list[str]]], seconds: float) -> dict[str, Any]:
    ms = sorted(r[1] for r in results)
    statuses: dict[str, int] = {}
    for r in results:
        statuses[str(r[2])] = statuses.get(str(r[2]), 0) + 1
    return {"requests": len(ms), "p50_ms": statistics.median(ms), "p95_ms": statistics.quantiles(ms, n=20)[-1],
            "max_ms": ms[-1], "req_per_s": len(ms) / seconds, "statuses": statuses,
            "mean_conflicts": statistics.fmean(len(r[3]) for r in results)}


def measure(url: str, token: str, args: argparse.Namespace) -> tuple[dict[str, Any], dict[int, list[str]]]:
    port = free_port()
    server = start_server(url, port, args.workers)
    base = f"http://{HOST}:{port}"
    try:
        send(base, token, candidates(WARMUP, seed=998), 2, WARMUP)  # both workers warm, other candidates
        cands = candidates(300, seed=999)
        out: dict[str, Any] = {}
        keys: dict[int, list[str]] = {}
        for name, clients in (("1 client", 1), ("2 clients", 2)):
            t0 = time.perf_counter()
            results = send(base, token, cands, clients, args.requests)
            out[name] = summary(results, time.perf_counter() - t0)
            keys.update((i % len(cands), k) for i, _, code, k in results if code == 200)
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn: quick shutdown
        server.wait(timeout=30)
    return out, keys


def run_backend(backend: str, rows: list[dict[str, Any]], args: argparse.Namespace,
                tmp: Path) -> tuple[dict[str, Any], dict[int, list[str]]]:
    if backend == "sqlite":
        url = f"sqlite:///{tmp / 'check_live.sqlite3'}"
    else:
        url = create_pg(args.pg_admin_url)
    try:
        token, fill_s = fill(url, rows)
        print(f"{backend}: {len(rows)} events and 30 zones stored in {fill_s:.0f} s", flush=True)
        figures, keys = measure(url, token, args)
    finally:
        if backend == "postgis":
            drop_pg(args.pg_admin_url)
    return {"fill_s": fill_s, **figures}, keys


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="stored events")
    ap.add_argument("--requests", type=int, default=300, help="per backend and client count")
    ap.add_argument("--backends", default="sqlite,postgis")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    ap.add_argument("--pg-admin-url", default=PG_ADMIN_URL)
    ap.add_argument("--keys-out", type=Path, help="write every answer's conflict keys here (JSON)")
    args = ap.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if not backends or set(backends) - {"sqlite", "postgis"}:
        ap.error("--backends: a comma-separated list of sqlite, postgis")
    t0 = time.perf_counter()
    rows = generate(args.n, seed=100)
    print(f"generated {len(rows)} events in {time.perf_counter() - t0:.0f} s", flush=True)
    report: dict[str, Any] = {"n": args.n, "requests": args.requests, "workers": args.workers, "backends": {}}
    keys: dict[str, dict[int, list[str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            report["backends"][backend], keys[backend] = run_backend(backend, rows, args, Path(tmp))
    if len(keys) == 2:
        a, b = keys.values()
        report["backends_agree"] = a == b
    if args.keys_out:
        args.keys_out.write_text(json.dumps(keys, indent=1, sort_keys=True))

    print(f"\nPOST {PATH}: {args.n} events, {args.requests} requests per row, gunicorn {args.workers} workers")
    print(f"{'backend':8} {'clients':9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>7} "
          f"{'conflicts':>9}  statuses")
    failed = False
    for backend, figures in report["backends"].items():
        for name in ("1 client", "2 clients"):
            s = figures[name]
            failed |= set(s["statuses"]) != {"200"}
            print(f"{backend:8} {name:9} {s['p50_ms']:8.1f} {s['p95_ms']:8.1f} {s['max_ms']:8.1f} "
                  f"{s['req_per_s']:7.1f} {s['mean_conflicts']:9.2f}  {s['statuses']}")
    if "backends_agree" in report:
        print(f"SQLite and PostGIS answers {'agree' if report['backends_agree'] else 'DIFFER'}")
        failed |= not report["backends_agree"]
    report["target_met"] = all(f["1 client"]["p95_ms"] < TARGET_P95_MS for f in report["backends"].values())
    print(f"target p95 < {TARGET_P95_MS:.0f} ms (1 client): {'met' if report['target_met'] else 'NOT met'}")
    print(json.dumps(report))
    if failed:
        print("FAILED: a request did not answer 200, or the backends disagree", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
