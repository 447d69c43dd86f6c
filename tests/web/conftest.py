"""Page tests: the Flask test client against the real app and a seeded SQLite database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient


def sign_in(client: FlaskClient, role: str = "planner", name: str = "planner-web") -> None:
    """A signed-in browser session as the web login will leave it (session user + role)."""
    with client.session_transaction() as sess:
        sess["user"], sess["role"] = name, role


@pytest.fixture
def web(seeded_app: Flask) -> Iterator[FlaskClient]:
    yield seeded_app.test_client()


@pytest.fixture
def planner(seeded_app: Flask) -> Iterator[FlaskClient]:
    client = seeded_app.test_client()
    sign_in(client)
    yield client
