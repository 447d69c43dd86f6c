"""Page tests: the Flask test client against the real app and a seeded SQLite database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import login_session


def sign_in(client: FlaskClient, role: str = "planner", name: str = "planner-web") -> None:
    """A signed-in browser session as the web login leaves it (Flask-Login, see tests/security)."""
    session = login_session(client.application, role, name)
    with client.session_transaction() as sess:
        sess.update(session)


@pytest.fixture
def web(seeded_app: Flask) -> Iterator[FlaskClient]:
    # These tests post forms without fetching a CSRF token first; CSRF is tested in tests/security.
    seeded_app.config["WTF_CSRF_ENABLED"] = False
    yield seeded_app.test_client()


@pytest.fixture
def planner(seeded_app: Flask) -> Iterator[FlaskClient]:
    seeded_app.config["WTF_CSRF_ENABLED"] = False  # see `web`
    client = seeded_app.test_client()
    sign_in(client)
    yield client
