"""A bounded load run against gunicorn on 127.0.0.1: event listings, feeds and conflict checks under
concurrent clients. Reports throughput and p95 latency per scenario, and each scenario's throughput as a
ratio of the /healthz baseline measured in the same run. Exits non-zero if any request failed.

    python bench/load.py [--workers 2] [--clients 8] [--requests 300] [--database-url URL]

Without --database-url it seeds a fresh SQLite file in a temporary directory. All traffic goes to
127.0.0.1 only (the server is started here, on a free port, and stopped at the end).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PROBE = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[
    [12.5580, 55.6725], [12.5620, 55.6725], [12.5620, 55.6740], [12.5580, 55.6740], [12.5580, 55.6725]]]},
    "properties": {"title": "Belastningstest", "kind": "festival", "starts_at": "2025-06-05T20:00:00+02:00",
                   "ends_at": "2025-06-05T23:00:00+02:00", "attendance": 5000, "officers_required": 20}}


@dataclass
class Scenario:
    name: str
    method: str
    path: str
    auth: bool = False
    body: dict[str, Any] | None = None


@dataclass
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float
    statuses: dict[int, int]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def prepare_database(url: str | None, tmp: Path) -> tuple[str, str]:
    """The database URL (seeded) and a planner's API token for it."""
    sys.path.insert(0, str(ROOT))
    from app.auth.users import create_user, issue_token
    from app.db import Database
    from app.registry.seed import ensure_seeded

    url = url or f"sqlite:///{tmp / 'load.sqlite3'}"
    db = Database(url)
    ensure_seeded(db)
    with db.transaction() as session:
        token = issue_token(session, create_user(session, f"load-{os.getpid()}-{time.time_ns()}", "planner"),
                            "bench/load.py")
    db.engine.dispose()
    return url, token


def start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = os.environ | {"OVERBLIK_DATABASE_URL": url, "OVERBLIK_SECRET_KEY": "load-test",
                        "OVERBLIK_RATELIMIT_WRITES": "1000000 per minute", "OVERBLIK_SEED_ON_START": "false"}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen([str(gunicorn), "-w", str(workers), "-b", f"{HOST}:{port}", "--log-level", "warning",
                             "wsgi:app"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        try:  # the socket accepts before the workers have booted: wait patiently
            if requests.get(f"http://{HOST}:{port}/healthz", timeout=15,
                            proxies={"http": "", "https": ""}).status_code == 200:
                return proc
        except requests.RequestException:
            time.sleep(0.5)
    proc.terminate()
    proc.wait(timeout=30)
    raise SystemExit("gunicorn did not come up within 90 s")


def available(base: str, s: Scenario, headers: dict[str, str]) -> bool:
    """Scenarios whose endpoint another branch provides are skipped while it is missing (404/405)."""
    r = requests.request(s.method, base + s.path, json=s.body, headers=headers if s.auth else {}, timeout=60,
                         proxies={"http": "", "https": ""})
    return r.status_code not in (404, 405)


def run(base: str, s: Scenario, token: str, clients: int, total: int) -> Result:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    per_client = max(1, total // clients)
    headers = {"Authorization": f"Bearer {token}"} if s.auth else {}

    def client() -> None:
        session = requests.Session()
        session.trust_env = False  # never through a proxy: 127.0.0.1 only
        for _ in range(per_client):
            t0 = time.perf_counter()
            try:
                code = session.request(s.method, base + s.path, json=s.body, headers=headers, timeout=60).status_code
            except requests.RequestException:
                code = 0
            dt = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(dt)
                statuses[code] = statuses.get(code, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    errors = sum(n for code, n in statuses.items() if not 200 <= code < 400)
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) >= 20 else max(latencies)
    return Result(s.name, len(latencies), errors, seconds, statistics.median(latencies), p95, statuses)


SCENARIOS = [
    Scenario("baseline GET /healthz", "GET", "/healthz"),
    Scenario("list events, June (anonymous)", "GET", "/api/v1/events?from=2025-06-01&to=2025-07-01"),
    Scenario("list events, all (planner)", "GET", "/api/v1/events?limit=200", auth=True),
    Scenario("events in Frederiksberg by bbox", "GET",
             "/api/v1/events?municipality=0147&bbox=12.49,55.66,12.56,55.70", auth=True),
    Scenario("feed municipality 0101", "GET", "/feeds/municipality/0101.ics"),
    Scenario("feed kind concert", "GET", "/feeds/kind/concert.ics"),
    Scenario("conflict check of one event", "POST", "/api/v1/conflicts/check", auth=True, body=PROBE),
    Scenario("conflicts in June", "GET", "/api/v1/conflicts?from=2025-06-01&to=2025-07-01", auth=True),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=300, help="per scenario")
    ap.add_argument("--database-url", default=os.environ.get("OVERBLIK_LOAD_DATABASE_URL"))
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "load.json")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url, token = prepare_database(args.database_url, Path(tmp))
        port = free_port()
        server = start_server(url, port, args.workers)
        base = f"http://{HOST}:{port}"
        try:
            results, skipped = [], []
            for s in SCENARIOS:
                if not available(base, s, {"Authorization": f"Bearer {token}"}):
                    skipped.append(s.name)
                    continue
                results.append(run(base, s, token, args.clients, args.requests))
        finally:
            server.send_signal(signal.SIGINT)  # gunicorn: quick shutdown
            server.wait(timeout=30)
    baseline = results[0].throughput
    backend = url.split(":", 1)[0]
    print(f"gunicorn {args.workers} workers, {args.clients} clients, {args.requests} requests per scenario, "
          f"{backend}")
    print(f"{'scenario':40} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}")
    for r in results:
        print(f"{r.name:40} {r.throughput:8.1f} {r.throughput / baseline:6.2f} {r.p50_ms:8.1f} "
              f"{r.p95_ms:8.1f} {r.errors:6d}")
    for name in skipped:
        print(f"{name:40} skipped: endpoint not in this build")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"workers": args.workers, "clients": args.clients, "backend": backend,
                                     "results": [r.__dict__ | {"throughput": r.throughput,
                                                               "ratio_to_baseline": r.throughput / baseline}
                                                 for r in results], "skipped": skipped}, indent=2))
    errors = sum(r.errors for r in results)
    if errors:
        print(f"FAILED: {errors} requests did not succeed", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
