"""POST /api/v1/zones/import through the test client: dry run, apply in one transaction, re-import."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Flask
from shapely import affinity

from tests.api.zone_upload import db_state, upload
from tests.factories import auth_headers
from tests.geo.gis_builders import BOW_TIE, INDRE_BY, VESTERBRO, frame, hausdorff_m, to_bytes, zones_frame

NIGHTLY = json.dumps([{"start": "00:00", "end": "05:00"}])


def cph_today() -> date:
    return datetime.now(ZoneInfo("Europe/Copenhagen")).date()


def _zones(app: Flask) -> dict[str, dict]:
    body = app.test_client().get("/api/v1/zones").get_json()
    return {f["properties"]["name"]: f for f in body["features"]}


def test_dry_run_reports_and_stores_nothing(app: Flask) -> None:
    before = db_state(app)
    resp = upload(app, to_bytes(zones_frame("EPSG:25832"), "shp"), "zoner.zip", query="?dry_run=true",
                  name_field="NAVN")
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["dry_run"] is True and body["applied"] is False
    assert (body["created"], body["updated"], body["unchanged"], body["rejected"]) == (2, 0, 0, [])
    assert [i["name"] for i in body["items"]["new"]] == ["Indre By", "Vesterbro"]
    assert body["format"] == "shapefile" and body["source_crs"] == "EPSG:25832"
    assert body["items"]["new"][0]["area_m2"] > 10_000
    assert db_state(app) == before


def test_apply_stores_zones_with_area_facts_and_options(app: Flask) -> None:
    resp = upload(app, to_bytes(zones_frame("EPSG:3857"), "gpkg"), "natteliv.gpkg",
                  valid_from="2024-06-01", valid_until="2026-05-31", active_hours=NIGHTLY)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["created"] == 2
    zones = _zones(app)
    indre = zones["Indre By"]["properties"]
    assert indre["kind"] == "nightlife" and indre["source"] == "natteliv.gpkg"
    assert (indre["valid_from"], indre["valid_until"]) == ("2024-06-01", "2026-05-31")
    assert indre["active_hours"][0]["start"] == "00:00" and len(indre["active_hours"][0]["days"]) == 7
    assert indre["municipalities"] == ["0101"] and indre["city_districts"] == ["Indre By"]
    assert indre["area_m2"] > 100_000 and indre["perimeter_m"] > 1_000
    from shapely.geometry import shape

    assert hausdorff_m(shape(zones["Vesterbro"]["geometry"]), VESTERBRO) < 0.5


def test_reimport_shows_new_changed_unchanged_removed_then_applies(app: Flask) -> None:
    app.config["TODAY"] = "2026-04-15"
    upload(app, to_bytes(zones_frame(), "geojson"), source="KK natteliv")
    norrebro = affinity.translate(INDRE_BY, yoff=0.01)
    data = to_bytes(frame([INDRE_BY, norrebro], NAVN=["Indre By", "Nørrebro"]), "geojson")  # Vesterbro gone
    before = db_state(app)
    preview = upload(app, data, source="KK natteliv", query="?dry_run=true").get_json()
    assert (preview["created"], preview["unchanged"], preview["removed"]) == (1, 1, 1)
    assert preview["items"]["removed"][0]["name"] == "Vesterbro"
    assert db_state(app) == before
    applied = upload(app, data, source="KK natteliv").get_json()
    assert applied["items"] == preview["items"] | {"new": [applied["items"]["new"][0]]}
    assert applied["items"]["new"][0]["id"] is not None
    assert _zones(app)["Vesterbro"]["properties"]["valid_until"] == "2026-04-14"
    # a changed geometry for a known name is an update, with the area change
    moved = affinity.translate(norrebro, xoff=0.001)  # ~63 m east
    third = to_bytes(frame([INDRE_BY, moved], NAVN=["Indre By", "Nørrebro"]), "geojson")
    changed = upload(app, third, source="KK natteliv").get_json()
    assert changed["updated"] == 1 and changed["items"]["changed"][0]["changes"] == ["geometry"]
    assert "area_change_m2" in changed["items"]["changed"][0]
    assert _zones(app)["Nørrebro"]["properties"]["version"] == 2


def test_exported_zones_reimport_as_unchanged(app: Flask) -> None:
    upload(app, to_bytes(zones_frame(), "kml"), "zoner.kml", source="KML")
    for fmt in ("gpkg", "geojson", "kml"):
        exported = app.test_client().get(f"/api/v1/export/zones.{fmt}").data
        body = upload(app, exported, f"x.{fmt}", source="KML", name_field="name",
                      query="?dry_run=true").get_json()
        assert "unchanged" in body, (fmt, body)
        assert (body["unchanged"], body["created"], body["updated"], body["removed"]) == (2, 0, 0, 0), fmt


def test_invalid_polygon_gets_a_repair_proposal_and_blocks_the_file(app: Flask) -> None:
    data = to_bytes(frame([INDRE_BY, BOW_TIE], NAVN=["ok", "sløjfe"]), "geojson")
    preview = upload(app, data, query="?dry_run=true").get_json()
    (bad,) = preview["rejected"]
    assert bad["index"] == 1 and "Self-intersection" in bad["reason"]
    assert bad["repair"]["geometry"]["type"] == "MultiPolygon" and bad["repair"]["area_change_m2"] > 0
    before = db_state(app)
    resp = upload(app, data)
    assert resp.status_code == 422
    body = resp.get_json()
    assert body["error"]["code"] == "rejected_records" and body["error"]["field"] == "file"
    assert "index 1" in body["error"]["message"] and "nothing was stored" in body["error"]["message"]
    assert db_state(app) == before
    partial = upload(app, data, partial="true").get_json()
    assert partial["created"] == 1 and partial["rejected"][0]["index"] == 1
    repaired = upload(app, data, repair="true").get_json()
    assert repaired["created"] == 1 and repaired["unchanged"] == 1
    assert repaired["items"]["new"][0]["notes"][0].startswith("repaired with make_valid")


def test_record_level_problems_are_rejected_by_index(app: Flask) -> None:
    long_name = "x" * 300
    data = to_bytes(frame([INDRE_BY, VESTERBRO, INDRE_BY], NAVN=["A", long_name, "a "]), "geojson")
    body = upload(app, data, query="?dry_run=true").get_json()
    reasons = {r["index"]: r["reason"] for r in body["rejected"]}
    assert "200" in reasons[1] and "name" in reasons[1]
    assert reasons[2] == "name 'a ' is also used by feature 0"


def test_a_file_without_a_name_field_asks_for_one(app: Flask) -> None:
    data = to_bytes(frame([INDRE_BY], OMRAADE=["x"]), "geojson")
    body = upload(app, data, query="?dry_run=true").get_json()
    assert "give name_field" in body["rejected"][0]["reason"] and "OMRAADE" in body["rejected"][0]["reason"]
    assert upload(app, data, name_field="OMRAADE").get_json()["created"] == 1


def test_zero_coordinates_in_3d_are_accepted_with_a_note(app: Flask) -> None:
    import shapely

    data = to_bytes(frame([shapely.force_3d(INDRE_BY, 7.5)], NAVN=["3d"]), "gpkg")
    body = upload(app, data, "z.gpkg").get_json()
    assert body["created"] == 1 and body["items"]["new"][0]["notes"] == ["Z values dropped"]
    assert any("Z (height)" in n for n in body["notes"])


def test_planner_rights_are_checked_before_the_file_is_read(app: Flask) -> None:
    data = to_bytes(zones_frame(), "geojson")
    assert upload(app, data, role="anonymous").status_code == 401
    resp = upload(app, data, role="viewer")
    assert resp.status_code == 403 and "planner" in resp.get_json()["error"]["message"]
    assert db_state(app)[0] == 0


def test_temporary_zone_follows_its_event_and_ends_when_it_is_cancelled(app: Flask) -> None:
    from tests.factories import event_feature, zone_feature

    client, headers = app.test_client(), auth_headers(app, "planner")
    ev = client.post("/api/v1/events", json=event_feature(
        starts_at="2025-06-05T14:00:00+02:00", ends_at="2025-06-06T02:00:00+02:00",
        teardown_ends_at="2025-06-06T06:00:00+02:00"), headers=headers)
    event = ev.get_json()
    zone = client.post("/api/v1/zones", json=zone_feature(event_id=event["id"], valid_from="2020-01-01",
                                                           valid_until="2030-01-01"), headers=headers)
    assert zone.status_code == 201, zone.get_json()
    props = zone.get_json()["properties"]
    assert (props["valid_from"], props["valid_until"]) == ("2025-06-05", "2025-06-06")
    moved = client.patch(f"/api/v1/events/{event['id']}", headers=headers | {"If-Match": ev.headers["ETag"]},
                         json={"type": "Feature", "properties": {
                             "starts_at": "2025-06-12T14:00:00+02:00", "ends_at": "2025-06-12T23:00:00+02:00",
                             "teardown_ends_at": None}})
    assert moved.status_code == 200, moved.get_json()
    got = client.get(f"/api/v1/zones/{zone.get_json()['id']}").get_json()["properties"]
    assert (got["valid_from"], got["valid_until"], got["version"]) == ("2025-06-12", "2025-06-12", 2)
    cancel = client.patch(f"/api/v1/events/{event['id']}", headers=headers | {"If-Match": moved.headers["ETag"]},
                          json={"type": "Feature", "properties": {"status": "cancelled"}})
    assert cancel.status_code == 200
    got = client.get(f"/api/v1/zones/{zone.get_json()['id']}").get_json()["properties"]
    # cancelled (today, after the event): it had already ended, so its period stays as it was
    assert got["valid_until"] == "2025-06-12"


def test_cancelling_a_future_event_ends_its_zone_yesterday(app: Flask) -> None:
    from tests.factories import event_feature, zone_feature

    client, headers = app.test_client(), auth_headers(app, "planner")
    start = cph_today() + timedelta(days=30)
    ev = client.post("/api/v1/events", json=event_feature(
        starts_at=f"{start}T14:00:00+02:00", ends_at=f"{start}T23:00:00+02:00"), headers=headers)
    zone = client.post("/api/v1/zones", json=zone_feature(event_id=ev.get_json()["id"]), headers=headers)
    assert zone.get_json()["properties"]["valid_until"] == start.isoformat()
    client.patch(f"/api/v1/events/{ev.get_json()['id']}", headers=headers | {"If-Match": ev.headers["ETag"]},
                 json={"type": "Feature", "properties": {"status": "cancelled"}})
    got = client.get(f"/api/v1/zones/{zone.get_json()['id']}").get_json()["properties"]
    yesterday = (cph_today() - timedelta(days=1)).isoformat()
    assert (got["valid_from"], got["valid_until"]) == (yesterday, yesterday)


def test_active_hours_exceptions_for_new_years_eve_round_trip(app: Flask) -> None:
    from tests.factories import zone_feature

    client, headers = app.test_client(), auth_headers(app, "planner")
    nye = {"2025-12-31": [{"days": ["wed"], "start": "18:00", "end": "06:00"}], "2025-12-24": []}
    resp = client.post("/api/v1/zones", json=zone_feature(active_hours_exceptions=nye), headers=headers)
    assert resp.status_code == 201, resp.get_json()
    exc = resp.get_json()["properties"]["active_hours_exceptions"]
    assert exc["2025-12-31"][0]["start"] == "18:00" and exc["2025-12-24"] == []
    bad = client.post("/api/v1/zones", json=zone_feature(active_hours_exceptions={"31-12-2025": []}),
                      headers=headers)
    assert bad.status_code == 422 and "31-12-2025" in bad.get_json()["error"]["message"]
