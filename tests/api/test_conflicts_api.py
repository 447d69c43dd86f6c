"""The conflicts API through the test client: check, list, decide, suggest, capacity; events answer with
their conflicts; bad input is a clear 4xx; golden clashes on the seeded 2025 calendar."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.factories import auth_headers, event_feature, zone_feature

JUNE = "from=2025-06-01&to=2025-07-01"
LINE = {"type": "LineString", "coordinates": [[12.5560, 55.6720], [12.5640, 55.6745]]}


def _store(app: Flask, feature: dict) -> dict:
    r = app.test_client().post("/api/v1/events", json=feature, headers=auth_headers(app, "planner"))
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def _conflicts(app: Flask, query: str = JUNE, role: str = "planner") -> list[dict]:
    r = app.test_client().get(f"/api/v1/conflicts?{query}", headers=auth_headers(app, role))
    assert r.status_code == 200, r.get_json()
    return r.get_json()["conflicts"]


def test_creating_an_event_answers_with_its_conflicts(app: Flask) -> None:
    first = _store(app, event_feature(title="Gadefest"))
    assert first["properties"]["conflicts"] == []
    second = _store(app, event_feature(title="Koncert", starts_at="2025-06-05T22:00:00+02:00",
                                       ends_at="2025-06-06T01:00:00+02:00"))
    [c] = second["properties"]["conflicts"]
    assert c["rule"] == "event_overlap"
    assert {p["id"] for p in c["parties"]} == {first["id"], second["id"]}
    assert c["window"] == {"start": "2025-06-05T20:00:00Z", "end": "2025-06-05T21:00:00Z"}
    assert c["window_local"]["start"] == "2025-06-05T22:00:00+02:00"
    assert c["message"]["en"] == "Gadefest overlaps Koncert on 5 June 22:00–23:00 (42,048 m²)"
    assert c["message"]["da"] == "Gadefest og Koncert overlapper den 5. juni 22:00–23:00 (42.048 m²)"
    assert c["decision"] is None


def test_check_stores_nothing_and_sees_zones_and_routes(db_app: Flask) -> None:
    app = db_app
    h = auth_headers(app, "planner")
    c = app.test_client()
    assert c.post("/api/v1/zones", json=zone_feature(name="Vesterbrogade"), headers=h).status_code == 201
    _store(app, event_feature(LINE, title="Optog", kind="parade", starts_at="2025-06-05T21:00:00+02:00",
                              ends_at="2025-06-06T02:00:00+02:00"))
    probe = event_feature(LINE | {"coordinates": [[12.5600, 55.6700], [12.5600, 55.6760]]}, title="March",
                          kind="demonstration", starts_at="2025-06-05T23:00:00+02:00",
                          ends_at="2025-06-06T01:00:00+02:00")
    r = c.post("/api/v1/conflicts/check", json=probe, headers=h)
    assert r.status_code == 200
    found = {x["rule"]: x for x in r.get_json()["conflicts"]}
    assert set(found) == {"route_crossing", "zone_active"}
    [point] = found["route_crossing"]["crossings"]
    assert point["coordinates"][0] == pytest.approx(12.56, abs=1e-4)
    assert found["zone_active"]["message"]["en"] == \
        "March overlaps the Vesterbrogade nightlife zone on 6 June 00:00–01:00"
    listed = c.get("/api/v1/events", headers=h).get_json()["features"]
    assert [f["properties"]["title"] for f in listed] == ["Optog"]


def test_conflicts_need_sign_in_and_restricted_parties_are_redacted(app: Flask) -> None:
    secret = _store(app, event_feature(title="Statsbesøg", classification="restricted"))
    c = app.test_client()
    assert c.post("/api/v1/conflicts/check", json=event_feature()).status_code == 401
    assert c.get(f"/api/v1/conflicts?{JUNE}").status_code == 401
    r = c.post("/api/v1/conflicts/check", json=event_feature(title="Probe"), headers=auth_headers(app, "viewer"))
    [conflict] = r.get_json()["conflicts"]
    other = [p for p in conflict["parties"] if p["title"] != "Probe"]
    assert other == [{"type": "event", "id": None, "title": "Restricted activity"}]
    assert "Statsbesøg" not in str(conflict) and secret["id"] not in str(conflict)
    r = c.post("/api/v1/conflicts/check", json=event_feature(title="Probe"), headers=auth_headers(app, "planner"))
    assert "Statsbesøg" in str(r.get_json())


def test_decisions_survive_rechecks_and_filter_by_status(db_app: Flask) -> None:
    app = db_app
    _store(app, event_feature(title="A"))
    _store(app, event_feature(title="B", starts_at="2025-06-05T22:00:00+02:00"))
    [c] = _conflicts(app)
    client = app.test_client()
    h = auth_headers(app, "planner")
    r = client.post(f"/api/v1/conflicts/{c['key']}/decision", json={"decision": "waived", "note": "Same organiser"},
                    headers=h)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["decision"]["decision"] == "waived"
    [again] = _conflicts(app)
    assert again["key"] == c["key"]
    assert again["decision"]["note"] == "Same organiser" and again["decision"]["by"] == "planner-test"
    assert _conflicts(app, JUNE + "&status=open") == []
    assert len(_conflicts(app, JUNE + "&status=waived,resolved")) == 1
    assert client.post(f"/api/v1/conflicts/{c['key']}/decision", json={"decision": "resolved", "note": "x"},
                       headers=auth_headers(app, "viewer")).status_code == 403


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"decision": "waived"}, 422, "note"),
    ({"decision": "waived", "note": "   "}, 422, "note"),
    ({"decision": "ignored", "note": "x"}, 422, "decision"),
    ({"decision": "waived", "note": "x", "by": "me"}, 400, "by"),
])
def test_bad_decisions(app: Flask, body: dict, status: int, field: str) -> None:
    _store(app, event_feature(title="A"))
    _store(app, event_feature(title="B"))
    [c] = _conflicts(app)
    r = app.test_client().post(f"/api/v1/conflicts/{c['key']}/decision", json=body,
                               headers=auth_headers(app, "planner"))
    assert r.status_code == status
    assert r.get_json()["error"]["field"] == field


@pytest.mark.parametrize("key", ["0123456789abcdef0123-20250605T1800Z", "nonsense", "x" * 80])
def test_decision_on_an_unknown_key_is_404(app: Flask, key: str) -> None:
    r = app.test_client().post(f"/api/v1/conflicts/{key}/decision", json={"decision": "waived", "note": "x"},
                               headers=auth_headers(app, "planner"))
    assert r.status_code == 404
    assert r.get_json()["error"]["field"] == "key"


@pytest.mark.parametrize(("query", "field", "text"), [
    ("from=2025-06-01&to=2025-07-01&rule=overlap", "rule", "unknown value 'overlap'"),
    ("from=2025-07-01&to=2025-06-01", "to", "after from"),
    ("from=2025-06-01", "to", "both from and to"),
    ("to=2025-06-01", "from", "both from and to"),
    ("from=2025-01-01&to=2027-06-01", "to", "capped at 731 days"),
    ("from=2025-06-01&to=2025-07-01&status=pending", "status", "unknown value"),
    ("from=2025-06-01&to=2025-07-01&colour=red", "colour", "unknown query parameter"),
    ("from=2025-06-01&to=2025-07-01&event=nope", "event", "no event"),
])
def test_bad_list_queries(app: Flask, query: str, field: str, text: str) -> None:
    r = app.test_client().get(f"/api/v1/conflicts?{query}", headers=auth_headers(app, "viewer"))
    assert r.status_code == 400, r.get_json()
    err = r.get_json()["error"]
    assert err["field"] == field and text in err["message"]


def test_rule_event_and_municipality_filters(db_app: Flask) -> None:
    app = db_app
    a = _store(app, event_feature(title="A"))
    _store(app, event_feature(title="B", starts_at="2025-06-05T22:00:00+02:00", ends_at="2025-06-06T02:00:00+02:00"))
    app.test_client().post("/api/v1/zones", json=zone_feature(name="Vesterbrogade"),
                           headers=auth_headers(app, "planner"))
    assert {c["rule"] for c in _conflicts(app)} == {"event_overlap", "zone_active"}
    assert {c["rule"] for c in _conflicts(app, JUNE + "&rule=zone_active")} == {"zone_active"}
    assert [c["rule"] for c in _conflicts(app, JUNE + f"&event={a['id']}")] == ["event_overlap"]
    assert len(_conflicts(app, JUNE + "&municipality=0101")) == 2
    assert _conflicts(app, JUNE + "&municipality=0147") == []


def test_suggest_nearest_free_windows(app: Flask) -> None:
    _store(app, event_feature(title="Busy", starts_at="2025-06-05T12:00:00+02:00",
                              ends_at="2025-06-05T16:00:00+02:00"))
    body = {"feature": event_feature(title="New", starts_at="2025-06-05T13:00:00+02:00",
                                     ends_at="2025-06-05T15:00:00+02:00"),
            "from": "2025-06-05T08:00:00+02:00", "to": "2025-06-05T20:00:00+02:00", "shift_m": 500}
    r = app.test_client().post("/api/v1/conflicts/suggest", json=body, headers=auth_headers(app, "viewer"))
    assert r.status_code == 200, r.get_json()
    out = r.get_json()
    assert [w["start"] for w in out["windows"]] == ["2025-06-05T08:00:00Z", "2025-06-05T14:00:00Z"]
    assert [w["offset_minutes"] for w in out["windows"]] == [-180.0, 180.0]
    assert any(s["clear"] for s in out["venue_shifts"])


@pytest.mark.parametrize(("change", "field"), [
    ({"from": "2025-06-05T13:30:00+02:00", "to": "2025-06-05T14:00:00+02:00"}, "to"),
    ({"from": "2025-06-06T00:00:00+02:00", "to": "2025-06-05T00:00:00+02:00"}, "to"),
    ({"to": None}, "to"),
    ({"limit": 0}, "limit"),
    ({"shift_m": -1}, "shift_m"),
])
def test_impossible_suggest_requests(app: Flask, change: dict, field: str) -> None:
    body = {"feature": event_feature(starts_at="2025-06-05T13:00:00+02:00", ends_at="2025-06-05T15:00:00+02:00"),
            "from": "2025-06-05T08:00:00+02:00", "to": "2025-06-05T20:00:00+02:00"} | change
    r = app.test_client().post("/api/v1/conflicts/suggest", json=body, headers=auth_headers(app, "viewer"))
    assert 400 <= r.status_code < 500, r.get_json()
    assert r.get_json()["error"]["field"] == field


def test_capacity_hours(app: Flask) -> None:
    a = _store(app, event_feature(title="A", officers_required=300))
    _store(app, event_feature(title="B", officers_required=200, classification="restricted",
                              geometry={"type": "Point", "coordinates": [12.6, 55.68]}))
    r = app.test_client().get("/api/v1/capacity?from=2025-06-05T20:00:00%2B02:00&to=2025-06-05T22:00:00%2B02:00",
                              headers=auth_headers(app, "viewer"))
    assert r.status_code == 200
    body = r.get_json()
    assert body["capacity"] == 400
    assert [(h["start"], h["officers"], h["events"], h["hidden_events"], h["over"]) for h in body["hours"]] == [
        ("2025-06-05T18:00:00Z", 500, [a["id"]], 1, True), ("2025-06-05T19:00:00Z", 500, [a["id"]], 1, True)]
    [cap] = _conflicts(app, JUNE + "&rule=capacity", role="viewer")
    assert cap["peak_officers"] == 500 and len(cap["parties"]) == 2
    bad = app.test_client().get("/api/v1/capacity?from=2025-01-01&to=2025-12-01", headers=auth_headers(app, "viewer"))
    assert bad.status_code == 400 and "capped at 92 days" in bad.get_json()["error"]["message"]


def test_cancelling_removes_the_conflict(app: Flask) -> None:
    _store(app, event_feature(title="A"))
    b = _store(app, event_feature(title="B"))
    assert len(_conflicts(app)) == 1
    cancel = {"type": "Feature", "properties": {"status": "cancelled"}}
    r = app.test_client().patch(f"/api/v1/events/{b['id']}", json=cancel,
                                headers=auth_headers(app, "planner") | {"If-Match": '"1"'})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["properties"]["conflicts"] == []
    assert _conflicts(app) == []


def test_cli_prints_a_table(app: Flask) -> None:
    _store(app, event_feature(title="A"))
    _store(app, event_feature(title="B"))
    out = app.test_cli_runner().invoke(args=["conflicts", "--from", "2025-06-01", "--to", "2025-06-30",
                                             "--lang", "en"])
    assert out.exit_code == 0, out.output
    # Same start: the parties are ordered by id, so either may come first.
    assert "event_overlap" in out.output
    assert "B overlaps A on 5 June 20:00–23:00" in out.output or "A overlaps B on 5 June 20:00–23:00" in out.output
    assert out.output.strip().endswith("1 conflict(s)")
    bad = app.test_cli_runner().invoke(args=["conflicts", "--from", "2025-06-30", "--to", "2025-06-01"])
    assert bad.exit_code != 0 and "after" in bad.output


# -- golden: the seeded 2025 calendar, as a planner would read it -----------------------------------

def _seeded(seeded_app: Flask, query: str) -> list[tuple[str, str, str]]:
    return sorted((c["rule"], " / ".join(sorted(p["title"] for p in c["parties"])), c["window_local"]["start"][:16])
                  for c in _conflicts(seeded_app, query, role="planner"))


def test_golden_distortion_vesterbro_runs_into_the_nightlife_zones(seeded_app: Flask) -> None:
    # The Vesterbro street party lasts until 02:00; the Vesterbrogade and Kødbyen nightlife zones are
    # active from 00:00. Its own temporary festival zone is not a clash.
    assert _seeded(seeded_app, "from=2025-06-05&to=2025-06-07&rule=zone_active") == [
        ("zone_active", "Distortion: gadefest på Vesterbro / Nattelivszone Kødbyen", "2025-06-06T00:00"),
        ("zone_active", "Distortion: gadefest på Vesterbro / Nattelivszone Vesterbrogade", "2025-06-06T00:00"),
    ]


def test_golden_whole_year(seeded_app: Flask) -> None:
    assert _seeded(seeded_app, "from=2025-01-01&to=2026-01-01") == [
        ("capacity", "EU-formandskab: Det Europæiske Politiske Fællesskab (EPC-topmøde)", "2025-10-02T08:00"),
        ("capacity", "EU-formandskab: uformelt Det Europæiske Råd", "2025-10-01T12:00"),
        ("zone_active", "Copenhagen Half Marathon / Overvågningsliste: Blågården", "2025-09-14T09:30"),
        ("zone_active", "Distortion: gadefest på Nørrebro / Overvågningsliste: Blågården", "2025-06-04T14:00"),
        ("zone_active", "Distortion: gadefest på Vesterbro / Nattelivszone Kødbyen", "2025-06-06T00:00"),
        ("zone_active", "Distortion: gadefest på Vesterbro / Nattelivszone Vesterbrogade", "2025-06-06T00:00"),
    ]


def test_golden_pride_parade_and_pride_square(seeded_app: Flask) -> None:
    # The seeded parade route stops about 60 m short of the Pride Square polygon on Rådhuspladsen: with its
    # 25 m buffer there is no clash. A planner widening the buffer to 100 m sees it on 16 August.
    parade = next(f for f in seeded_app.test_client().get(
        "/api/v1/events?from=2025-08-16&to=2025-08-17&kind=parade&limit=10",
        headers=auth_headers(seeded_app, "planner")).get_json()["features"])
    assert _seeded(seeded_app, "from=2025-08-11&to=2025-08-18&rule=event_overlap,route_crossing") == []
    probe = {"type": "Feature", "id": parade["id"], "geometry": parade["geometry"],
             "properties": {k: parade["properties"][k] for k in ("title", "kind", "starts_at", "ends_at")}
             | {"buffer_m": 100}}
    r = seeded_app.test_client().post("/api/v1/conflicts/check", json=probe,
                                      headers=auth_headers(seeded_app, "planner"))
    clash = [c for c in r.get_json()["conflicts"] if c["rule"] == "event_overlap"]
    assert [(next(p["title"] for p in c["parties"] if p["id"] != parade["id"]), c["window_local"]["start"])
            for c in clash] == [
        ("Copenhagen Pride: Pride Square på Rådhuspladsen", "2025-08-16T13:00:00+02:00")]


def test_golden_ed_sheeran_nights_against_a_tighter_capacity(seeded_app: Flask) -> None:
    # Four Ed Sheeran nights (110 officers) in Kastrup Strandpark; the Gymnich meeting (250, restricted)
    # and the last DHL relay evening (40) overlap the second night: 400 officers, exactly the district's
    # capacity (no conflict at 400). With capacity 300 that evening is a peak from 16:00 to midnight;
    # a viewer sees the meeting redacted.
    seeded_app.config["CAPACITY_OFFICERS"] = 300
    found = _conflicts(seeded_app, "from=2025-08-28&to=2025-09-01&rule=capacity", role="viewer")
    assert [(c["window_local"]["start"], c["window_local"]["end"], c["peak_officers"]) for c in found] == [
        ("2025-08-29T16:00:00+02:00", "2025-08-30T00:00:00+02:00", 400)]
    titles = sorted(p["title"] for p in found[0]["parties"])
    assert titles == ["DHL Stafetten", "Ed Sheeran: koncerter i Kastrup Strandpark", "Restricted activity"]
    seeded_app.config["CAPACITY_OFFICERS"] = 400
    assert _conflicts(seeded_app, "from=2025-08-28&to=2025-09-01&rule=capacity") == []


# -- PostGIS: the same answers (the database only narrows; the engine decides) ---------------------

@pytest.mark.postgis
def test_postgis_golden_whole_year(seeded_pg_app: Flask) -> None:
    test_golden_whole_year(seeded_pg_app)
    test_golden_distortion_vesterbro_runs_into_the_nightlife_zones(seeded_pg_app)


def test_importing_a_zone_reports_the_conflicts_it_adds_and_removes(app: Flask) -> None:
    import json

    from tests.api.zone_upload import upload

    _store(app, event_feature(title="Natfest", starts_at="2025-06-05T22:00:00+02:00",
                              ends_at="2025-06-06T03:00:00+02:00"))
    zone = zone_feature(name="Vesterbrogade")
    collection = {"type": "FeatureCollection", "features": [zone]}
    r = upload(app, json.dumps(collection).encode())
    assert r.status_code in (200, 201), r.get_json()
    added = r.get_json()["conflicts"]["added"]
    assert [c["rule"] for c in added] == ["zone_active"]
    assert added[0]["message"]["en"].startswith("Natfest overlaps the Vesterbrogade nightlife zone on 5 June")
    assert r.get_json()["conflicts"]["removed"] == []
    zone["geometry"]["coordinates"] = [[[12.60, 55.64], [12.61, 55.64], [12.61, 55.65], [12.60, 55.65],
                                        [12.60, 55.64]]]  # moved to Amager, away from the party
    r = upload(app, json.dumps(collection).encode())
    assert r.status_code in (200, 201), r.get_json()
    assert [c["rule"] for c in r.get_json()["conflicts"]["removed"]] == ["zone_active"]
