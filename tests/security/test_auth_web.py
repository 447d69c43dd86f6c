"""Browser sign-in (Flask-Login), CSRF on forms and on session-borne API writes, and the users/tokens CLI."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import auth_headers, event_feature


def _make_user(app: Flask, name: str, role: str, password: str = "correct horse battery") -> None:
    r = app.test_cli_runner().invoke(args=["users", "create", name, "--role", role, "--password", password])
    assert r.exit_code == 0, r.output


def _csrf(client: FlaskClient, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    m = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, html
    return m.group(1)


def _login(client: FlaskClient, name: str, password: str = "correct horse battery", nxt: str = "/"):  # type: ignore[no-untyped-def]
    token = _csrf(client)
    return client.post("/login", data={"username": name, "password": password, "next": nxt,
                                       "csrf_token": token})


def test_login_page_is_danish_first_and_carries_a_csrf_token(app: Flask) -> None:
    r = app.test_client().get("/login")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "Log ind" in html and html.index("Log ind") < html.index("Sign in")
    assert 'name="csrf_token"' in html and '<html lang="da">' in html


def test_sign_in_makes_the_session_a_planner_and_sign_out_ends_it(app: Flask) -> None:
    _make_user(app, "pia", "planner")
    c = app.test_client()
    r = _login(c, "pia", nxt="/api/v1/events")
    assert r.status_code == 302 and r.headers["Location"] == "/api/v1/events"
    restricted = c.post("/api/v1/events", json=event_feature(classification="restricted"),
                        headers=auth_headers(app, "planner")).get_json()["id"]
    assert c.get(f"/api/v1/events/{restricted}").status_code == 200  # the session sees restricted
    r = c.post("/logout", data={"csrf_token": _csrf(c)})
    assert r.status_code == 302
    assert c.get(f"/api/v1/events/{restricted}").status_code == 404


def test_wrong_password_unknown_user_and_disabled_user_all_get_the_same_answer(app: Flask) -> None:
    _make_user(app, "viggo", "viewer")
    assert app.test_cli_runner().invoke(args=["users", "disable", "viggo"]).exit_code == 0
    for name, password in [("viggo", "correct horse battery"), ("viggo", "wrong"), ("nobody", "x")]:
        r = _login(app.test_client(), name, password)
        assert r.status_code == 401
        assert "Forkert brugernavn eller adgangskode" in r.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(app: Flask) -> None:
    _make_user(app, "pia", "planner")
    r = app.test_client().post("/login", data={"username": "pia", "password": "correct horse battery"})
    assert r.status_code == 400
    assert "CSRF" in r.get_data(as_text=True)


def test_open_redirect_after_login_is_refused(app: Flask) -> None:
    _make_user(app, "pia", "planner")
    for target in ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]:
        r = _login(app.test_client(), "pia", nxt=target)
        assert r.status_code == 302 and r.headers["Location"] == "/", target


def test_session_borne_api_write_needs_the_csrf_header_but_bearer_does_not(app: Flask) -> None:
    _make_user(app, "pia", "planner")
    c = app.test_client()
    _login(c, "pia")
    r = c.post("/api/v1/events", json=event_feature())
    assert r.status_code == 400 and "CSRF" in r.get_json()["error"]["message"]
    r = c.post("/api/v1/events", json=event_feature(), headers={"X-CSRFToken": _csrf(c)})
    assert r.status_code == 201
    r = app.test_client().post("/api/v1/events", json=event_feature(), headers=auth_headers(app, "planner"))
    assert r.status_code == 201


def test_set_role_and_disable_take_effect_at_the_next_request(app: Flask) -> None:
    _make_user(app, "pia", "viewer")
    c = app.test_client()
    _login(c, "pia")
    eid = app.test_client().post("/api/v1/events", json=event_feature(classification="restricted"),
                                 headers=auth_headers(app, "planner")).get_json()["id"]
    assert c.get(f"/api/v1/events/{eid}").status_code == 404
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "set-role", "pia", "planner"]).exit_code == 0
    assert c.get(f"/api/v1/events/{eid}").status_code == 200
    assert runner.invoke(args=["users", "disable", "pia"]).exit_code == 0
    assert c.get(f"/api/v1/events/{eid}").status_code == 404
    r = runner.invoke(args=["users", "set-role", "pia", "root"])
    assert r.exit_code != 0 and "unknown role 'root'" in r.output


def test_tokens_create_list_revoke_through_the_cli(app: Flask) -> None:
    runner = app.test_cli_runner()
    _make_user(app, "robot", "planner")
    plain = runner.invoke(args=["tokens", "create", "robot", "--name", "ci"]).output.strip()
    assert plain.startswith("ovb_")
    h = {"Authorization": f"Bearer {plain}"}
    assert app.test_client().post("/api/v1/events", json=event_feature(), headers=h).status_code == 201
    listing = runner.invoke(args=["tokens", "list", "--user", "robot"]).output
    assert plain not in listing and "ci" in listing
    token_id = re.search(r"^([0-9a-f-]{36})\s+robot", listing, re.M).group(1)  # type: ignore[union-attr]
    assert re.search(r"robot\s+ci\s+\S+ \S+\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+-$", listing, re.M)  # last used set
    assert runner.invoke(args=["tokens", "revoke", token_id]).exit_code == 0
    r = app.test_client().get("/api/v1/events", headers=h)
    assert r.status_code == 401 and "revoked" in r.get_json()["error"]["message"]
    r = runner.invoke(args=["tokens", "revoke", "no-such-token"])
    assert r.exit_code != 0 and "no token" in r.output


def test_user_and_token_changes_are_in_the_audit_trail(app: Flask) -> None:
    runner = app.test_cli_runner()
    _make_user(app, "pia", "viewer")
    runner.invoke(args=["users", "set-role", "pia", "admin"])
    body = app.test_client().get("/api/v1/audit?entity=user", headers=auth_headers(app, "admin")).get_json()
    (entry,) = body["entries"]
    assert entry["action"] == "set_role" and entry["actor"] == "cli"
    assert entry["before"]["role"] == "viewer" and entry["after"]["role"] == "admin"
    assert "password" not in str(entry).replace("has_password", "")
