"""Configuration: defaults in code, `OVERBLIK_*` environment variables override, then the caller's dict."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,  # None: SQLite file instance/overblik.sqlite3
    "SECRET_KEY": "dev-only-change-me",
    "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
    "ZONE_IMPORT_MAX_BYTES": 200 * 1024 * 1024,  # GIS uploads (POST /api/v1/zones/import) may be larger
    "CAPACITY_OFFICERS": 400,
    "ALLOW_OUTSIDE_DISTRICT": False,
    "DISTRICT_TOLERANCE_M": 100.0,
    "TILE_URL": "",
    "TILE_ATTRIBUTION": "",
    "PAGE_SIZE": 100,
    "MAX_PAGE_SIZE": 1000,
    "REDIS_URL": None,
    "SEED_ON_START": False,
    "BABEL_DEFAULT_LOCALE": "da",
    "PUBLIC_BASE_URL": "",
}

PREFIX = "OVERBLIK_"


def _coerce(raw: str, default: Any) -> Any:
    """Environment values are strings; give them the type of the default where that is clear."""
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    try:
        return json.loads(raw) if raw[:1] in "[{" else raw
    except ValueError:
        return raw


def load_config(instance_path: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then OVERBLIK_* environment variables, then `overrides`; fills in the SQLite default URL."""
    cfg = dict(DEFAULTS)
    for key, raw in os.environ.items():
        if key.startswith(PREFIX):
            name = key[len(PREFIX):]
            cfg[name] = _coerce(raw, DEFAULTS.get(name))
    cfg.update(overrides or {})
    if not cfg.get("DATABASE_URL"):
        Path(instance_path).mkdir(parents=True, exist_ok=True)
        cfg["DATABASE_URL"] = f"sqlite:///{Path(instance_path) / 'overblik.sqlite3'}"
    return cfg
