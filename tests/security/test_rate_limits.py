"""Rate limits on API writes and on sign-in; with OVERBLIK_REDIS_URL two app processes share one budget
(tested against the Redis on 127.0.0.1:6379) and one cache."""

from __future__ import annotations

import re
import socket
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask

from app import create_app
from tests.factories import auth_headers, event_feature
from tests.requirements_gate import require

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _count_events(app: Flask) -> int:
    from sqlalchemy import func, select

    from app.models import Event

    with app.extensions["overblik_db"].transaction() as s:
        return s.scalar(select(func.count()).select_from(Event)) or 0


def test_api_writes_are_limited_per_caller_with_a_json_429(app: Flask) -> None:
    app.config["RATELIMIT_WRITES"] = "3 per minute"
    c, h = app.test_client(), auth_headers(app, "planner")
    assert [c.post("/api/v1/events", json=event_feature(), headers=h).status_code for _ in range(3)] == [201] * 3
    r = c.post("/api/v1/events", json=event_feature(), headers=h)
    assert r.status_code == 429
    assert r.get_json()["error"]["code"] == "too_many_requests" and "3 per 1 minute" in r.get_json()["error"]["message"]
    assert int(r.headers["Retry-After"]) > 0
    assert _count_events(app) == 3
    assert c.get("/api/v1/events", headers=h).status_code == 200  # reads are not counted
    other = auth_headers(app, "admin")
    assert c.post("/api/v1/events", json=event_feature(), headers=other).status_code == 201


def test_sign_in_attempts_are_limited(app: Flask) -> None:
    app.config["RATELIMIT_LOGIN"] = "2 per minute"
    c = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', c.get("/login").get_data(as_text=True))
    data = {"username": "nobody", "password": "guess", "csrf_token": token.group(1)}  # type: ignore[union-attr]
    assert [c.post("/login", data=data).status_code for _ in range(2)] == [401, 401]
    r = c.post("/login", data=data)
    assert r.status_code == 429 and "For mange forsøg" in r.get_data(as_text=True)


@pytest.fixture
def redis_apps(app: Flask) -> Iterator[tuple[Flask, Flask]]:
    """Two app instances (as two gunicorn workers would be) over one database and one Redis."""
    require("Redis on 127.0.0.1:6379", _redis_up(), "start redis-server (CI runs it as a service)")
    prefix = f"overblik-test-{uuid.uuid4().hex[:8]}"
    cfg = {"TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": app.config["DATABASE_URL"],
           "REDIS_URL": REDIS_URL, "RATELIMIT_WRITES": "3 per minute", "RATELIMIT_KEY_PREFIX": prefix,
           "CACHE_PREFIX": prefix + ":cache:"}
    a, b = create_app(cfg), create_app(cfg)
    yield a, b
    import redis

    r = redis.Redis.from_url(REDIS_URL)
    for key in r.scan_iter(f"*{prefix}*"):
        r.delete(key)
    for x in (a, b):
        x.extensions["overblik_db"].engine.dispose()


def test_with_redis_two_workers_share_one_write_budget(redis_apps: tuple[Flask, Flask]) -> None:
    a, b = redis_apps
    assert a.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    h = auth_headers(a, "planner")
    assert [a.test_client().post("/api/v1/events", json=event_feature(), headers=h).status_code
            for _ in range(2)] == [201, 201]
    assert b.test_client().post("/api/v1/events", json=event_feature(), headers=h).status_code == 201
    r = b.test_client().post("/api/v1/events", json=event_feature(), headers=h)
    assert r.status_code == 429  # the other worker's writes counted here
    assert a.test_client().post("/api/v1/events", json=event_feature(), headers=h).status_code == 429
    assert _count_events(a) == 3


def test_with_redis_the_cache_is_shared(redis_apps: tuple[Flask, Flask]) -> None:
    from app.security.cache import RedisCache

    a, b = redis_apps
    ca, cb = a.extensions["overblik_cache"], b.extensions["overblik_cache"]
    assert isinstance(ca, RedisCache) and isinstance(cb, RedisCache)
    ca.set("feed:0101", b"BEGIN:VCALENDAR", 30)
    assert cb.get("feed:0101") == b"BEGIN:VCALENDAR"
    cb.delete("feed:0101")
    assert ca.get("feed:0101") is None


def test_without_redis_limits_and_cache_stay_in_memory(app: Flask) -> None:
    from app.security.cache import MemoryCache

    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    cache = app.extensions["overblik_cache"]
    assert isinstance(cache, MemoryCache)
    cache.set("k", b"v", 30)
    assert cache.get("k") == b"v"
    cache.set("k", b"v", -1)
    assert cache.get("k") is None
