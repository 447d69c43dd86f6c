"""geo.maps: folium maps from plain features, offline, escaped, with active intervals for the slider."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from shapely.geometry import LineString, Point, Polygon, shape

from calendars.hours import parse_active_hours
from geo.map_style import swatch_css
from geo.maps import (
    MapArea,
    MapEvent,
    MapOptions,
    MapZone,
    build_map,
    event_features,
    render_parts,
    render_standalone,
    zone_features,
)

ROOT = Path(__file__).resolve().parents[2]
AT = datetime(2025, 6, 5, 21, 30, tzinfo=UTC)  # 23:30 in Copenhagen
WINDOW = (datetime(2025, 6, 4, 22, 0, tzinfo=UTC), datetime(2025, 6, 6, 22, 0, tzinfo=UTC))
SQUARE = Polygon([(12.56, 55.67), (12.57, 55.67), (12.57, 55.68), (12.56, 55.68)])
NIGHT = parse_active_hours(
    [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "05:00"}]
)


def _opts(**kw) -> MapOptions:
    return MapOptions(window=WINDOW, at=AT, **kw)


def _event(**kw) -> MapEvent:
    base = {
        "id": "e1",
        "title": "Koncert",
        "kind": "concert",
        "geometry": SQUARE,
        "windows": ((AT, AT + timedelta(hours=3)),),
    }
    return MapEvent(**(base | kw))


def _zone(**kw) -> MapZone:
    base = {
        "id": "z1",
        "name": "Vesterbrogade",
        "kind": "nightlife",
        "geometry": SQUARE,
        "hours": NIGHT,
        "proxy": True,
    }
    return MapZone(**(base | kw))


def _page(events=(), zones=(), **kw) -> str:
    built = build_map(list(events), list(zones), [], [], _opts(**kw))
    p = render_parts(built)
    return p.header + p.html + p.script


def test_no_asset_or_tile_leaves_the_app_by_default() -> None:
    html = _page([_event()], [_zone()], draw=True, locate=True)
    assert re.findall(r"https?://", html) == []
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/leaflet-draw/leaflet.draw.js" in html
    assert "/static/vendor/leaflet-locatecontrol/L.Control.Locate.min.js" in html
    assert "L.tileLayer" not in html


def test_vendored_files_the_map_names_exist() -> None:
    html = _page([_event()], [_zone()], draw=True, locate=True)
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert (ROOT / "app" / url.lstrip("/")).is_file(), url


def test_tile_layer_is_configurable() -> None:
    html = _page(tile_url="http://127.0.0.1:9/{z}/{x}/{y}.png", tile_attribution="Tiles &copy; test")
    assert "L.tileLayer" in html
    assert "http://127.0.0.1:9/{z}/{x}/{y}.png" in html


def test_user_text_is_escaped_in_popups_and_tooltips() -> None:
    evil = "<script>alert(1)</script>`${x}`"
    html = _page([_event(title=evil, organiser="<b>o</b>")], [_zone(name=evil)])
    assert "<script>alert" not in html
    assert "<b>o</b>" not in html
    feats, _ = event_features([_event(title=evil)], _opts())
    props = feats["features"][0]["properties"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in props["popup_html"]
    assert props["tooltip"].startswith("&lt;script&gt;")


def test_popup_shows_local_times_organiser_attendance_and_links() -> None:
    ev = _event(organiser="Tivoli", attendance=12000, url="/events/e1", conflicts_url="/events/e1#conflicts")
    popup = event_features([ev], _opts())[0]["features"][0]["properties"]["popup_html"]
    assert "05.06.2025 23:30–02:30" not in popup  # crosses midnight: the end carries its date
    assert "05.06.2025 23:30–06.06.2025 02:30" in popup
    assert "Arrangør: Tivoli" in popup and "12.000" in popup
    assert 'href="/events/e1"' in popup and 'href="/events/e1#conflicts"' in popup


def test_english_labels() -> None:
    popup = event_features([_event(organiser="X")], _opts(lang="en"))[0]["features"][0]["properties"]
    assert "Organiser: X" in popup["popup_html"]


def test_zone_carries_its_active_intervals_within_the_window() -> None:
    props = zone_features([_zone()], _opts())["features"][0]["properties"]
    ms = [
        [datetime.fromtimestamp(s / 1000, UTC), datetime.fromtimestamp(e / 1000, UTC)]
        for s, e in props["ovb_active"]
    ]
    # 00:00-05:00 local (CEST, UTC+2) on 5, 6 June within [4 June 22:00Z, 6 June 22:00Z)
    assert ms == [
        [datetime(2025, 6, 4, 22, 0, tzinfo=UTC), datetime(2025, 6, 5, 3, 0, tzinfo=UTC)],
        [datetime(2025, 6, 5, 22, 0, tzinfo=UTC), datetime(2025, 6, 6, 3, 0, tzinfo=UTC)],
    ]


def test_zone_outside_its_designation_period_is_never_active() -> None:
    z = _zone(valid_from=date(2025, 7, 1), valid_until=date(2025, 8, 31))
    assert zone_features([z], _opts())["features"][0]["properties"]["ovb_active"] == []


def test_proxy_zone_is_labelled_approximate() -> None:
    props = zone_features([_zone()], _opts())["features"][0]["properties"]
    assert "omtrentlig grænse / approximate boundary" in props["tooltip"]
    assert "omtrentlig grænse / approximate boundary" in props["popup_html"]
    assert "dashArray" in props["style"]


def test_focus_and_conflicts_are_highlighted() -> None:
    other = _event(id="e2", title="Andet")
    opts = _opts(focus_event_id="e1", conflict_ids=frozenset({"e2", "z1"}))
    feats, _ = event_features([_event(), other], opts)
    roles = {f["id"]: f["properties"]["ovb_role"] for f in feats["features"]}
    assert roles == {"e1": "focus", "e2": "conflict"}
    zone = zone_features([_zone()], opts)["features"][0]["properties"]["style"]
    assert "ovb-conflict" in zone["className"]


def test_routes_are_lines_and_points_get_faint_buffers() -> None:
    route = _event(
        id="r", kind="parade", geometry=LineString([(12.53, 55.678), (12.568, 55.676)]), buffer_m=25
    )
    point = _event(id="p", geometry=Point(12.56, 55.675))
    feats, buffers = event_features([route, point], _opts())
    assert feats["features"][0]["geometry"]["type"] == "LineString"
    assert {f["id"] for f in buffers["features"]} == {"r-buffer", "p-buffer"}
    assert all(f["properties"]["style"]["fillOpacity"] < 0.1 for f in buffers["features"])


def test_legend_and_data_attribution_are_on_the_map() -> None:
    html = _page([_event()], [_zone()], data_attribution=("Indeholder data fra Københavns Kommune",))
    assert 'class="ovb-legend"' in html and "Koncert" in html and "Natteliv" in html
    assert "Indeholder data fra Københavns Kommune" in html


def test_swatch_css_is_in_the_served_stylesheet() -> None:
    css = (ROOT / "app/static/css/map.css").read_text(encoding="utf-8")
    assert swatch_css() in css


def test_real_data_layers_render() -> None:
    nl = json.loads((ROOT / "app/seed/geo/nightlife_zones.geojson").read_text(encoding="utf-8"))
    zones = [
        _zone(id=f"z{i}", name=f["properties"]["name"], geometry=shape(f["geometry"]))
        for i, f in enumerate(nl["features"])
    ]
    muni = [MapArea("København", SQUARE, "0101")]
    built = build_map([_event()], zones, muni, [MapArea("Københavns Politi", SQUARE.buffer(0.01))], _opts())
    html = render_standalone(built)
    assert html.count("ovb-zone-nightlife") >= len(zones)
    assert set(built.config["layers"]) == {"district", "municipalities", "zones", "buffers", "events"}
    assert built.config["at"] == int(AT.timestamp() * 1000)
