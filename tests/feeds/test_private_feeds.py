"""Private feeds by revocable token: scope, reading level, revocation; the token CLI; subscribe links."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.feeds.convert import event_uid
from app.feeds.links import municipality_links, readme_lines
from app.feeds.tokens import create_feed_token, find_feed_token, revoke_feed_token, secret_hash
from app.models import Event, FeedToken
from app.registry.errors import Invalid


def _db(app):  # type: ignore[no-untyped-def]
    return app.extensions["overblik_db"]


def _token(app, scope: str, value: str, level: str = "public") -> tuple[str, str]:  # type: ignore[no-untyped-def]
    with _db(app).transaction() as s:
        t, secret = create_feed_token(s, scope, value, level, "tests", "test")
        return t.id, secret


def _uids(data: bytes) -> set[str]:
    return {str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT")}


def _visible(app, code: str, levels: tuple[str, ...]) -> set[str]:  # type: ignore[no-untyped-def]
    with _db(app).transaction() as s:
        return {
            event_uid(e) for e in s.scalars(select(Event)) if code in e.municipalities and e.classification in levels
        }


WINDOW = "?from=2025-01-01&to=2026-01-01"


def test_secret_is_stored_only_as_its_sha256(golden_app):
    token_id, secret = _token(golden_app, "municipality", "0101")
    with _db(golden_app).transaction() as s:
        t = s.get(FeedToken, token_id)
        assert t.secret_hash == secret_hash(secret) and secret not in (t.secret_hash, t.scope_value, t.name)
        assert len(secret) >= 40


def test_restricted_token_shows_restricted_events_public_feed_does_not(golden_app, feed_client):
    _, secret = _token(golden_app, "municipality", "0101", "restricted")
    private = feed_client.get(f"/feeds/private/{secret}.ics{WINDOW}")
    assert private.status_code == 200 and "private" in private.headers["Cache-Control"]
    everything = _visible(golden_app, "0101", ("public", "internal", "restricted"))
    restricted = _visible(golden_app, "0101", ("restricted",))
    assert restricted and _uids(private.data) == everything
    public = feed_client.get(f"/feeds/municipality/0101.ics{WINDOW}")
    assert not _uids(public.data) & restricted


def test_public_level_token_shows_public_events_only(golden_app, feed_client):
    _, secret = _token(golden_app, "municipality", "0101", "public")
    uids = _uids(feed_client.get(f"/feeds/private/{secret}.ics{WINDOW}").data)
    assert uids == _visible(golden_app, "0101", ("public",))


def test_revoked_token_answers_404_at_once(golden_app, feed_client):
    token_id, secret = _token(golden_app, "kind", "concert")
    assert feed_client.get(f"/feeds/private/{secret}.ics").status_code == 200
    with _db(golden_app).transaction() as s:
        revoke_feed_token(s, token_id)
    r = feed_client.get(f"/feeds/private/{secret}.ics")
    assert r.status_code == 404 and r.get_json()["error"]["field"] == "token"


def test_use_is_recorded(golden_app, feed_client):
    token_id, secret = _token(golden_app, "kind", "concert")
    before = datetime.now(UTC)
    feed_client.get(f"/feeds/private/{secret}.ics")
    with _db(golden_app).transaction() as s:
        assert s.get(FeedToken, token_id).last_used_at >= before.replace(microsecond=0)


def test_query_and_zone_scopes(golden_app, feed_client):
    _, secret = _token(golden_app, "query", "kind=concert,sport&municipality=0185", "restricted")
    uids = _uids(feed_client.get(f"/feeds/private/{secret}.ics{WINDOW}").data)
    with _db(golden_app).transaction() as s:
        expected = {
            event_uid(e)
            for e in s.scalars(select(Event))
            if e.kind in ("concert", "sport") and "0185" in e.municipalities
        }
    assert uids == expected and expected


@pytest.mark.parametrize(
    ("scope", "value", "level", "field"),
    [
        ("municipality", "9999", "public", "scope_value"),
        ("kind", "picnic", "public", "scope_value"),
        ("zone", "nope", "public", "scope_value"),
        ("query", "colour=red", "public", "scope_value"),
        ("query", "kind=picnic", "public", "scope_value"),
        ("everything", "x", "public", "scope"),
        ("kind", "concert", "secret", "classification"),
    ],
)
def test_bad_scopes_are_refused(golden_app, scope, value, level, field):
    with pytest.raises(Invalid) as exc, _db(golden_app).transaction() as s:
        create_feed_token(s, scope, value, level, "tests")
    assert exc.value.field == field


def test_lookup_refuses_empty_and_overlong_secrets(golden_app):
    with _db(golden_app).transaction() as s:
        assert find_feed_token(s, "") is None and find_feed_token(s, "x" * 300) is None


def test_token_cli_create_list_revoke(golden_app, feed_client):
    runner = golden_app.test_cli_runner()
    created = runner.invoke(args=["feeds", "token", "create", "--municipality", "0101", "--name", "Kommunen"])
    assert created.exit_code == 0, created.output
    token_line, url = created.output.strip().splitlines()
    assert url.startswith("https://overblik.example/feeds/private/") and url.endswith(".ics")
    assert feed_client.get(url.removeprefix("https://overblik.example")).status_code == 200
    token_id = token_line.split()[1]
    assert token_id in runner.invoke(args=["feeds", "token", "list"]).output
    assert runner.invoke(args=["feeds", "token", "revoke", token_id]).exit_code == 0
    assert feed_client.get(url.removeprefix("https://overblik.example")).status_code == 404
    both = runner.invoke(args=["feeds", "token", "create", "--municipality", "0101", "--kind", "concert"])
    assert both.exit_code == 2 and "exactly one" in both.output


def test_subscribe_links_per_municipality():
    links = municipality_links("https://overblik.example/")
    assert [link.code for link in links] == ["0101", "0147", "0155", "0185"]
    kbh = links[0]
    assert kbh.https == "https://overblik.example/feeds/municipality/0101.ics"
    assert kbh.webcal == "webcal://overblik.example/feeds/municipality/0101.ics"
    assert kbh.name == "København"
    lines = readme_lines("https://overblik.example")
    assert len(lines) == 6 and "webcal://overblik.example/feeds/municipality/0185.ics" in lines[-1]


def test_every_subscribe_link_is_served(feed_client):
    for link in municipality_links("https://overblik.example"):
        r = feed_client.get(link.https.removeprefix("https://overblik.example"))
        assert r.status_code == 200 and r.data.startswith(b"BEGIN:VCALENDAR\r\n")
