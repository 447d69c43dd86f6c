"""Page tests: the Flask test client against the real app and a seeded SQLite database."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import web_user_id


def sign_in(client: FlaskClient, role: str = "planner", name: str = "planner-web") -> None:
    """A signed-in browser session as the web login leaves it (session user + role), sending the
    session's CSRF token with every request as the pages' scripts and forms do."""
    user_id = web_user_id(client.application, role, name)
    with client.session_transaction() as sess:
        sess["_user_id"], sess["_fresh"] = user_id, True
    html = client.get("/events/new").get_data(as_text=True)
    match = re.search(r'name="csrf-token" content="([^"]+)"', html)
    if match:
        client.environ_base["HTTP_X_CSRFTOKEN"] = match.group(1)


@pytest.fixture
def web(seeded_app: Flask) -> Iterator[FlaskClient]:
    yield seeded_app.test_client()


@pytest.fixture
def planner(seeded_app: Flask) -> Iterator[FlaskClient]:
    client = seeded_app.test_client()
    sign_in(client)
    yield client
