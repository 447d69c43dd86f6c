"""Subscribe links (webcal:// and https) for the web UI and the README."""

from __future__ import annotations

from dataclasses import dataclass

from app.reference import MUNICIPALITY_NAMES


@dataclass(frozen=True)
class SubscribeLink:
    code: str
    name: str  # e.g. "København"
    https: str
    webcal: str
    google: str  # "add by URL" in Google Calendar


def _webcal(url: str) -> str:
    return "webcal://" + url.split("://", 1)[1]


def feed_link(base_url: str, path: str) -> tuple[str, str]:
    """(https, webcal) for a feed path such as /feeds/kind/concert.ics."""
    url = base_url.rstrip("/") + path
    return url, _webcal(url)


def municipality_links(base_url: str) -> list[SubscribeLink]:
    """One link set per municipality in the district, in code order."""
    out = []
    for code, name in sorted(MUNICIPALITY_NAMES.items()):
        https, webcal = feed_link(base_url, f"/feeds/municipality/{code}.ics")
        google = "https://calendar.google.com/calendar/r?cid=" + webcal
        out.append(SubscribeLink(code, name, https, webcal, google))
    return out


def private_link(base_url: str, secret: str) -> str:
    return base_url.rstrip("/") + f"/feeds/private/{secret}.ics"


def readme_lines(base_url: str) -> list[str]:
    """Markdown lines for the README's 'Subscribe' section."""
    lines = [
        "| Kommune / Municipality | webcal (Outlook, Apple, Thunderbird) | https (Google: add by URL) |",
        "|---|---|---|",
    ]
    lines += [
        f"| {link.name} ({link.code}) | <{link.webcal}> | <{link.https}> |" for link in municipality_links(base_url)
    ]
    return lines
