"""flask zones import / zones expiring through Flask's CLI runner."""

from __future__ import annotations

import json

from flask import Flask

from tests.api.zone_upload import db_state
from tests.geo.gis_builders import BOW_TIE, INDRE_BY, frame, to_bytes, zones_frame


def test_import_dry_run_then_apply(app: Flask, tmp_path) -> None:
    path = tmp_path / "natteliv.zip"
    path.write_bytes(to_bytes(zones_frame("EPSG:25832"), "shp", drop=(".prj",)))
    runner = app.test_cli_runner()
    before = db_state(app)
    res = runner.invoke(args=["zones", "import", str(path), "--kind", "nightlife", "--name-field", "NAVN",
                              "--crs", "EPSG:25832", "--dry-run"])
    assert res.exit_code == 0, res.output
    assert "DRY RUN" in res.output and "new       #0    Indre By" in res.output
    assert "created 2, updated 0, unchanged 0, removed 0, rejected 0" in res.output
    assert db_state(app) == before
    res = runner.invoke(args=["zones", "import", str(path), "--kind", "nightlife", "--name-field", "NAVN",
                              "--crs", "EPSG:25832", "--valid-until", "2026-05-31",
                              "--active-hours", json.dumps([{"start": "00:00", "end": "05:00"}])])
    assert res.exit_code == 0, res.output
    assert "applied" in res.output and db_state(app)[0] == 2


def test_import_errors_are_clear_and_change_nothing(app: Flask, tmp_path) -> None:
    runner = app.test_cli_runner()
    noprj = tmp_path / "z.zip"
    noprj.write_bytes(to_bytes(zones_frame("EPSG:25832"), "shp", drop=(".prj",)))
    res = runner.invoke(args=["zones", "import", str(noprj), "--kind", "nightlife"])
    assert res.exit_code == 1 and "z.zip: the Shapefile has no .prj file" in res.output
    bad = tmp_path / "bad.geojson"
    bad.write_bytes(to_bytes(frame([INDRE_BY, BOW_TIE], NAVN=["ok", "sløjfe"]), "geojson"))
    res = runner.invoke(args=["zones", "import", str(bad), "--kind", "nightlife"])
    assert res.exit_code == 1
    assert "rejected  #1    invalid polygon: Self-intersection" in res.output and "[repair: area" in res.output
    assert "nothing was stored" in res.output
    res = runner.invoke(args=["zones", "import", str(bad), "--kind", "bar"])
    assert res.exit_code == 1 and "unknown zone kind 'bar'" in res.output
    assert db_state(app)[0] == 0


def test_expiring_lists_designations_ending_soon(seeded_app: Flask) -> None:
    seeded_app.config["TODAY"] = "2026-04-15"
    runner = seeded_app.test_cli_runner()
    res = runner.invoke(args=["zones", "expiring", "--within", "P60D"])
    assert res.exit_code == 0, res.output
    assert res.output.count("2026-05-31    46 d  nightlife") == 4
    assert "4 zones expire by 2026-06-14" in res.output
    res = runner.invoke(args=["zones", "expiring", "--within", "sixty days"])
    assert res.exit_code == 1 and "--within: 'sixty days' is not an ISO 8601 duration" in res.output
