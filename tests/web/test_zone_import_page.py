"""The zone upload page /zones/import: preview (dry run), confirm, errors, CSRF and roles."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.api.zone_upload import db_state
from tests.geo.gis_builders import BOW_TIE, INDRE_BY, frame, to_bytes, zip_bytes, zones_frame
from tests.web.conftest import sign_in


@pytest.fixture
def app(seeded_app: Flask, tmp_path: Path) -> Iterator[Flask]:
    seeded_app.instance_path = str(tmp_path / "instance")  # kept uploads land in this test's folder
    yield seeded_app


@pytest.fixture
def planner(app: Flask) -> FlaskClient:
    client = app.test_client()
    sign_in(client, "planner", "planner-import")
    return client


def _post(client: FlaskClient, data: bytes | None, filename: str = "zoner.zip", **form: str):  # type: ignore[no-untyped-def]
    fields: dict = {"kind": "nightlife", "dry_run": "1", **form}
    if data is not None:
        fields["file"] = (io.BytesIO(data), filename)
    resp = client.post("/zones/import", data=fields, content_type="multipart/form-data")
    resp.get_data()
    return resp


def _count(html: str, what: str) -> int:
    m = re.search(rf'id="count-{what}">(\d+)<', html)
    assert m, f"no {what} count"
    return int(m.group(1))


def _uploads(app: Flask) -> list[Path]:
    folder = Path(app.instance_path) / "zone_uploads"
    return sorted(folder.iterdir()) if folder.exists() else []


def _zone_names(client: FlaskClient) -> set[str]:
    return {f["properties"]["name"] for f in client.get("/api/v1/zones").get_json()["features"]}


def test_form_is_linked_from_the_zones_page(planner: FlaskClient) -> None:
    assert 'href="/zones/import"' in planner.get("/zones").get_data(as_text=True)
    html = planner.get("/zones/import").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html and 'name="csrf_token"' in html
    for field in ("file", "kind", "name_field", "crs", "valid_from", "valid_until"):
        assert f'name="{field}"' in html


def test_shapefile_preview_then_confirm_stores(app: Flask, planner: FlaskClient) -> None:
    before = db_state(app)
    data = to_bytes(zones_frame("EPSG:25832"), "shp")
    resp = _post(planner, data, name_field="NAVN", valid_from="2026-06-01", valid_until="2028-05-31")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200, html
    assert 'data-dry-run="true"' in html and "EPSG:25832" in html
    assert [_count(html, w) for w in ("new", "changed", "unchanged", "removed", "rejected")] == [2, 0, 0, 0, 0]
    assert "Indre By" in html and "Vesterbro" in html
    assert db_state(app) == before  # a preview stores nothing
    token = re.search(r'name="upload" value="([0-9a-f]{32})"', html)
    assert token and len(_uploads(app)) == 2

    applied = planner.post("/zones/import", data={"upload": token.group(1)})
    page = applied.get_data(as_text=True)
    assert applied.status_code == 200, page
    assert 'data-dry-run="false"' in page and _count(page, "new") == 2
    zones = {f["properties"]["name"]: f["properties"] for f in planner.get("/api/v1/zones").get_json()["features"]}
    assert zones["Indre By"]["valid_until"] == "2028-05-31" and zones["Indre By"]["source"] == "zoner.zip"
    assert _uploads(app) == []  # the kept file is gone after applying
    again = planner.post("/zones/import", data={"upload": token.group(1)})
    assert again.status_code == 410 and "Upload filen igen" in again.get_data(as_text=True)


def test_geojson_reimport_preview_shows_unchanged_and_new(app: Flask, planner: FlaskClient) -> None:
    first = to_bytes(zones_frame(), "geojson")
    assert _post(planner, first, "zoner.geojson", dry_run="", source="KK").status_code == 200  # applied directly
    moved = frame([INDRE_BY, INDRE_BY.buffer(0.001)], NAVN=["Indre By", "Vesterbro"])
    html = _post(planner, to_bytes(moved, "geojson"), "zoner.geojson", source="KK").get_data(as_text=True)
    assert (_count(html, "unchanged"), _count(html, "changed"), _count(html, "new")) == (1, 1, 0)
    assert "geometry" in html


def test_invalid_polygon_is_rejected_with_index_and_repair_proposal(app: Flask, planner: FlaskClient) -> None:
    data = to_bytes(frame([INDRE_BY, BOW_TIE], NAVN=["Indre By", "Sløjfe"]), "geojson")
    html = _post(planner, data, "zoner.geojson").get_data(as_text=True)
    assert _count(html, "rejected") == 1 and _count(html, "new") == 1
    assert "Objekt 1" in html and "Forslag til reparation" in html
    assert 'name="upload"' not in html  # no confirm while records are rejected without "store the rest"
    before = db_state(app)
    resp = _post(planner, data, "zoner.geojson", dry_run="")
    assert resp.status_code == 422 and "Intet blev gemt" in resp.get_data(as_text=True)
    assert db_state(app) == before


def test_zip_without_shp_is_a_clear_message_and_stores_nothing(app: Flask, planner: FlaskClient) -> None:
    before = db_state(app)
    data = zip_bytes({"readme.txt": b"no shapefile here", "zoner.prj": b""})
    resp = _post(planner, data, dry_run="")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    error = re.search(r'id="import-error">(.*?)</div>', html, re.S)
    assert error and "Intet blev gemt" in error.group(1) and ".shp" in error.group(1)
    assert db_state(app) == before and _uploads(app) == []


def test_missing_file_and_kind_are_named(planner: FlaskClient) -> None:
    resp = _post(planner, None)
    assert resp.status_code == 422 and "Vælg en fil at uploade" in resp.get_data(as_text=True)
    resp = _post(planner, to_bytes(zones_frame(), "geojson"), "z.geojson", kind="")
    assert resp.status_code == 422 and "Vælg hvilken slags zoner" in resp.get_data(as_text=True)


def test_csrf_token_required(app: Flask) -> None:
    client = app.test_client()
    sign_in(client, "planner", "planner-import")
    client.environ_base.pop("HTTP_X_CSRFTOKEN", None)
    before = db_state(app)
    resp = _post(client, to_bytes(zones_frame(), "geojson"), "z.geojson", dry_run="")
    assert resp.status_code == 400
    assert db_state(app) == before and _uploads(app) == []
    # the form's own token is accepted
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/zones/import").get_data(as_text=True))
    assert token
    ok = _post(client, to_bytes(zones_frame(), "geojson"), "z.geojson", dry_run="", csrf_token=token.group(1))
    assert ok.status_code == 200 and "Indre By" in _zone_names(client)


def test_a_kept_upload_belongs_to_its_uploader(app: Flask, planner: FlaskClient) -> None:
    html = _post(planner, to_bytes(zones_frame(), "geojson"), "z.geojson").get_data(as_text=True)
    token = re.search(r'name="upload" value="([0-9a-f]{32})"', html)
    assert token
    other = app.test_client()
    sign_in(other, "planner", "another-planner")
    before = db_state(app)
    assert other.post("/zones/import", data={"upload": token.group(1)}).status_code == 410
    assert other.post("/zones/import", data={"upload": "../../etc/passwd"}).status_code == 410
    assert db_state(app) == before


@pytest.mark.parametrize("role,status", [(None, 401), ("viewer", 403)])
def test_viewers_and_anonymous_are_refused(app: Flask, role: str | None, status: int) -> None:
    client = app.test_client()
    if role:
        sign_in(client, role, f"{role}-import")
    page = client.get("/zones/import")
    assert page.status_code == status and 'class="error-page"' in page.get_data(as_text=True)
    assert 'href="/zones/import"' not in client.get("/zones").get_data(as_text=True)
    if role:  # a signed-in viewer with a valid CSRF token still may not post
        before = db_state(app)
        resp = _post(client, to_bytes(zones_frame(), "geojson"), "z.geojson", dry_run="")
        assert resp.status_code == 403 and "Kun planlæggere" in resp.get_data(as_text=True)
        assert db_state(app) == before


def test_a_file_over_the_general_request_limit_but_under_the_import_limit_is_read(app: Flask,
                                                                                   planner: FlaskClient) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024  # the app's general limit for other forms
    padded = frame([INDRE_BY], NAVN=["Indre By"], note=["x" * 200_000])
    data = to_bytes(padded, "geojson")
    assert len(data) > 200_000
    resp = _post(planner, data, "stor.geojson")
    assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]
    assert _count(resp.get_data(as_text=True), "new") == 1


def test_a_file_over_the_import_limit_is_refused_unread_with_a_clear_message(app: Flask,
                                                                              planner: FlaskClient) -> None:
    app.config["ZONE_IMPORT_MAX_BYTES"] = 10_000
    before = db_state(app)
    data = to_bytes(frame([INDRE_BY], NAVN=["Indre By"], note=["x" * 100_000]), "geojson")
    resp = _post(planner, data, "stor.geojson", dry_run="")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 413 and "Filen er større end grænsen" in html and 'id="import-form"' in html
    assert db_state(app) == before and _uploads(app) == []
