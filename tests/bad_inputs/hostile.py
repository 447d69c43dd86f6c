"""Builders for hostile payloads: huge polygons, lying zips, XML entities, injected iCal lines."""

from __future__ import annotations

import json
import math
import struct
from typing import Any

from tests.factories import event_feature, zone_feature
from tests.geo.gis_builders import zip_bytes

CENTRE = (12.5600, 55.6732)


def ring(n: int, r_deg: float = 0.002) -> list[list[float]]:
    """A closed circle-ish ring of n vertices around Vesterbro (valid, convex)."""
    pts = [[round(CENTRE[0] + r_deg * math.cos(2 * math.pi * i / n), 7),
            round(CENTRE[1] + r_deg * math.sin(2 * math.pi * i / n), 7)] for i in range(n)]
    return pts + [pts[0]]


def polygon_event(n: int) -> bytes:
    return json.dumps(event_feature({"type": "Polygon", "coordinates": [ring(n)]})).encode()


def event_json(geometry: dict[str, Any] | None = None, **props: Any) -> bytes:
    return json.dumps(event_feature(geometry, **props)).encode()


def zone_json(geometry: dict[str, Any] | None = None, **props: Any) -> bytes:
    return json.dumps(zone_feature(geometry, **props)).encode()


def lying_zip_bomb(claimed: int = 4 * 1024**3 - 1) -> bytes:
    """A zip whose central directory claims its .shp unpacks to ~4 GB (what a bomb looks like from outside)."""
    data = bytearray(zip_bytes({"zones.shp": b"\0" * 100, "zones.shx": b"\0" * 100, "zones.dbf": b"\0" * 100}))
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        struct.pack_into("<I", data, pos + 24, claimed)
        pos = data.find(b"PK\x01\x02", pos + 4)
    return bytes(data)


def traversal_zip() -> bytes:
    return zip_bytes({"../../../../tmp/overblik-pwned.shp": b"\0" * 100, "zones.shx": b"\0", "zones.dbf": b"\0"})


KML_XXE = b"""<?xml version="1.0"?>
<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&xxe;</name>
<Polygon><outerBoundaryIs><LinearRing><coordinates>12.558,55.672 12.562,55.672 12.562,55.674 12.558,55.672
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>"""

KML_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&lol3;</name></Placemark></kml>"""

METRIC_GEOJSON = json.dumps({"type": "FeatureCollection", "features": [{
    "type": "Feature", "properties": {"name": "UTM square"},
    "geometry": {"type": "Polygon", "coordinates": [[[724000, 6176000], [724400, 6176000], [724400, 6176300],
                                                     [724000, 6176300], [724000, 6176000]]]}}]}).encode()


def ics(summary_line: str, extra: str = "") -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
            "UID:hostile-1@test\r\nDTSTAMP:20250101T000000Z\r\n"
            "DTSTART;TZID=Europe/Copenhagen:20250605T200000\r\nDTEND;TZID=Europe/Copenhagen:20250605T230000\r\n"
            f"{summary_line}\r\n{extra}"
            "GEO:55.6732;12.5600\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()
