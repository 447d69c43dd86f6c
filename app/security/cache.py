"""A small shared cache: Redis when OVERBLIK_REDIS_URL is set (shared by every worker and host), otherwise
an in-process dictionary for the embedded single-process default."""

from __future__ import annotations

import threading
import time
from typing import Protocol

from flask import Flask, current_app


class Cache(Protocol):
    def get(self, key: str) -> bytes | None: ...
    def set(self, key: str, value: bytes, ttl_s: int) -> None: ...
    def delete(self, key: str) -> None: ...


class MemoryCache:
    """Per-process; entries expire after their TTL."""

    def __init__(self) -> None:
        self._data: dict[str, tuple[float, bytes]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            hit = self._data.get(key)
            if hit is None or hit[0] < time.monotonic():
                self._data.pop(key, None)
                return None
            return hit[1]

    def set(self, key: str, value: bytes, ttl_s: int) -> None:
        with self._lock:
            self._data[key] = (time.monotonic() + ttl_s, value)

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)


class RedisCache:
    """Shared by every process that points at the same Redis; keys are prefixed per deployment."""

    def __init__(self, url: str, prefix: str = "overblik:cache:") -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._prefix = prefix

    def get(self, key: str) -> bytes | None:
        return self._redis.get(self._prefix + key)  # type: ignore[return-value]

    def set(self, key: str, value: bytes, ttl_s: int) -> None:
        self._redis.set(self._prefix + key, value, ex=max(1, ttl_s))

    def delete(self, key: str) -> None:
        self._redis.delete(self._prefix + key)


def init_cache(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    app.extensions["overblik_cache"] = RedisCache(url, app.config.get("CACHE_PREFIX", "overblik:cache:")) \
        if url else MemoryCache()


def cache() -> Cache:
    return current_app.extensions["overblik_cache"]  # type: ignore[no-any-return]
