"""The zones to seed: nightlife, SUB, watch list, Distortion festival zones and EU security perimeters."""

from __future__ import annotations

from typing import Any

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from app.seed.build import places as P
from app.seed.build.common import ALL_DAYS, buffer_m, feature, layer, rounded

NIGHTLIFE_FROM, NIGHTLIFE_UNTIL = "2024-06-01", "2026-05-31"
NIGHT = [{"days": ALL_DAYS, "start": "00:00", "end": "05:00"}]
NEW_YEARS_EVE = [{"days": ALL_DAYS, "start": "00:00", "end": "05:00"},
                 {"days": ALL_DAYS, "start": "18:00", "end": "24:00"}]
SLUG = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "/": "-", " ": "-", "(": "", ")": "", ".": ""})


def slug(name: str) -> str:
    return "-".join(p for p in name.lower().translate(SLUG).split("-") if p)


def zone(key: str, name: str, kind: str, geom: BaseGeometry, *, source: str, notes: str,
         proxy: bool, valid_from: str | None = None, valid_until: str | None = None,
         hours: list[dict[str, Any]] | None = None, exceptions: dict[str, Any] | None = None,
         event_ref: str | None = None) -> dict[str, Any]:
    props = {
        "seed_key": key, "name": name, "kind": kind, "valid_from": valid_from,
        "valid_until": valid_until, "active_hours": hours or [],
        "active_hours_exceptions": exceptions or {}, "event_ref": event_ref,
        "source": source, "notes": notes, "proxy": proxy,
    }
    return {"type": "Feature", "geometry": rounded(geom), "properties": props}


def nightlife() -> list[dict[str, Any]]:
    out = []
    for feat in layer("nightlife_zones"):
        p = feat["properties"]
        out.append(zone(
            f"nightlife-{slug(p['name'])}", f"Nattelivszone {p['name']}", "nightlife",
            shape(feat["geometry"]), source=p["source"], proxy=True,
            valid_from=NIGHTLIFE_FROM, valid_until=NIGHTLIFE_UNTIL, hours=NIGHT,
            exceptions={"2024-12-31": NEW_YEARS_EVE, "2025-12-31": NEW_YEARS_EVE},
            notes=(f"Proxy geometry: {p['note']} Active daily 00:00–05:00 local. Designation period "
                   f"{NIGHTLIFE_FROM}–{NIGHTLIFE_UNTIL} is assumed (designated for up to two years, "
                   "current designation expires 31 May). New Year's Eve extended from 18:00 is a "
                   "planning assumption, not part of the designation."),
        ))
    return out


def housing() -> list[dict[str, Any]]:
    out = []
    for feat in layer("housing_areas"):
        p = feat["properties"]
        kind = p["kind"]
        label = "SUB-område" if kind == "sub" else "Overvågningsliste"
        out.append(zone(
            f"{kind}-{slug(p['name'])}", f"{label}: {p['name']}", kind, shape(feat["geometry"]),
            source=p["source"], proxy=True,
            notes=(f"Proxy geometry ({p['basis']}): {p['note']} Designation dates unknown, so none are "
                   "set; always active while designated."),
        ))
    return out


def distortion() -> list[dict[str, Any]]:
    hours = [{"days": ALL_DAYS, "start": "18:00", "end": "05:00"}]
    out = []
    for key, area, date, where in (
        ("norrebro", "Nørrebro", "2025-06-04", P.distortion_norrebro()),
        ("vesterbro", "Vesterbro", "2025-06-05", P.distortion_vesterbro()),
    ):
        out.append(zone(
            f"festival-distortion-{key}-2025", f"Distortion festivalzone {area}", "nightlife",
            where[0], source=where[1]["geometry_source"], proxy=True, valid_from=date,
            valid_until=date, hours=hours, event_ref=f"distortion-{key}-2025",
            notes=(f"Temporary nightlife zone for the Distortion street party in {area}: the evening "
                   "and night after the party, 18:00–05:00 (assumed). Same area as the event."),
        ))
    return out


PERIMETERS = (
    # (event seed_key, venue, radius m, first date, last date)
    ("eu-ministerial-2025-07", "Bella Center", 300, "2025-07-10", "2025-07-11"),
    ("eu-gymnich-2025", "Christiansborg/Slotsholmen", 250, "2025-08-29", "2025-08-30"),
    ("eu-ecofin-2025", "Bella Center", 300, "2025-09-19", "2025-09-20"),
    ("eu-council-2025", "Christiansborg/Slotsholmen", 250, "2025-10-01", "2025-10-01"),
    ("eu-epc-2025", "Bella Center", 300, "2025-10-02", "2025-10-02"),
    ("eu-ministerial-2025-12", "Christiansborg/Slotsholmen", 250, "2025-12-01", "2025-12-01"),
)


def perimeters() -> list[dict[str, Any]]:
    out = []
    for ref, venue, radius, first, last in PERIMETERS:
        src = feature("venues", venue)["properties"]["source"]
        out.append(zone(
            f"perimeter-{ref}", f"Sikkerhedsperimeter {venue} ({first})", "security_perimeter",
            buffer_m(shape(feature("venues", venue)["geometry"]), radius),
            source=f"{radius} m buffer (EPSG:25832) of venues.geojson#{venue}; venue from {src}",
            proxy=True, valid_from=first, valid_until=last, event_ref=ref,
            notes=(f"Security perimeter for a restricted EU-presidency meeting: {radius} m around the "
                   "venue, all day on the meeting dates (assumed). The real perimeter is set by the "
                   "operation order."),
        ))
    return out


def all_zones() -> list[dict[str, Any]]:
    return nightlife() + housing() + distortion() + perimeters()
