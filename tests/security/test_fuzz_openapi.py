"""Property-based fuzzing of the API from its own OpenAPI description (schemathesis, bounded examples):
no 5xx, every status and body as described."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from app import create_app
from tests.factories import auth_headers, event_feature, zone_feature

EXAMPLES = 25
# Domain rules (times in order, valid geometry inside the district, known ids) are stricter than JSON Schema
# can say, so schema-valid input may rightly be refused with a 4xx: positive_data_acceptance is not checked.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance, unsupported_method]


@pytest.fixture(scope="module")
def fuzz_app(seeded_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    target = tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3"
    shutil.copy(seeded_sqlite_template, target)
    app = create_app({"TESTING": True, "SECRET_KEY": "fuzz", "DATABASE_URL": f"sqlite:///{target}",
                      "RATELIMIT_ENABLED": False})
    c, h = app.test_client(), auth_headers(app, "planner")
    for cls in ("public", "internal", "restricted"):
        eid = c.post("/api/v1/events", json=event_feature(classification=cls), headers=h).get_json()["id"]
        c.post("/api/v1/zones", json=zone_feature(event_id=eid), headers=h)
    yield app
    app.extensions["overblik_db"].engine.dispose()


def _description() -> dict:  # type: ignore[type-arg]
    import app.api  # noqa: F401  (every API module adds its paths on import)
    from app.api.openapi import spec

    return spec()


schema = schemathesis.openapi.from_dict(_description())


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_description(case, fuzz_app: Flask) -> None:  # type: ignore[no-untyped-def]
    role = "admin" if case.method.upper() in ("DELETE", "GET") else "planner"
    case.call_and_validate(app=fuzz_app, headers=auth_headers(fuzz_app, role), checks=CHECKS)
