"""Event geometries: features of the copied layers, and hand-placed sketches where the data has none.

Hand-placed coordinates are WGS84 lon/lat read off general knowledge of Copenhagen; all are proxies.
"""

from __future__ import annotations

from typing import Any

from shapely.geometry.base import BaseGeometry

from app.seed.build.common import HAND, clip_to_district, feature, geom_of, line, point, polygon


def from_layer(layer_name: str, title: str) -> tuple[BaseGeometry, dict[str, Any]]:
    """A copied feature's geometry and the provenance properties an event carries for it."""
    props = feature(layer_name, title)["properties"]
    return geom_of(layer_name, title), {
        "geometry_source": f"{layer_name}.geojson#{title}",
        "proxy": bool(props.get("proxy", False)),
        "schematic": bool(props.get("schematic", False)),
    }


def clipped(where: tuple[BaseGeometry, dict[str, Any]]) -> tuple[BaseGeometry, dict[str, Any]]:
    """The part inside the police district (for venues that stick out past DAGI's generalised coast)."""
    geom, prov = where
    return clip_to_district(geom), {
        **prov, "geometry_source": f"{prov['geometry_source']} (clipped to the police district)",
        "proxy": True,
    }


def hand(geom: BaseGeometry, what: str) -> tuple[BaseGeometry, dict[str, Any]]:
    return geom, {"geometry_source": f"{HAND}: {what}", "proxy": True, "schematic": True}


def distortion_vesterbro() -> tuple[BaseGeometry, dict[str, Any]]:
    """Street-party area: Vesterbrogade (Vesterbros Torv–Halmtorvet), Istedgade, Halmtorvet, Kødbyen."""
    return hand(polygon(
        (12.5468, 55.6716), (12.5490, 55.6739), (12.5560, 55.6748), (12.5615, 55.6742),
        (12.5648, 55.6712), (12.5640, 55.6668), (12.5590, 55.6652), (12.5520, 55.6668),
        (12.5468, 55.6716),
    ), "Vesterbro street-party area (Vesterbrogade, Istedgade, Halmtorvet, Kødbyen)")


def distortion_norrebro() -> tuple[BaseGeometry, dict[str, Any]]:
    """Street-party area: Nørrebrogade (Dronning Louises Bro–Runddel), Blågårds Plads, Sankt Hans Torv."""
    return hand(polygon(
        (12.5555, 55.6848), (12.5628, 55.6852), (12.5640, 55.6880), (12.5622, 55.6915),
        (12.5535, 55.6935), (12.5480, 55.6942), (12.5468, 55.6928), (12.5520, 55.6880),
        (12.5555, 55.6848),
    ), "Nørrebro street-party area (Nørrebrogade, Blågårds Plads, Sankt Hans Torv)")


def sprint_circuit() -> tuple[BaseGeometry, dict[str, Any]]:
    return hand(line(
        (12.5798, 55.6763), (12.5840, 55.6778), (12.5857, 55.6802), (12.5905, 55.6845),
        (12.5935, 55.6885), (12.5885, 55.6890), (12.5860, 55.6848), (12.5830, 55.6828),
        (12.5857, 55.6802),
    ), "finishing circuit Christiansborg–Kongens Nytorv–Bredgade–Esplanaden–Store Kongensgade")


def valbyparken() -> tuple[BaseGeometry, dict[str, Any]]:
    return hand(polygon(
        (12.5135, 55.6430), (12.5200, 55.6428), (12.5210, 55.6462), (12.5145, 55.6468),
        (12.5135, 55.6430),
    ), "concert field in Valbyparken (approximate)")


def ironman_run() -> tuple[BaseGeometry, dict[str, Any]]:
    return hand(line(
        (12.5778, 55.6652), (12.5772, 55.6690), (12.5790, 55.6722), (12.5800, 55.6755),
        (12.5840, 55.6778), (12.5857, 55.6800), (12.5905, 55.6800), (12.5938, 55.6805),
    ), "run course Islands Brygge–Langebro–Christiansborg–Holmens Kanal–Nyhavn–Ofelia Plads")


def flag_day_parade() -> tuple[BaseGeometry, dict[str, Any]]:
    return hand(line(
        (12.5945, 55.6893), (12.5918, 55.6868), (12.5905, 55.6845), (12.5870, 55.6815),
        (12.5857, 55.6802), (12.5840, 55.6778), (12.5810, 55.6765), (12.5798, 55.6760),
    ), "parade Kastellet–Bredgade–Kongens Nytorv–Holmens Kanal–Christiansborg Slotsplads")


def half_marathon() -> tuple[BaseGeometry, dict[str, Any]]:
    return hand(line(
        (12.5720, 55.7000), (12.5780, 55.6985), (12.5860, 55.6930), (12.5905, 55.6885),
        (12.5905, 55.6845), (12.5857, 55.6802), (12.5805, 55.6765), (12.5700, 55.6757),
        (12.5640, 55.6790), (12.5590, 55.6800), (12.5640, 55.6860), (12.5560, 55.6900),
        (12.5490, 55.6937), (12.5600, 55.6990), (12.5720, 55.7000),
    ), "loop Fælledparken–Østerbrogade–Bredgade–Christiansborg–Rådhuspladsen–the Lakes–Nørrebrogade")


def polling_point() -> tuple[BaseGeometry, dict[str, Any]]:
    return hand(point(12.5697, 55.6754), "Københavns Rådhus (central polling station and count)")


def kulturnatten() -> tuple[BaseGeometry, dict[str, Any]]:
    geom, _ = from_layer("city_districts", "Indre By")
    return clip_to_district(geom), {
        "geometry_source": "city_districts.geojson#Indre By (clipped to the police district)",
        "proxy": True, "schematic": False,
    }
