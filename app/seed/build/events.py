"""The 2025 events of the Copenhagen Police district's cooperation plan, as seed Features.

The plan gives dates only; every hour below is our realistic assumption unless `hours_assumed` is false.
Dates the plan leaves open (Grøn koncert, Conference League, EU meetings) are assumed and say so.
"""

from __future__ import annotations

from typing import Any

from shapely.geometry.base import BaseGeometry

from app.seed.build import places as P
from app.seed.build.common import TZ_NAME, local, rounded

ASSUMED_HOURS = "The plan gives no hours; these are assumed from typical years."
EU_ORG = "Udenrigsministeriet (EU-formandskabet 2025)"
EU_NOTE = ("Danish EU Council presidency (July–December 2025). Restricted: date, venue and hours are "
           "planning assumptions; verify with PET/the ministry.")


def ev(key: str, title: str, kind: str, where: tuple[BaseGeometry, dict[str, Any]], *,
       start: str, end: str, organiser: str, attendance: int, officers: int,
       setup: str | None = None, teardown: str | None = None, rrule: str | None = None,
       buffer_m: float | None = None, status: str = "confirmed", classification: str = "public",
       hours_assumed: bool = True, notes: str = "") -> dict[str, Any]:
    """One event Feature; times are 'YYYY-MM-DD HH:MM' Copenhagen wall clock."""
    geom, provenance = where
    text = " ".join(x for x in (ASSUMED_HOURS if hours_assumed else "", notes) if x)
    props = {
        "seed_key": key, "title": title, "kind": kind, "status": status,
        "classification": classification, "organiser": organiser,
        "starts_at": local(start), "ends_at": local(end),
        "setup_starts_at": local(setup) if setup else None,
        "teardown_ends_at": local(teardown) if teardown else None,
        "timezone": TZ_NAME, "rrule": rrule, "exdates": [], "buffer_m": buffer_m,
        "attendance": attendance, "officers_required": officers,
        "hours_assumed": hours_assumed, "notes": text, **provenance,
    }
    return {"type": "Feature", "geometry": rounded(geom), "properties": props}


def spring() -> list[dict[str, Any]]:
    return [
        ev("first-may-2025", "1. maj i Fælledparken", "demonstration",
           P.from_layer("venues", "Fælledparken"), start="2025-05-01 09:00", end="2025-05-01 22:00",
           setup="2025-04-28 07:00", teardown="2025-05-02 18:00", buffer_m=25,
           organiser="Fagbevægelsen (FH Hovedstaden m.fl.)", attendance=100_000, officers=150,
           notes="Labour Day rallies, speeches and evening party; whole park used."),
        ev("cph-marathon-2025", "Copenhagen Marathon", "sport",
           P.from_layer("routes", "Copenhagen Marathon inner-city loop (schematic)"),
           start="2025-05-11 09:30", end="2025-05-11 15:30", setup="2025-05-11 05:00",
           teardown="2025-05-11 17:30", buffer_m=25, organiser="Sparta Atletik & Motion",
           attendance=150_000, officers=200,
           notes="Start 09:30 at Islands Brygge, 6-hour course limit. Attendance counts runners and "
                 "spectators. Route is schematic."),
    ]


def distortion() -> list[dict[str, Any]]:
    org = "Distortion ApS"
    return [
        ev("distortion-norrebro-2025", "Distortion: gadefest på Nørrebro", "festival",
           P.distortion_norrebro(), start="2025-06-04 14:00", end="2025-06-04 23:00",
           setup="2025-06-04 10:00", teardown="2025-06-05 06:00", organiser=org,
           attendance=100_000, officers=250,
           notes="Street party Wednesday; music stops 22:00, crowds disperse by about 23:00."),
        ev("distortion-vesterbro-2025", "Distortion: gadefest på Vesterbro", "festival",
           P.distortion_vesterbro(), start="2025-06-05 14:00", end="2025-06-06 02:00",
           setup="2025-06-05 10:00", teardown="2025-06-06 08:00", organiser=org,
           attendance=100_000, officers=250,
           notes="Street party Thursday (Grundlovsdag). Music stops 22:00, but crowds and bars in "
                 "Vesterbrogade and Kødbyen keep it going past midnight: it overlaps the nightlife "
                 "zones Vesterbrogade and Kødbyen 00:00–02:00."),
        ev("distortion-final-2025", "Distortion: Final Party", "festival",
           P.from_layer("venues", "Refshaleøen (Copenhell)"), start="2025-06-06 20:00",
           end="2025-06-07 05:00", rrule="FREQ=DAILY;COUNT=2", setup="2025-06-02 07:00",
           teardown="2025-06-08 20:00", organiser=org, attendance=25_000, officers=100,
           notes="Fenced final party Friday and Saturday night (ends Sunday 8 June 05:00). Location on "
                 "Refshaleøen assumed; fewer officers than the open street parties."),
    ]


def june() -> list[dict[str, Any]]:
    return [
        ev("royal-run-2025", "Royal Run", "sport",
           P.from_layer("routes", "Royal Run inner-city route (schematic)"),
           start="2025-06-09 10:00", end="2025-06-09 17:00", setup="2025-06-09 06:00",
           teardown="2025-06-09 19:00", buffer_m=25, organiser="DGI / Dansk Atletik Forbund",
           attendance=40_000, officers=120, notes="Whit Monday (2. pinsedag). Route is schematic."),
        ev("oresund-half-2025", "Øresundsbron Halvmarathon (Tårnby/Kastrup)", "sport",
           P.from_layer("venues", "Øresundsbroen/Øresundstunnelen landfall (Kastrup)"),
           start="2025-06-15 08:00", end="2025-06-15 13:00", setup="2025-06-15 05:00",
           teardown="2025-06-15 15:00", buffer_m=300, organiser="Øresundsbron / Sparta",
           attendance=25_000, officers=60,
           notes="Only the Danish side (Kastrup landfall) is the district's; a point with a 300 m "
                 "staging buffer, approximate."),
        ev("copenhell-2025", "Copenhell", "concert",
           P.from_layer("venues", "Refshaleøen (Copenhell)"), start="2025-06-18 12:00",
           end="2025-06-19 01:00", rrule="FREQ=DAILY;COUNT=4", setup="2025-06-09 07:00",
           teardown="2025-06-27 18:00", organiser="Live Nation Danmark", attendance=40_000,
           officers=60, notes="Wednesday to Saturday, gates 12:00, last band ends about 01:00."),
        ev("cph-sprint-2025", "Copenhagen Sprint", "sport", P.sprint_circuit(),
           start="2025-06-21 10:00", end="2025-06-21 17:00", rrule="FREQ=DAILY;COUNT=2",
           setup="2025-06-21 06:00", teardown="2025-06-22 19:00", buffer_m=20,
           organiser="Copenhagen Sprint / Danmarks Cykle Union", attendance=30_000, officers=80,
           notes="Saturday and Sunday; finishing circuit hand-placed."),
    ]


def summer() -> list[dict[str, Any]]:
    return [
        ev("gron-koncert-2025", "Grøn Koncert (København)", "concert", P.valbyparken(),
           start="2025-07-26 13:00", end="2025-07-26 23:30", setup="2025-07-24 07:00",
           teardown="2025-07-27 18:00", organiser="Muskelsvindfonden", attendance=30_000, officers=40,
           notes="The plan says only 'July': Saturday 26 July in Valbyparken is assumed."),
        ev("aiasound-2025", "Aiasound", "festival", P.clipped(P.from_layer("venues", "Amager Strandpark")),
           start="2025-08-01 12:00", end="2025-08-01 23:00", rrule="FREQ=DAILY;COUNT=3",
           setup="2025-07-28 07:00", teardown="2025-08-05 18:00", organiser="Aiasound",
           attendance=15_000, officers=50,
           notes="Friday to Sunday. Park polygon clipped to the district (part of the artificial island "
                 "lies outside DAGI 2014's coast); the fenced site is smaller."),
        ev("pride-square-2025", "Copenhagen Pride: Pride Square på Rådhuspladsen", "festival",
           P.from_layer("venues", "Rådhuspladsen"), start="2025-08-13 12:00", end="2025-08-13 23:00",
           rrule="FREQ=DAILY;COUNT=4", setup="2025-08-11 07:00", teardown="2025-08-17 18:00",
           organiser="Copenhagen Pride", attendance=20_000, officers=40,
           notes="Pride week runs 9–17 August; the square is assumed open Wednesday–Saturday."),
        ev("pride-parade-2025", "Copenhagen Pride Parade", "parade",
           P.from_layer("routes", "Copenhagen Pride parade (schematic)"),
           start="2025-08-16 13:00", end="2025-08-16 18:00", setup="2025-08-16 10:00",
           teardown="2025-08-16 20:00", buffer_m=25, organiser="Copenhagen Pride",
           attendance=300_000, officers=120,
           notes="Saturday; Frederiksberg Rådhus to Rådhuspladsen (schematic route)."),
        ev("ironman-2025", "Ironman Copenhagen", "sport", P.ironman_run(),
           start="2025-08-17 06:30", end="2025-08-17 23:30", setup="2025-08-16 06:00",
           teardown="2025-08-18 04:00", buffer_m=15, organiser="Ironman Denmark",
           attendance=50_000, officers=150,
           notes="Swim start at Amager Strandpark 07:00, course closes 23:30. Only the inner-city run "
                 "course is drawn (hand-placed); the bike course leaves the district."),
        ev("dhl-stafet-2025", "DHL Stafetten", "sport", P.from_layer("venues", "Fælledparken"),
           start="2025-08-25 16:00", end="2025-08-25 22:00", rrule="FREQ=DAILY;COUNT=5",
           setup="2025-08-20 07:00", teardown="2025-08-31 18:00", organiser="Sparta Atletik & Motion / DHL Express",
           attendance=30_000, officers=40, notes="Relay evenings Monday–Friday 25–29 August."),
        ev("ed-sheeran-2025", "Ed Sheeran: koncerter i Kastrup Strandpark", "concert",
           P.from_layer("venues", "Kastrup Strandpark"), start="2025-08-28 16:00",
           end="2025-08-28 23:30", rrule="FREQ=DAILY;COUNT=4", setup="2025-08-18 07:00",
           teardown="2025-09-05 18:00", organiser="Live Nation Danmark", attendance=50_000,
           officers=110, notes="Four evenings Thursday–Sunday 28–31 August; doors 16:00."),
    ]


def autumn() -> list[dict[str, Any]]:
    return [
        ev("flag-day-2025", "Flagdag for Danmarks udsendte", "parade", P.flag_day_parade(),
           start="2025-09-05 13:00", end="2025-09-05 17:00", setup="2025-09-05 09:00",
           teardown="2025-09-05 18:00", buffer_m=20, organiser="Forsvaret", attendance=5_000,
           officers=60, notes="Parade Kastellet → Christiansborg Slotsplads and ceremony (hand-placed)."),
        ev("cph-half-2025", "Copenhagen Half Marathon", "sport", P.half_marathon(),
           start="2025-09-14 09:30", end="2025-09-14 13:30", setup="2025-09-14 06:00",
           teardown="2025-09-14 15:30", buffer_m=25, organiser="Sparta Atletik & Motion",
           attendance=60_000, officers=150, notes="Route hand-placed, not the organiser's course."),
        ev("kulturnatten-2025", "Kulturnatten", "festival", P.kulturnatten(),
           start="2025-10-10 18:00", end="2025-10-11 00:00", organiser="Kulturnatten (Kulturnatsforeningen)",
           attendance=100_000, officers=100,
           notes="Friday; venues across the city, drawn as Indre By (proxy for the core area)."),
        ev("kv25-election-2025", "Kommunal- og regionsvalg 2025", "election", P.polling_point(),
           start="2025-11-18 08:00", end="2025-11-18 20:00", setup="2025-11-18 06:00",
           teardown="2025-11-19 01:00", buffer_m=50, organiser="Københavns Kommune",
           attendance=2_000, officers=40, hours_assumed=False,
           notes="Polling 08:00–20:00 is set by the election act; counting at the city hall until "
                 "about 01:00 is assumed. One point stands for the city's polling stations."),
    ]


def fck(date: str, kickoff: str, hours: tuple[str, str, str], teardown: str) -> dict[str, Any]:
    """A home match; `hours` = (setup, start, end) on `date`, `teardown` a full local time."""
    setup, start, end = (f"{date} {h}" for h in hours)
    return ev(f"fck-uecl-{date}", f"FC København – Conference League, hjemmekamp {date}", "match",
              P.from_layer("venues", "Parken (stadium)"), start=start, end=end, setup=setup,
              teardown=teardown, buffer_m=150,
              organiser="F.C. København / Parken Sport & Entertainment", attendance=35_000, officers=150,
              notes=f"Date and kick-off {kickoff} assumed (a UEFA Thursday of the 2025/26 league "
                    "phase); opponent unknown. Window = gates open to crowd dispersed.")


def matches() -> list[dict[str, Any]]:
    return [
        fck("2025-10-23", "18:45", ("14:00", "17:00", "21:00"), "2025-10-23 22:30"),
        fck("2025-11-27", "21:00", ("16:00", "19:15", "23:15"), "2025-11-28 00:45"),
        fck("2025-12-18", "21:00", ("16:00", "19:15", "23:15"), "2025-12-19 00:45"),
    ]


def eu(key: str, title: str, kind: str, venue: str, start: str, end: str, setup: str,
       teardown: str, officers: int, note: str) -> dict[str, Any]:
    return ev(key, title, kind, P.from_layer("venues", venue), start=start, end=end, setup=setup,
              teardown=teardown, organiser=EU_ORG, attendance=1_000, officers=officers,
              status="planned", classification="restricted", notes=f"{EU_NOTE} {note}")


def presidency() -> list[dict[str, Any]]:
    cb, bc = "Christiansborg/Slotsholmen", "Bella Center"
    return [
        eu("eu-ministerial-2025-07", "EU-formandskab: uformelt ministermøde (juli)", "meeting", bc,
           "2025-07-10 12:00", "2025-07-11 15:00", "2025-07-08 07:00", "2025-07-11 20:00", 200,
           "Ministers' dinner on the first evening."),
        eu("eu-gymnich-2025", "EU-formandskab: uformelt udenrigsministermøde (Gymnich)", "meeting", cb,
           "2025-08-29 16:00", "2025-08-30 15:00", "2025-08-28 07:00", "2025-08-30 19:00", 250,
           "Same week as DHL Stafetten and the Ed Sheeran concerts."),
        eu("eu-ecofin-2025", "EU-formandskab: uformelt ECOFIN", "meeting", bc,
           "2025-09-19 09:00", "2025-09-20 14:00", "2025-09-17 07:00", "2025-09-20 19:00", 200, ""),
        eu("eu-council-2025", "EU-formandskab: uformelt Det Europæiske Råd", "state_visit", cb,
           "2025-10-01 12:00", "2025-10-01 22:00", "2025-09-29 07:00", "2025-10-02 06:00", 600,
           "Heads of state and government; officers include reinforcements from other districts."),
        eu("eu-epc-2025", "EU-formandskab: Det Europæiske Politiske Fællesskab (EPC-topmøde)",
           "state_visit", bc, "2025-10-02 08:00", "2025-10-02 19:00", "2025-09-29 07:00",
           "2025-10-03 12:00", 900,
           "About 45 heads of state and government; officers include national reinforcements."),
        eu("eu-ministerial-2025-12", "EU-formandskab: uformelt ministermøde (december)", "meeting", cb,
           "2025-12-01 09:00", "2025-12-01 18:00", "2025-11-30 07:00", "2025-12-01 21:00", 200, ""),
    ]


def all_events() -> list[dict[str, Any]]:
    return spring() + distortion() + june() + summer() + autumn() + matches() + presidency()
