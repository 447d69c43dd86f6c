"""Import of .ics files: API and CLI; upsert by UID; all or nothing; drafts; the round trip."""

from __future__ import annotations

import io
import json

from sqlalchemy import func, select

from app.models import Event, EventOverride
from tests.factories import auth_headers

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Roskilde//Kalender//DA\r\n"
TAIL = "END:VCALENDAR\r\n"
URL = "/api/v1/events/import"


def vevent(
    uid: str,
    summary: str = "Koncert på Rådhuspladsen",
    start: str = "20250705T190000",
    end: str = "20250705T220000",
    extra: str = "GEO:55.6761;12.5683",
) -> str:
    lines = [
        f"UID:{uid}",
        "DTSTAMP:20250101T000000Z",
        f"DTSTART;TZID=Europe/Copenhagen:{start}",
        f"DTEND;TZID=Europe/Copenhagen:{end}",
        f"SUMMARY:{summary}",
        *extra.split("\n"),
    ]
    return "BEGIN:VEVENT\r\n" + "\r\n".join(x for x in lines if x) + "\r\nEND:VEVENT\r\n"


def ics(*vevents: str) -> bytes:
    return (HEAD + "".join(vevents) + TAIL).encode()


SERIES = vevent(
    "series@rf.dk",
    "Fællessang",
    "20250701T180000",
    "20250701T190000",
    "GEO:55.6761;12.5683\nCATEGORIES:concert\nRRULE:FREQ=DAILY;COUNT=5\nEXDATE;TZID=Europe/Copenhagen:20250703T180000",
) + vevent(
    "series@rf.dk",
    "Fællessang (flyttet)",
    "20250704T200000",
    "20250704T210000",
    "RECURRENCE-ID;TZID=Europe/Copenhagen:20250704T180000",
)
GOOD = ics(
    vevent("one@rf.dk", extra="GEO:55.6761;12.5683\nCATEGORIES:concert\nCLASS:PUBLIC"),
    vevent("noplace@rf.dk", "Pressemøde", extra="ORGANIZER;CN=Roskilde Festival:mailto:presse@rf.dk"),
    SERIES,
)


def _post(client, app, data: bytes, query: str = "", role: str = "planner"):  # type: ignore[no-untyped-def]
    return client.post(
        URL + query,
        data={"file": (io.BytesIO(data), "cal.ics")},
        headers=auth_headers(app, role),
        content_type="multipart/form-data",
    )


def _count(app) -> int:  # type: ignore[no-untyped-def]
    with app.extensions["overblik_db"].transaction() as s:
        return s.scalar(select(func.count()).select_from(Event))  # type: ignore[no-any-return]


def _by_uid(app, uid: str) -> Event:  # type: ignore[no-untyped-def]
    with app.extensions["overblik_db"].transaction() as s:
        return s.scalar(select(Event).where(Event.ical_uid == uid))  # type: ignore[no-any-return]


def test_import_creates_then_reimport_is_unchanged(app, client):
    r = _post(client, app, GOOD)
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert (body["created"], body["updated"], body["unchanged"], body["rejected"]) == (3, 0, 0, [])
    assert body["stored"] is True and len(body["drafts"]) == 1
    again = _post(client, app, GOOD).get_json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert _count(app) == 3


def test_imported_fields(app, client):
    _post(client, app, GOOD)
    one = _by_uid(app, "one@rf.dk")
    assert (one.kind, one.classification, one.status, one.geometry.geom_type) == (
        "concert",
        "public",
        "confirmed",
        "Point",
    )
    assert one.municipalities == ["0101"]
    draft = _by_uid(app, "noplace@rf.dk")
    assert draft.geometry is None and draft.municipalities == [] and draft.classification == "internal"
    assert draft.organiser == "Roskilde Festival <presse@rf.dk>"
    series = _by_uid(app, "series@rf.dk")
    assert series.rrule == "FREQ=DAILY;COUNT=5" and series.exdates == ["2025-07-03T18:00:00+02:00"]
    with app.extensions["overblik_db"].transaction() as s:
        (ov,) = s.scalars(select(EventOverride).where(EventOverride.event_id == series.id))
        assert (ov.title, ov.starts_at.isoformat()) == ("Fællessang (flyttet)", "2025-07-04T18:00:00+00:00")


def test_a_changed_vevent_is_updated_with_a_higher_sequence(app, client):
    _post(client, app, GOOD)
    before = _by_uid(app, "one@rf.dk")
    changed = GOOD.replace(
        b"UID:one@rf.dk\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;TZID=Europe/Copenhagen:20250705T190000"
        b"\r\nDTEND;TZID=Europe/Copenhagen:20250705T220000",
        b"UID:one@rf.dk\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;TZID=Europe/Copenhagen:20250705T190000"
        b"\r\nDTEND;TZID=Europe/Copenhagen:20250705T230000",
    )
    assert changed != GOOD
    body = _post(client, app, changed).get_json()
    assert (body["created"], body["updated"], body["unchanged"]) == (0, 1, 2)
    after = _by_uid(app, "one@rf.dk")
    assert after.version == before.version + 1 and after.sequence == before.sequence + 1


def test_any_rejected_vevent_stores_nothing(app, client):
    data = ics(vevent("ok@rf.dk"), vevent("bad@rf.dk", extra="RRULE:FREQ=WEEKLY"))
    r = _post(client, app, data)
    assert r.status_code == 422
    body = r.get_json()
    assert body["error"]["code"] == "import_rejected" and body["stored"] is False
    assert body["rejected"] == [
        {"index": 1, "reason": "RRULE: rrule never ends: give COUNT or UNTIL", "uid": "bad@rf.dk"}
    ]
    assert _count(app) == 0


def test_partial_import_stores_the_good_ones(app, client):
    data = ics(vevent("ok@rf.dk"), vevent("bad@rf.dk", start=""))
    body = _post(client, app, data, "?partial=true").get_json()
    assert body["created"] == 1 and body["stored"] is True and body["rejected"][0]["index"] == 1
    assert _count(app) == 1


def test_registry_refusals_are_rejections_too(app, client):
    outside = vevent("far@rf.dk", extra="GEO:56.1629;10.2039")  # Aarhus
    r = _post(client, app, ics(vevent("ok@rf.dk"), outside))
    assert r.status_code == 422
    assert "outside the Copenhagen Police district" in r.get_json()["rejected"][0]["reason"]
    assert _count(app) == 0


def test_dry_run_reports_and_stores_nothing(app, client):
    body = _post(client, app, GOOD, "?dry_run=true").get_json()
    assert body["created"] == 3 and body["stored"] is False and body["dry_run"] is True
    assert _count(app) == 0


def test_bad_files_are_422_naming_the_file(app, client):
    truncated = GOOD[: len(GOOD) // 2]
    for data, words in [
        (b"PK\x03\x04 zip", "not an iCalendar file"),
        (truncated, "truncated"),
        (b"", "not an iCalendar file"),
    ]:
        r = _post(client, app, data)
        assert r.status_code == 422 and words in r.get_json()["error"]["message"]
        assert r.get_json()["error"]["field"] == "file"
    assert _count(app) == 0


def test_cr_lf_in_summary_and_unknown_tzid_are_rejected_with_reasons(app, client):
    data = ics(
        vevent("a@x", "Koncert\\nBEGIN:VEVENT"), vevent("b@x").replace("TZID=Europe/Copenhagen", "TZID=Mars/Base")
    )
    reasons = [x["reason"] for x in _post(client, app, data).get_json()["rejected"]]
    assert reasons[0] == "SUMMARY contains a line break (CR/LF) or other control characters, which a title cannot hold"
    assert "unknown TZID 'Mars/Base'" in reasons[1]


def test_too_many_vevents_are_refused(app, client):
    one = vevent("x@x", extra="")
    r = client.post(
        URL,
        data=(HEAD + one * 5001 + TAIL).encode(),
        content_type="text/calendar",
        headers=auth_headers(app, "planner"),
    )
    assert r.status_code == 422 and "at most 5000" in r.get_json()["error"]["message"]
    big = (HEAD + one * 50_000 + TAIL).encode()
    r = client.post(URL, data=big, content_type="text/calendar", headers=auth_headers(app, "planner"))
    assert r.status_code == 413 and r.get_json()["error"]["code"] == "request_entity_too_large"
    assert _count(app) == 0


def test_import_needs_a_planner(app, client):
    anon = client.post(URL, data=GOOD, content_type="text/calendar")
    assert anon.status_code == 401
    assert _post(client, app, GOOD, role="viewer").status_code == 403
    assert _count(app) == 0


def test_a_text_calendar_body_works_and_other_bodies_are_400(app, client):
    headers = auth_headers(app, "planner")
    assert client.post(URL, data=GOOD, content_type="text/calendar", headers=headers).status_code == 200
    r = client.post(URL, data=b"{}", content_type="application/json", headers=headers)
    assert r.status_code == 400 and r.get_json()["error"]["field"] == "file"
    r = client.post(URL + "?partial=maybe", data=GOOD, content_type="text/calendar", headers=headers)
    assert r.status_code == 400 and r.get_json()["error"]["field"] == "partial"


def test_feed_export_import_export_is_identical(golden_app):
    """Our own feed imported into the same service changes nothing: same bytes, same ETag."""
    client = golden_app.test_client()
    first = client.get("/feeds/municipality/0101.ics")
    r = _post(client, golden_app, first.data)
    body = r.get_json()
    assert r.status_code == 200, body
    assert (body["created"], body["updated"], body["rejected"]) == (0, 0, [])
    assert body["unchanged"] == first.data.count(b"BEGIN:VEVENT") - first.data.count(b"RECURRENCE-ID")
    second = client.get("/feeds/municipality/0101.ics")
    assert second.data == first.data and second.headers["ETag"] == first.headers["ETag"]


def test_cli_import_ics(app, tmp_path):
    path = tmp_path / "cal.ics"
    path.write_bytes(GOOD)
    result = app.test_cli_runner().invoke(args=["import-ics", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["created"] == 3
    bad = tmp_path / "bad.ics"
    bad.write_bytes(ics(vevent("ok@x"), vevent("bad@x", start="")))
    result = app.test_cli_runner().invoke(args=["import-ics", str(bad)])
    assert result.exit_code == 1 and "nothing was stored" in result.output
    assert _count(app) == 3
