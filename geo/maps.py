"""Folium maps of events, zones and areas, built from plain features and served without any CDN.

The map carries each feature's active intervals (epoch milliseconds) so the page's time slider can show
what is active at a chosen moment without asking the server again (see app/static/js/map-time.js).
All popup and tooltip text is HTML-escaped here: titles and names are user input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

import folium
from branca.element import Figure
from folium.plugins import Draw, LocateControl
from folium.template import Template
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from calendars.hours import ActiveHours, active_intervals
from calendars.intervals import COPENHAGEN, Interval
from geo.crs import to_wgs84
from geo.footprint import footprint_metric
from geo.map_style import EVENT_COLOURS, KIND_NAMES, LABELS, ZONE_COLOURS

STATIC = "/static/vendor"
LEAFLET_JS = [("leaflet", f"{STATIC}/leaflet/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", f"{STATIC}/leaflet/leaflet.css"), ("overblik_map_css", "/static/css/map.css")]

DEFAULT_BOUNDS = ((55.645, 12.50), (55.71, 12.62))  # central Copenhagen and Frederiksberg


class OfflineMap(folium.Map):
    """A folium Map that loads Leaflet from the app's own static files instead of CDNs."""

    default_js = LEAFLET_JS
    default_css = LEAFLET_CSS


class LocalDraw(Draw):
    default_js = [("leaflet_draw_js", f"{STATIC}/leaflet-draw/leaflet.draw.js")]
    default_css = [("leaflet_draw_css", f"{STATIC}/leaflet-draw/leaflet.draw.css")]


class LocalLocate(LocateControl):
    default_js = [("locate_js", f"{STATIC}/leaflet-locatecontrol/L.Control.Locate.min.js")]
    default_css = [("locate_css", f"{STATIC}/leaflet-locatecontrol/L.Control.Locate.min.css")]


@dataclass(frozen=True)
class MapEvent:
    """An event as the map needs it; `windows` are its (occurrence) windows in UTC."""

    id: str
    title: str
    kind: str
    geometry: BaseGeometry
    windows: tuple[Interval, ...]
    buffer_m: float | None = None
    status: str = "planned"
    organiser: str | None = None
    attendance: int | None = None
    timezone: str = "Europe/Copenhagen"
    url: str | None = None
    conflicts_url: str | None = None


@dataclass(frozen=True)
class MapZone:
    id: str
    name: str
    kind: str
    geometry: BaseGeometry
    hours: ActiveHours = field(default_factory=ActiveHours)
    hours_text: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    proxy: bool = False
    url: str | None = None


@dataclass(frozen=True)
class MapArea:
    name: str
    geometry: BaseGeometry
    code: str | None = None


@dataclass(frozen=True)
class MapOptions:
    """What the map shows: the slider's range, the moment, the focus, tiles and tools."""

    window: Interval
    at: datetime
    lang: str = "da"
    tile_url: str = ""
    tile_attribution: str = ""
    data_attribution: tuple[str, ...] = ()
    focus_event_id: str | None = None
    conflict_ids: frozenset[str] = frozenset()
    draw: bool = False
    locate: bool = False
    legend: bool = True
    height: str = "100%"


@dataclass(frozen=True)
class BuiltMap:
    """The folium map plus the JS names the page script needs (map and layers)."""

    map: folium.Map
    config: dict[str, Any]


def _ms(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


def _local(dt: datetime, tz: ZoneInfo) -> str:
    return dt.astimezone(tz).strftime("%d.%m.%Y %H:%M")


def _span_text(window: Interval, tz: ZoneInfo) -> str:
    start, end = (w.astimezone(tz) for w in window)
    end_fmt = "%H:%M" if start.date() == end.date() else "%d.%m.%Y %H:%M"
    return f"{start:%d.%m.%Y %H:%M}–{end.strftime(end_fmt)}"


def event_popup(ev: MapEvent, lang: str) -> str:
    """Escaped HTML for an event's popup: title, local times, organiser, attendance, links."""
    lab, tz = LABELS[lang], ZoneInfo(ev.timezone)
    rows = [
        f'<strong class="ovb-popup-title">{escape(ev.title)}</strong>',
        f"<span>{escape(KIND_NAMES[lang].get(ev.kind, ev.kind))}</span>",
    ]
    if ev.windows:
        rows.append(f"<span>{escape(_span_text(ev.windows[0], tz))}</span>")
        if len(ev.windows) > 1:
            rows.append(f"<span>+{len(ev.windows) - 1} {lab['occurrences']}</span>")
    if ev.organiser:
        rows.append(f"<span>{lab['organiser']}: {escape(ev.organiser)}</span>")
    if ev.attendance is not None:
        rows.append(f"<span>{lab['attendance']}: {ev.attendance:,}</span>".replace(",", "."))
    links = []
    if ev.url:
        links.append(f'<a href="{escape(ev.url)}">{lab["open"]}</a>')
    if ev.conflicts_url:
        links.append(f'<a href="{escape(ev.conflicts_url)}">{lab["conflicts"]}</a>')
    if links:
        rows.append(" · ".join(links))
    return '<div class="ovb-popup">' + "<br>".join(rows) + "</div>"


def zone_popup(zone: MapZone, lang: str) -> str:
    lab = LABELS[lang]
    name = escape(zone.name)
    if zone.url:
        name = f'<a href="{escape(zone.url)}">{name}</a>'
    rows = [
        f'<strong class="ovb-popup-title">{name}</strong>',
        f"<span>{escape(KIND_NAMES[lang].get(zone.kind, zone.kind))}</span>",
        f"<span>{lab['hours']}: {escape(zone.hours_text or lab['always'])}</span>",
    ]
    if zone.valid_from or zone.valid_until:
        period = f"{zone.valid_from or '…'} – {zone.valid_until or '…'}"
        rows.append(f"<span>{lab['period']}: {escape(period)}</span>")
    if zone.proxy:
        rows.append(f'<em class="ovb-proxy">{proxy_label()}</em>')
    return '<div class="ovb-popup">' + "<br>".join(rows) + "</div>"


def proxy_label() -> str:
    return "omtrentlig grænse / approximate boundary"


def _feature(geom: BaseGeometry, fid: str, props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "id": fid, "geometry": mapping(geom), "properties": props}


def _intervals_ms(intervals: list[Interval] | tuple[Interval, ...], window: Interval) -> list[list[int]]:
    out = []
    for s, e in intervals:
        s, e = max(s, window[0]), min(e, window[1])
        if s < e:
            out.append([_ms(s), _ms(e)])
    return out


def _event_role(ev: MapEvent, opts: MapOptions) -> str:
    if ev.id == opts.focus_event_id:
        return "focus"
    return "conflict" if ev.id in opts.conflict_ids else ""


def _event_style(ev: MapEvent, role: str) -> dict[str, Any]:
    colour = EVENT_COLOURS.get(ev.kind, EVENT_COLOURS["other"])
    line = ev.geometry.geom_type in ("LineString", "MultiLineString")
    css = f"ovb-event ovb-event-{ev.kind} ovb-id-{ev.id}"
    style: dict[str, Any] = {
        "color": colour,
        "fillColor": colour,
        "weight": 5 if line else 2,
        "fillOpacity": 0.35,
        "opacity": 0.9,
        "className": css,
    }
    if ev.status == "cancelled":
        style.update({"dashArray": "2 6", "fillOpacity": 0.1})
    if role == "focus":
        style.update(
            {"weight": 7 if line else 4, "color": "#000000", "className": css + " ovb-focus"}
        )
    elif role == "conflict":
        style.update(
            {
                "color": "#d7191c",
                "dashArray": "8 4",
                "weight": 4,
                "className": css + " ovb-conflict",
            }
        )
    return style


def event_features(events: list[MapEvent], opts: MapOptions) -> tuple[dict, dict]:
    """Two FeatureCollections: the events themselves and their faint buffers (footprint minus nothing)."""
    feats, buffers = [], []
    for ev in events:
        role = _event_role(ev, opts)
        active = _intervals_ms(ev.windows, opts.window)
        props = {
            "ovb_active": active,
            "ovb_role": role,
            "ovb_kind": ev.kind,
            "popup_html": event_popup(ev, opts.lang),
            "tooltip": escape(ev.title),
            "style": _event_style(ev, role),
        }
        feats.append(_feature(ev.geometry, ev.id, props))
        if ev.buffer_m or ev.geometry.geom_type in ("Point", "LineString", "MultiLineString"):
            ring = to_wgs84(footprint_metric(ev.geometry, ev.buffer_m)).simplify(0.00002)
            colour = EVENT_COLOURS.get(ev.kind, EVENT_COLOURS["other"])
            buffers.append(
                _feature(
                    ring,
                    f"{ev.id}-buffer",
                    {
                        "ovb_active": active,
                        "tooltip": escape(ev.title),
                        "style": {
                            "color": colour,
                            "fillColor": colour,
                            "weight": 1,
                            "opacity": 0.4,
                            "fillOpacity": 0.08,
                            "dashArray": "4 4",
                            "className": "ovb-buffer",
                        },
                    },
                )
            )
    return _collection(feats), _collection(buffers)


def zone_features(zones: list[MapZone], opts: MapOptions) -> dict:
    feats = []
    for z in zones:
        intervals = active_intervals(
            z.hours, opts.window[0], opts.window[1], z.valid_from, z.valid_until, COPENHAGEN
        )
        colour = ZONE_COLOURS.get(z.kind, ZONE_COLOURS["other"])
        conflict = z.id in opts.conflict_ids
        style = {
            "color": "#d7191c" if conflict else colour,
            "fillColor": colour,
            "weight": 4 if conflict else 2,
            "fillOpacity": 0.25,
            "opacity": 0.9,
            "dashArray": "6 4" if z.proxy else None,
            "className": f"ovb-zone ovb-zone-{z.kind} ovb-id-{z.id}" + (" ovb-conflict" if conflict else ""),
        }
        tooltip = escape(z.name) + (f" ({proxy_label()})" if z.proxy else "")
        feats.append(
            _feature(
                z.geometry,
                z.id,
                {
                    "ovb_active": _intervals_ms(intervals, opts.window),
                    "ovb_kind": z.kind,
                    "popup_html": zone_popup(z, opts.lang),
                    "tooltip": tooltip,
                    "style": {k: v for k, v in style.items() if v is not None},
                },
            )
        )
    return _collection(feats)


def area_features(areas: list[MapArea], css: str, colour: str, weight: int) -> dict:
    return _collection(
        [
            _feature(
                a.geometry,
                a.code or a.name,
                {
                    "tooltip": escape(a.name),
                    "style": {
                        "color": colour,
                        "weight": weight,
                        "fill": False,
                        "opacity": 0.8,
                        "className": css,
                    },
                },
            )
            for a in areas
        ]
    )


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _style(feature: dict) -> dict:
    return feature["properties"]["style"]


def _geojson_layer(data: dict, name: str, popup: bool, show: bool = True) -> folium.GeoJson:
    kwargs: dict[str, Any] = {}
    if data["features"]:
        kwargs["tooltip"] = folium.GeoJsonTooltip(fields=["tooltip"], labels=False)
        if popup:
            kwargs["popup"] = folium.GeoJsonPopup(fields=["popup_html"], labels=False)
    return folium.GeoJson(
        data,
        name=name,
        style_function=_style,
        show=show,
        marker=folium.CircleMarker(radius=9, fill=True),
        **kwargs,
    )


class _HtmlBlock(folium.MacroElement):
    """Static, pre-escaped HTML placed next to the map (legend, data attribution)."""

    _template = Template("""
        {% macro html(this, kwargs) %}{{ this.markup }}{% endmacro %}
    """)

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.markup = markup


def legend_html(events: list[MapEvent], zones: list[MapZone], opts: MapOptions) -> str:
    lab, kinds = LABELS[opts.lang], KIND_NAMES[opts.lang]
    items = [
        (EVENT_COLOURS[k], kinds[k], "ev") for k in sorted({e.kind for e in events}) if k in EVENT_COLOURS
    ]
    items += [(ZONE_COLOURS[k], kinds[k], "zo") for k in sorted({z.kind for z in zones}) if k in ZONE_COLOURS]
    rows = "".join(
        f'<li><span class="ovb-swatch ovb-swatch-{shape} ovb-c-{colour[1:]}"></span>{escape(name)}</li>'
        for colour, name, shape in items
    )
    if any(z.proxy for z in zones):
        rows += f'<li><span class="ovb-swatch ovb-swatch-proxy"></span>{proxy_label()}</li>'
    attribution = "".join(f"<p>{escape(a)}</p>" for a in opts.data_attribution)
    return (
        f'<div class="ovb-legend" id="ovb-legend"><details open><summary>{lab["legend"]}</summary>'
        f'<ul>{rows}</ul></details><div class="ovb-data-attribution">{attribution}</div></div>'
    )


def build_map(
    events: list[MapEvent],
    zones: list[MapZone],
    municipalities: list[MapArea],
    district: list[MapArea],
    opts: MapOptions,
) -> BuiltMap:
    """The whole map: layers, legend, attribution, optional draw and locate tools."""
    lab = LABELS[opts.lang]
    m = OfflineMap(
        location=None, tiles=None, zoom_start=12, height=opts.height, control_scale=True, prefer_canvas=False
    )
    if opts.tile_url:
        folium.TileLayer(
            tiles=opts.tile_url, attr=opts.tile_attribution or " ", name="Kort", control=False
        ).add_to(m)
    ev_data, buf_data = event_features(events, opts)
    layers = {
        "district": _geojson_layer(
            area_features(district, "ovb-district", "#1a1a1a", 3), lab["district"], False
        ),
        "municipalities": _geojson_layer(
            area_features(municipalities, "ovb-municipality", "#555555", 1), lab["municipalities"], False
        ),
        "zones": _geojson_layer(zone_features(zones, opts), lab["zones"], True),
        "buffers": _geojson_layer(buf_data, lab["buffers"], False),
        "events": _geojson_layer(ev_data, lab["events"], True),
    }
    for layer in layers.values():
        layer.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    if opts.legend:
        _HtmlBlock(legend_html(events, zones, opts)).add_to(m)
    drawn = None
    if opts.draw:
        drawn = LocalDraw(
            export=False,
            position="topleft",
            show_geometry_on_click=False,
            draw_options={
                "circle": False,
                "circlemarker": False,
                "rectangle": False,
                "polygon": {"allowIntersection": True, "showArea": False},
            },
            edit_options={"edit": True, "remove": True},
        )
        drawn.add_to(m)
    if opts.locate:
        LocalLocate(
            auto_start=False,
            flyTo=False,
            keepCurrentZoomLevel=False,
            strings={"title": "Vis min position / Show my position"},
        ).add_to(m)
    m.fit_bounds(_bounds(events, opts) or [list(DEFAULT_BOUNDS[0]), list(DEFAULT_BOUNDS[1])], max_zoom=16)
    config = {
        "map": m.get_name(),
        "layers": {k: v.get_name() for k, v in layers.items()},
        "window": [_ms(opts.window[0]), _ms(opts.window[1])],
        "at": _ms(opts.at),
        "lang": opts.lang,
        "timezone": "Europe/Copenhagen",
        "drawnItems": f"drawnItems_{drawn.get_name()}" if drawn is not None else None,
    }
    return BuiltMap(m, config)


def _bounds(events: list[MapEvent], opts: MapOptions) -> list[list[float]] | None:
    focus = [e for e in events if e.id == opts.focus_event_id]
    if not focus:
        return None
    minx, miny, maxx, maxy = footprint_bounds(focus[0])
    return [[miny, minx], [maxy, maxx]]


def footprint_bounds(ev: MapEvent) -> tuple[float, float, float, float]:
    return to_wgs84(footprint_metric(ev.geometry, ev.buffer_m)).buffer(0).bounds


@dataclass(frozen=True)
class MapParts:
    """The rendered pieces a page template places: header (links, styles), body HTML, script."""

    header: str
    html: str
    script: str


def render_parts(built: BuiltMap) -> MapParts:
    root = built.map.get_root()
    assert isinstance(root, Figure)
    root.render()
    return MapParts(root.header.render(), root.html.render(), root.script.render())


def render_standalone(built: BuiltMap) -> str:
    return built.map.get_root().render()
